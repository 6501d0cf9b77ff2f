// Dockerfile shapes for the split's "nothing lost" checker: single-stage files the way people write
// them (multi-line RUNs, shell-form starts, ARG/ENV/USER/WORKDIR orders, RUN mounts, COPY flags,
// ADD archives, HEALTHCHECK NONE, env-prefixed installs, .npmrc/.yarnrc.yml/patches, pm2, Go, Java,
// Python), each with the workspace files its planner reads. Every shape comes on two base tags.

export interface SplitShape {
  name: string;
  dockerfile: string;
  files: Record<string, string>;
}

const lock = '{"lockfileVersion":3,"packages":{}}';
const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'app',
    version: '1.0.0',
    scripts: { start: 'node server.js' },
    dependencies: { express: '^4.19.0' },
    ...extra,
  });
const NODE = { 'package.json': pkg(), 'package-lock.json': lock, 'server.js': "require('express')().listen(3000);\n" };
const TS = {
  'package.json': pkg({
    scripts: { build: 'tsc', start: 'node dist/index.js' },
    devDependencies: { typescript: '^5.4.0' },
  }),
  'package-lock.json': lock,
  'tsconfig.json': '{"compilerOptions":{"outDir":"dist","rootDir":"src"}}',
  'src/index.ts': "import express from 'express';\nexpress().listen(3000);\n",
};
const NEXT = {
  'package.json': JSON.stringify({
    name: 'web',
    scripts: { build: 'next build', start: 'next start' },
    dependencies: { next: '14.2.0', react: '18', 'react-dom': '18' },
  }),
  'package-lock.json': lock,
  'next.config.js': 'module.exports = {};\n',
  'app/page.js': 'export default function Page() { return null; }\n',
  'public/favicon.ico': '',
};
const GO = { 'go.mod': 'module example.com/whoami\n\ngo 1.22\n', 'main.go': 'package main\nfunc main() {}\n' };
const JAVA = { 'pom.xml': '<project><artifactId>app</artifactId></project>\n' };
const PY = { 'requirements.txt': 'flask==3.0.0\n', 'app.py': 'import flask\n' };

