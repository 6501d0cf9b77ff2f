import type { Rule } from './types';
import { wholeContextSource } from '../core/queries';
import { dockerignoreEdit, dockerignorePlan } from '../core/dockerignore';

// Any stage counts: a wholesale copy in a builder sends and hashes the same context.
export const rule: Rule = {
  meta: {
    id: 'missing-dockerignore',
    category: 'cache',
    defaultSeverity: 'warning',
    summary:
      'The context is copied wholesale (`COPY . .`) without a `.dockerignore` excluding `node_modules`, `.git` and `.env*`.',
    why: "Without a `.dockerignore`, `COPY . .` sends and copies everything: the host's `node_modules` (hundreds of MB, built for another OS), the whole `.git` history, and `.env` files with secrets, which then sit in a layer anyone with the image can read. Any change to those files also busts the layer cache. A `.dockerignore` listing them keeps builds small, fast and free of secrets.",
    examples: {
      bad: '# no .dockerignore next to the Dockerfile\nFROM node:20-slim\nCOPY . .\n',
      good: '# .dockerignore:\n#   node_modules\n#   .git\n#   .env*\nFROM node:20-slim\nCOPY . .\n',
    },
    fixable: true,
  },
  check({ model, workspace }) {
    if (!workspace) return [];
    const copyIns = model.instructions.find((i) => wholeContextSource(i));
    const copy = copyIns && wholeContextSource(copyIns);
    if (!copyIns || !copy) return [];
    const keyword = copyIns.keyword;
    const { matcher, missing, added, safe } = dockerignorePlan(model, workspace);
    if (matcher && missing.length === 0) return [];
    const present = missing.flatMap((e) => e.present);
    const what = present.length ? present.map((n) => `\`${n}\``).join(', ') : 'nothing yet';
    const message = matcher
      ? `.dockerignore does not exclude ${what}, so this ${keyword} sends and copies ${present.length > 1 ? 'them' : 'it'} into the image (size, cache busting${present.some((n) => n.startsWith('.env')) ? ', secrets' : ''}): add ${missing.map((e) => `\`${e.pattern}\``).join(', ')} to .dockerignore.`
      : present.length
        ? `There is no .dockerignore, so this ${keyword} sends and copies the whole folder — including ${what}: size, cache busting${present.some((n) => n.startsWith('.env')) ? ' and secrets in a layer' : ''}. Add a .dockerignore.`
        : `There is no .dockerignore, so this ${keyword} takes whatever the folder holds: the day it has node_modules, .git or a .env file, they go into the image (size, cache busting, secrets). Add a .dockerignore.`;
    const edit = dockerignoreEdit(workspace, added);
    return [
      {
        range: copy.range,
        message,
        fixes: [
          {
            title: `${matcher ? 'Add' : 'Create .dockerignore with'} ${added.join(', ')}${matcher ? ' to .dockerignore' : ''}`,
            safe,
            edits: [edit],
          },
        ],
      },
    ];
  },
};
