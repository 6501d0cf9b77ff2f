// Realistic Dockerfiles of a requested length for the latency benchmark: global ARGs, several
// named stages (deps/build/test/runner), long `apt-get install` continuations, heredoc RUNs,
// `COPY --from`, ENV/LABEL/HEALTHCHECK, comments and suppressions, as real files mix them.
// Deterministic: the same length always gives the same text.

const PACKAGES = [
  'ca-certificates',
  'curl',
  'git',
  'build-essential',
  'python3',
  'libssl-dev',
  'pkg-config',
  'unzip',
  'jq',
  'tzdata',
  'openssh-client',
  'gnupg',
];
const BASES = [
  'node:20-bookworm',
  'node:20-slim',
  'python:3.11-slim',
  'golang:1.22',
  'debian:bookworm-slim',
  'ubuntu:22.04',
  'gcr.io/distroless/nodejs20-debian12',
];

/** One block of instructions for stage `i`; each block is a plausible stage on its own. */
function stageBlock(i: number): string[] {
  const name = `stage${i}`;
  const base = BASES[i % BASES.length];
  const lines = [
    `# ---- ${name}: ${i % 3 === 0 ? 'dependencies' : i % 3 === 1 ? 'build' : 'runtime'} ----`,
    `FROM --platform=$BUILDPLATFORM ${i % 4 === 3 ? `stage${i - 1}` : base} AS ${name}`,
    `ARG APP_VERSION=\${APP_VERSION:-1.${i}.0}`,
    `ENV NODE_ENV=production APP_HOME=/srv/app${i} PATH=/srv/app${i}/bin:$PATH`,
    'WORKDIR $APP_HOME',
    'RUN apt-get update \\',
    ...PACKAGES.slice(0, 4 + (i % 8)).map((p) => `    && apt-get install -y --no-install-recommends ${p} \\`),
    '    && rm -rf /var/lib/apt/lists/*',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
  ];
  if (i % 2 === 0) {
    lines.push('RUN <<EOF', 'set -eux', `echo "building ${name}"`, 'npm run build', 'npm prune --omit=dev', 'EOF');
  }
  if (i > 0) lines.push(`COPY --from=stage${i - 1} --chown=node:node /srv/app${i - 1}/dist ./dist`);
  lines.push(
    `LABEL org.opencontainers.image.title="${name}" org.opencontainers.image.version="$APP_VERSION"`,
    '# layerwise-ignore root-user',
    `HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:${3000 + i}/health || exit 1`,
    `EXPOSE ${3000 + i}`,
    'USER node',
    `CMD ["node", "dist/server${i}.js"]`,
    '',
  );
  return lines;
}

export function generateDockerfile(lineCount: number): string {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG BUILDPLATFORM=linux/amd64', 'ARG NODE_VERSION=20', ''];
  for (let i = 0; lines.length < lineCount; i++) lines.push(...stageBlock(i));
  return `${lines.slice(0, lineCount).join('\n')}\n`;
}
