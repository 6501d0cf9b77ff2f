import type { Rule } from './types';
import type { DockerfileModel, StageModel } from '../core/model';
import type { Fix } from '../core/findings';
import { chainInstructions, rootImageStage, shelllessBase } from '../core/queries';
import { resolveFamily } from '../sizes/family';
import { imageTraits } from '../sizes/catalogue';

// The final image runs as root unless a USER says otherwise; distroless `:nonroot` images set one.
export const rule: Rule = {
  meta: {
    id: 'root-user',
    category: 'safety',
    defaultSeverity: 'info',
    summary: 'The final stage runs as root.',
    why: 'A process running as root inside the container turns any code-execution bug into root on the container, and with a mounted socket or a kernel bug, on the host. Official images ship an unprivileged user (`node`, `nonroot`) for this.',
    examples: {
      bad: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n',
      good: 'FROM node:20-slim\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    },
    fixable: true,
    hadolint: ['DL3002'],
    hadolintDifferences: {
      DL3002:
        'only the shipped stage (and the stages it is built FROM) is judged, so a builder that ends as `USER root` is not reported; and a shipped stage with no USER at all is reported, since it runs as root just the same.',
    },
  },
  check({ model, final }) {
    // A USER in a parent stage (FROM <stage>) carries over; ONBUILD triggers run in other builds.
    const lastUser = chainInstructions(model, final)
      .filter((i) => i.keyword === 'USER')
      .pop();
    const rootImage = rootImageStage(model, final).image.resolved ?? '';
    const user = knownUser(model, final);
    if (lastUser) {
      const name = lastUser.args[0]?.value.split(':')[0];
      if (name !== 'root' && name !== '0' && name?.toLowerCase() !== 'containeradministrator') return [];
      return [
        {
          range: lastUser.args[0].range,
          message: `The image runs as root: switch to an unprivileged user (${user ? `\`USER ${user}\` on this image` : 'e.g. `USER node` on node images, `USER nonroot` on distroless'}).`,
        },
      ];
    }
    // distroless :nonroot images and Windows Nano Server default to an unprivileged user.
    if (/[:-]nonroot\b/.test(rootImage) || /nanoserver/i.test(rootImage)) return [];
    const nginx = resolveFamily(rootImage)?.family === 'nginx';
    const create = user || nginx ? undefined : createUser(model, final);
    const hint = user
      ? ''
      : nginx
        ? ' (nginx needs root to bind port 80: `nginxinc/nginx-unprivileged` runs as `nginx` on 8080)'
        : ` (create one${create?.run ? ` with \`${create.run}\`` : ''} if the image has none)`;
    return [
      {
        range: final.image.range,
        message: `The final stage has no USER, so the app runs as ${WINDOWS.test(rootImage) ? 'ContainerAdministrator' : 'root'}: add \`USER ${user ?? create?.user ?? '<unprivileged user>'}\` before the start command${hint}.`,
        fixes: user ? [addUserFix(final, user)] : create ? [addUserFix(final, create.user, create.run)] : undefined,
      },
    ];
  },
};

const WINDOWS = /windowsservercore|mcr\.microsoft\.com\/windows\//i;

/**
 * For images without a ready user: how to make one. Debian/Ubuntu-based official images have
 * `useradd`, alpine ones busybox `adduser`; scratch has no passwd file, so a numeric id is the user.
 */
function createUser(model: DockerfileModel, final: StageModel): { user: string; run?: string } | undefined {
  const root = rootImageStage(model, final);
  if (root.scratch) return { user: '65534:65534' };
  const family = resolveFamily(root.image.resolved ?? '');
  if (!family || ['distroless', 'scratch', 'dotnet'].includes(family.family)) return undefined;
  if (imageTraits(family)?.packageManager === 'apk')
    return { user: 'app', run: 'addgroup -S app && adduser -S -G app app' };
  return { user: 'app', run: 'useradd --system --user-group app' };
}

/** The unprivileged user the base image ships: `nonroot` on distroless, `node` on node images, `ContainerUser` on Windows. */
function knownUser(model: DockerfileModel, final: StageModel): string | undefined {
  if (WINDOWS.test(rootImageStage(model, final).image.resolved ?? '')) return 'ContainerUser';
  const shellless = shelllessBase(model, final);
  if (shellless === 'distroless' || shellless === 'distroless-debug') return 'nonroot';
  const family = resolveFamily(rootImageStage(model, final).image.resolved ?? '');
  return family?.family === 'node' && family.variant !== 'distroless' ? 'node' : undefined;
}

// Not safe: files the app writes at run time (WORKDIR, caches) may be root-owned.
function addUserFix(final: StageModel, user: string, run?: string): Fix {
  // After the last step that builds the filesystem, so RUN/COPY keep running as root; before the start command.
  const own = final.instructions.filter((i) => !i.onbuild);
  const lastBuildStep = own.map((i) => ['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(i.keyword)).lastIndexOf(true);
  const start = own.find((i, n) => n > lastBuildStep && ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.keyword));
  // Before the start command, else right after the stage's last instruction (works without a final newline).
  const edit = start
    ? {
        range: {
          start: { line: start.range.start.line, character: 0 },
          end: { line: start.range.start.line, character: 0 },
        },
        newText: `${run ? `RUN ${run}\n` : ''}USER ${user}\n`,
      }
    : {
        range: { start: final.range.end, end: final.range.end },
        newText: `${run ? `\nRUN ${run}` : ''}\nUSER ${user}`,
      };
  return {
    title: run ? `Create user \`${user}\` and switch to it` : `Add \`USER ${user}\``,
    safe: false,
    edits: [edit],
  };
}
