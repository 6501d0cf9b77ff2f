// Step 3 of the split: the plan as Dockerfile text. The only place that knows syntax.
import type { PlanNode, PlanStage, SplitPlan } from './plan';
import { append } from '../../core/collections';

const WARNING_PREFIX = 'layerwise split: ';

/** One `#` line per line of the text: a note quoting a multi-line RUN stays a comment throughout. */
function comment(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '#' : `# ${line}`))
    .join('\n');
}

function needsJson(words: string[]): boolean {
  return words.some((w) => /\s/.test(w) || w === '');
}

function execForm(args: string[]): string {
  return `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;
}

function printNode(node: PlanNode, escapeChar: string): string[] {
  const lines = (node.comments ?? []).map(comment);
  switch (node.kind) {
    case 'workdir':
      lines.push(`WORKDIR ${node.path}`);
      break;
    case 'copy': {
      const flags = [
        node.from ? `--from=${node.from}` : '',
        node.chown ? `--chown=${node.chown}` : '',
        ...(node.flags ?? []),
      ].filter(Boolean);
      const paths = [...node.sources, node.dest];
      lines.push([node.keyword ?? 'COPY', ...flags, needsJson(paths) ? execForm(paths) : paths.join(' ')].join(' '));
      break;
    }
    case 'run':
      lines.push(
        `RUN ${(node.flags ?? []).map((f) => `${f} `).join('')}${node.commands.join(` ${escapeChar}\n    && `)}`,
      );
      break;
    case 'user':
      lines.push(`USER ${node.user}`);
      break;
    case 'exec':
      lines.push(`${node.keyword} ${execForm(node.args)}`);
      break;
    case 'healthcheck':
      lines.push(['HEALTHCHECK', ...node.options, 'CMD', execForm(node.args)].join(' '));
      break;
    case 'env':
      lines.push(`ENV ${node.pairs.map(([k, v]) => `${k}=${/[\s"'$]/.test(v) ? JSON.stringify(v) : v}`).join(' ')}`);
      break;
    case 'verbatim':
      lines.push(node.text);
      break;
  }
  return lines;
}

function printStage(stage: PlanStage, escapeChar: string): string[] {
  const lines = stage.purpose ? [comment(`${stage.name}: ${stage.purpose}`)] : [];
  lines.push(`FROM ${stage.image} AS ${stage.name}`);
  for (const node of stage.nodes) append(lines, printNode(node, escapeChar));
  return lines.flatMap((l) => l.split(/\r?\n/));
}

export function printPlan(plan: SplitPlan, escapeChar = '\\', eol = '\n'): string {
  const blocks: string[][] = [];
  if (plan.header.length) blocks.push(plan.header);
  if (plan.warnings.length) blocks.push(plan.warnings.flatMap((w) => comment(WARNING_PREFIX + w).split('\n')));
  for (const stage of plan.kept ?? []) blocks.push(stage.split(/\r?\n/));
  for (const stage of plan.stages) blocks.push(printStage(stage, escapeChar));
  if (plan.footer.length) blocks.push(plan.footer.flatMap((c) => comment(c).split('\n')));
  return blocks.map((b) => b.join(eol)).join(eol + eol) + eol;
}