/** Node shapes on `{{NODE}}` (node:20 / node:20-bookworm-slim). */
const nodeShapes: { name: string; body: string; files?: Record<string, string> }[] = [
  {
    name: 'two-line unplaced RUN',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN echo building \\\n    && touch /app/.built\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'shell CMD plain',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD node server.js\n',
  },
  {
    name: 'shell CMD if/fi',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD if [ -f a.js ]; then node a.js; else node server.js; fi\n',
  },
  {
    name: 'shell CMD exec',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD exec node server.js\n',
  },
  {
    name: 'shell CMD env prefix',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD NODE_ENV=production node server.js\n',
  },
  {
    name: 'shell CMD variable',
    body: 'WORKDIR /app\nENV PORT=3000\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD node server.js --port $PORT\n',
  },
  {
    name: 'ENTRYPOINT node + CMD file',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nENTRYPOINT ["node"]\nCMD ["server.js"]\n',
  },
  {
    name: 'shell ENTRYPOINT',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nENTRYPOINT node server.js\n',
  },
  {
    name: 'if/fi install',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN if [ -f yarn.lock ]; then yarn; else npm ci; fi\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'HEALTHCHECK NONE',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nHEALTHCHECK NONE\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'HEALTHCHECK node shell form',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nHEALTHCHECK --interval=30s CMD node healthcheck.js\nCMD ["node", "server.js"]\n',
    files: { 'healthcheck.js': 'process.exit(0)\n' },
  },
  {
    name: 'ARG used by a RUN',
    body: 'ARG UID=1001\nRUN useradd -u $UID -m app\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nUSER app\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'RUN after USER node',
    body: 'WORKDIR /app\nCOPY --chown=node:node package*.json ./\nRUN npm ci\nCOPY --chown=node:node . .\nUSER node\nRUN mkdir -p /app/tmp\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'intermediate WORKDIRs',
    body: 'WORKDIR /srv\nRUN mkdir -p data\nWORKDIR /srv/app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'env-prefixed install',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN NODE_OPTIONS=--max-old-space-size=4096 npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'cache mount',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'secret mount',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'COPY flags',
    body: 'WORKDIR /app\nCOPY --link package*.json ./\nRUN npm ci\nCOPY --link --chmod=644 --exclude=*.md . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: '.npmrc before install',
    body: 'WORKDIR /app\nCOPY package*.json .npmrc ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    files: { '.npmrc': 'engine-strict=true\n' },
  },
  {
    name: 'patches before install',
    body: 'WORKDIR /app\nCOPY package*.json ./\nCOPY patches ./patches\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    files: {
      'package.json': pkg({ scripts: { start: 'node server.js', postinstall: 'patch-package' } }),
      'patches/express+4.19.0.patch': '',
    },
  },
  {
    name: 'yarn berry .yarnrc.yml',
    body: 'WORKDIR /app\nCOPY package.json yarn.lock .yarnrc.yml ./\nCOPY .yarn ./.yarn\nRUN corepack enable && yarn install --immutable\nCOPY . .\nCMD ["node", "server.js"]\n',
    files: {
      'package.json': pkg({ packageManager: 'yarn@4.1.0' }),
      'package-lock.json': undefined as unknown as string,
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
      '.yarn/releases/yarn-4.1.0.cjs': '',
    },
  },
  {
    name: 'pm2 runtime',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm i -g pm2\nCOPY . .\nCMD ["pm2-runtime", "server.js"]\n',
  },
  {
    name: 'ADD archive',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nADD assets.tar.gz /app/assets/\nCMD ["node", "server.js"]\n',
    files: { 'assets.tar.gz': '' },
  },
  {
    name: 'custom user chown',
    body: 'RUN groupadd -r app && useradd -r -g app app\nWORKDIR /app\nCOPY --chown=app:app package*.json ./\nRUN npm ci\nCOPY --chown=app:app . .\nUSER app\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'USER 1000',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nUSER 1000\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'USER nobody',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nUSER nobody\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'exec-form RUN install',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN ["npm", "ci"]\nCOPY . .\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'ENV before ARG, ARG in RUN',
    body: 'ENV NODE_ENV=production\nARG NPM_TAG=latest\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && echo $NPM_TAG > /app/.tag\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
  },
  {
    name: 'TypeScript build',
    body: 'WORKDIR /app\nCOPY package*.json tsconfig.json ./\nRUN npm ci\nCOPY src ./src\nRUN npm run build\nENV NODE_ENV=production\nCMD ["node", "dist/index.js"]\n',
    files: TS,
  },
  {
    name: 'legacy ENV, LABEL, STOPSIGNAL',
    body: 'LABEL org.opencontainers.image.title=app\nENV PORT 3000\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --no-audit\nCOPY . .\nSTOPSIGNAL SIGTERM\nEXPOSE $PORT\nCMD ["npm", "start"]\n',
  },
  {
    name: 'cleanup-only RUNs and .npmrc in a whole-context copy',
    body: 'WORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm cache clean --force\nCMD ["node", "server.js"]\n',
    files: { '.npmrc': 'engine-strict=true\n' },
  },
  {
    name: 'Next.js with USER, ARG and a shell CMD',
    body: 'ARG NEXT_PUBLIC_API=https://api.example.com\nWORKDIR /app\nCOPY package*.json .npmrc ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\nRUN npm run build\nUSER node\nHEALTHCHECK NONE\nCMD npm start -- --port $PORT\n',
    files: { ...NEXT, '.npmrc': 'engine-strict=true\n' },
  },
  {
    name: 'Next.js ENTRYPOINT node',
    body: 'WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nUSER 1000\nENTRYPOINT ["node"]\nCMD ["node_modules/.bin/next", "start"]\n',
    files: NEXT,
  },
  {
    name: 'apt packages multi-line',
    body: 'RUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\nCMD ["node", "server.js"]\n',
  },
];

const goShapes: { name: string; body: string }[] = [
  {
    name: 'Go ARG VERSION',
    body: 'ARG VERSION=dev\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN go build -ldflags "-X main.version=$VERSION" -o /bin/whoami .\nENV APP_VERSION=$VERSION\nEXPOSE 80\nCMD ["/bin/whoami"]\n',
  },
  {
    name: 'Go shell CMD and HEALTHCHECK',
    body: 'WORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nHEALTHCHECK CMD /usr/local/bin/app -health\nCMD /usr/local/bin/app -port 8080\n',
  },
  {
    name: 'Go HEALTHCHECK NONE, USER 1000',
    body: 'WORKDIR /src\nCOPY . .\nRUN go build -o /app/server .\nHEALTHCHECK NONE\nUSER 1000\nENTRYPOINT ["/app/server"]\n',
  },
];

const javaShapes: { name: string; body: string }[] = [
  {
    name: 'Java JAVA_OPTS shell ENTRYPOINT',
    body: 'ENV JAVA_OPTS="-Xmx256m -Dfile.encoding=UTF-8"\nWORKDIR /app\nCOPY pom.xml .\nCOPY src ./src\nRUN mvn -B package -DskipTests\nENTRYPOINT java $JAVA_OPTS -jar target/app.jar\n',
  },
  {
    name: 'Java CMD args after ENTRYPOINT',
    body: 'WORKDIR /app\nCOPY . .\nRUN mvn -B package\nENTRYPOINT ["java", "-jar", "/app/target/app.jar"]\nCMD ["--spring.profiles.active=prod"]\n',
  },
];

