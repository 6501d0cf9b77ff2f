import type { Rule } from './types';

// `FROM node` or `FROM node:latest` changes under you: rebuilds pick up a different (often bigger) image.
export const rule: Rule = {
  meta: {
    id: 'unpinned-base-image',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'Base image without a tag, or with `:latest`.',
    why: 'An unpinned base image changes between builds: sizes, tools and behaviour drift without any change to the Dockerfile, and cached layers are silently invalidated.',
    examples: { bad: 'FROM node\n', good: 'FROM node:20.11-slim\n' },
    fixable: false,
    hadolint: ['DL3006', 'DL3007'],
  },
  check({ model }) {
    return model.stages.flatMap((stage) => {
      const ref = stage.image.resolved;
      if (!ref || stage.scratch || stage.baseStage !== undefined || ref.includes('@')) return [];
      const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
      const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
      if (tag !== undefined && tag !== 'latest') return [];
      return [{
        range: stage.image.range,
        message: tag === 'latest'
          ? `\`${ref}\` follows whatever is newest: pin a version (e.g. \`${ref.replace(/:latest$/, ':<version>-slim')}\`) so the image and its size stay the same between builds.`
          : `\`${ref}\` has no tag, so it means \`:latest\`: pin a version so the image and its size stay the same between builds.`,
      }];
    });
  },
};
