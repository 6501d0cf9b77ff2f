import type { Rule } from './types';
import { wholeContextSource } from '../core/queries';
import { contextSizeOf } from '../core/context';
import { formatBytes } from '../core/format';

// The context is sent once per build whatever the stage; with BuildKit only what COPY/ADD name is
// transferred, so the rule looks at builds that copy the whole context.
export const rule: Rule = {
  meta: {
    id: 'context-too-large',
    category: 'cache',
    defaultSeverity: 'warning',
    summary: 'The build context copied into the image is larger than the configured limit (default 200 MB).',
    why: "Before the first step runs, the client sends the build context to the builder, and `COPY . .` hashes all of it on every build; a context holding `node_modules`, `.git`, datasets or build output makes every build slow and every cache check expensive, and whatever is sent can end up in the image. Exclude what the image does not need in `.dockerignore` (measured with Docker's own matching rules). The limit is `contextSizeLimitMB` in `.layerwise.json`, in decimal megabytes (1 MB = 1 000 000 bytes) like every size Layerwise and Docker print. Counted as Docker sends it: a symbolic link is sent as a link (a few bytes), never as the file it points to.",
    examples: {
      bad: '# context: 1.2 GB, mostly node_modules/ and .git/, no .dockerignore\nFROM node:20-slim\nCOPY . .\n',
      good: '# .dockerignore: node_modules, .git, dist\nFROM node:20-slim\nCOPY . .\n',
    },
    fixable: false,
  },
  check({ model, workspace, config }) {
    if (!workspace) return [];
    const copyIns = model.instructions.find((i) => wholeContextSource(i));
    const copy = copyIns && wholeContextSource(copyIns);
    if (!copyIns || !copy) return [];
    const limit = config.contextSizeLimitBytes;
    const sent = contextSizeOf(workspace, limit);
    if (sent.bytes <= limit) return [];
    const biggest = sent.largest.map((e) => `${e.path} ${formatBytes(e.bytes)}`).join(', ');
    return [
      {
        range: copy.range,
        message: `The build context sends ${sent.truncated ? 'more than ' : ''}${formatBytes(sent.bytes)} (limit ${formatBytes(limit)}) on every build, and this ${copyIns.keyword} takes all of it${biggest ? ` — largest: ${biggest}` : ''}: exclude what the image does not need in .dockerignore.`,
      },
    ];
  },
};