const pythonShapes: { name: string; body: string }[] = [
  {
    name: 'Python chown and USER',
    body: 'RUN useradd -m app\nWORKDIR /app\nCOPY --chown=app:app requirements.txt .\nRUN pip install -r requirements.txt\nCOPY --chown=app:app . .\nUSER app\nCMD ["python", "app.py"]\n',
  },
  {
    name: 'Python multi-line RUN',
    body: 'RUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends git; \\\n    rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD python app.py\n',
  },
];

export function splitShapes(): SplitShape[] {
  const out: SplitShape[] = [];
  const withFiles = (base: Record<string, string>, extra: Record<string, string> = {}) => {
    const files: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete files[k];
      else files[k] = v;
    }
    return files;
  };
  for (const image of ['node:20', 'node:20-bookworm-slim'])
    for (const s of nodeShapes)
      out.push({
        name: `${s.name} (${image})`,
        dockerfile: `FROM ${image}\n${s.body}`,
        files: withFiles(NODE, s.files),
      });
  for (const image of ['golang:1.22', 'golang:1.22-alpine'])
    for (const s of goShapes)
      out.push({ name: `${s.name} (${image})`, dockerfile: `FROM ${image}\n${s.body}`, files: GO });
  for (const image of ['maven:3.9-eclipse-temurin-21', 'maven:3.9-eclipse-temurin-17'])
    for (const s of javaShapes)
      out.push({ name: `${s.name} (${image})`, dockerfile: `FROM ${image}\n${s.body}`, files: JAVA });
  for (const image of ['python:3.12', 'python:3.12-slim'])
    for (const s of pythonShapes)
      out.push({ name: `${s.name} (${image})`, dockerfile: `FROM ${image}\n${s.body}`, files: PY });
  return out;
}

/** A workspace for a corpus file that has none of its own, by what its base image is. */
export function workspaceForImage(image: string): Record<string, string> {
  if (/golang/.test(image)) return GO;
  if (/maven|gradle|temurin|openjdk|corretto/.test(image)) return JAVA;
  if (/python/.test(image)) return PY;
  return NODE;
}

/** Multi-stage files whose final stage ships the builder: "replace the runner" shapes. */
export function replaceShapes(): SplitShape[] {
  const ITERATION_3 = (image: string) =>
    `FROM ${image} AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n\nFROM ${image} AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM ${image} AS runner\nWORKDIR /app\nENV NODE_ENV=production\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\nCOPY package.json ./\nUSER node\nEXPOSE 3000\nCMD ["node", "dist/index.js"]\n`;
  const FROM_BUILDER = (image: string) =>
    `# syntax=docker/dockerfile:1.4\nFROM ${image} AS development\nARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\nWORKDIR /code\nARG PORT=80\nENV PORT $PORT\nEXPOSE $PORT 9229 9230\nCOPY package.json /code/package.json\nCOPY package-lock.json /code/package-lock.json\nRUN npm ci\nHEALTHCHECK --interval=30s \\\n  CMD node healthcheck.js\nCOPY . /code\nCMD [ "node", "server.js" ]\n\nFROM development AS production\nENV NODE_ENV=production\nUSER node\n`;
  const FRONTEND = (image: string) =>
    `FROM ${image} AS frontend\nWORKDIR /web\nCOPY web/ ./\nRUN echo built > index.html\n\nFROM ${image} AS app\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCOPY --from=frontend /web/index.html ./public/index.html\nCMD ["npm", "start"]\n`;
  const SLIM_RUN = (image: string) =>
    `FROM ${image} AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM ${image}\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\nRUN mkdir -p /app/data && chown node /app/data\nUSER node\nCMD node dist/index.js\n`;
  const out: SplitShape[] = [];
  for (const image of ['node:20', 'node:20-slim', 'node:20-alpine']) {
    out.push({ name: `iteration 3 (${image})`, dockerfile: ITERATION_3(image), files: TS });
    out.push({
      name: `FROM builder (${image})`,
      dockerfile: FROM_BUILDER(image),
      files: { ...NODE, 'healthcheck.js': '' },
    });
    out.push({
      name: `frontend stage kept (${image})`,
      dockerfile: FRONTEND(image),
      files: { ...NODE, 'web/a.txt': '' },
    });
    out.push({ name: `slim runner with a RUN (${image})`, dockerfile: SLIM_RUN(image), files: TS });
  }
  return out;
}
