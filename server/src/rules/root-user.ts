import type { Rule } from './types';
import type { InstructionModel } from '../core/model';

// The final image runs as root unless a USER says otherwise; distroless `:nonroot` images set one.
export const rule: Rule = {
  meta: {
    id: 'root-user',
    category: 'safety',
    defaultSeverity: 'info',
    summary: 'The final stage runs as root.',
    why: 'A process running as root inside the container turns any code-execution bug into root on the container, and with a mounted socket or a kernel bug, on the host. Official images ship an unprivileged user (`node`, `nonroot`) for this.',
    examples: { bad: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n', good: 'FROM node:20-slim\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n' },
    fixable: true,
    hadolint: ['DL3002'],
  },
  check({ model, final }) {
    // Walk the FROM-stage chain: a USER in a parent stage carries over.
    let lastUser: InstructionModel | undefined;
    const chain: (typeof final)[] = [];
    for (let s: typeof final | undefined = final; s; s = s.baseStage !== undefined ? model.stages[s.baseStage] : undefined) {
      if (chain.includes(s)) break;
      chain.unshift(s);
    }
    for (const s of chain) for (const i of s.instructions) if (i.keyword === 'USER' && !i.onbuild) lastUser = i;
    const rootImage = chain[0].image.resolved ?? '';
    if (!lastUser && /:nonroot\b|-nonroot\b/.test(rootImage)) return [];
    if (lastUser) {
      const user = lastUser.args[0]?.value.split(':')[0];
      if (user !== 'root' && user !== '0') return [];
      return [{ range: lastUser.args[0].range, message: 'The image runs as root: switch to an unprivileged user (e.g. `USER node` on node images, `USER nonroot` on distroless).' }];
    }
    const user = /distroless/.test(rootImage) ? 'nonroot' : /^node:|\/node:/.test(rootImage) ? 'node' : undefined;
    const at = final.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    const insertLine = at ? at.range.start.line : final.range.end.line + 1;
    return [{
      range: final.image.range,
      message: `The final stage has no USER, so the app runs as root: add \`USER ${user ?? '<unprivileged user>'}\` before the start command.`,
      fixes: user
        ? [{ title: `Add \`USER ${user}\``, safe: false, edits: [{ range: { start: { line: insertLine, character: 0 }, end: { line: insertLine, character: 0 } }, newText: `USER ${user}\n` }] }]
        : undefined,
    }];
  },
};
