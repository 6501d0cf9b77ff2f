// Hover on COPY/ADD from the build context: the bytes it sends (honouring .dockerignore) and the
// largest entries. Translation only: server/src/sizes/context.ts measures.
import * as path from 'node:path';
import type { HoverSection } from './hover';
import { filePathOf } from './analysisCache';
import { measureCopySources, type ContextMeasure } from '../core/context';
import { formatBytes } from '../core/format';
import { instructionAt } from '../core/queries';
import { fileSystemView } from '../core/workspace';

/** Context walks are reused briefly: moving the mouse over one COPY must not re-walk the folder. */
const CONTEXT_MEMO_MS = 10_000;
const contextMemo = new Map<string, { at: number; measure: ContextMeasure }>();

function measureSources(root: string, dockerignore: string | undefined, sources: string[]): ContextMeasure {
  const key = `${root}|${dockerignore ?? ''}|${sources.join('\0')}`;
  const hit = contextMemo.get(key);
  if (hit && Date.now() - hit.at < CONTEXT_MEMO_MS) return hit.measure;
  const measure = measureCopySources(fileSystemView(root), dockerignore, sources);
  contextMemo.set(key, { at: Date.now(), measure });
  return measure;
}

/** Hover section for COPY/ADD from the build context: the bytes sent and the largest entries. */
export const contextSizeHover: HoverSection = ({ doc, position, analysis }) => {
  const instruction = instructionAt(analysis.model, position.line);
  if (!instruction || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD')) return undefined;
  if (instruction.flags.some((f) => f.name === 'from') || instruction.heredocs.length > 0) return undefined;
  const sources = instruction.args.slice(0, -1);
  const onKeyword =
    position.line === instruction.keywordRange.start.line &&
    position.character <= instruction.keywordRange.end.character;
  const onSource = sources.some(
    (w) =>
      position.line === w.range.start.line &&
      position.character >= w.range.start.character &&
      position.character <= w.range.end.character,
  );
  if (!onKeyword && !onSource) return undefined;
  const local = sources.map((w) => w.value).filter((v) => !/^(https?:\/\/|git@)/.test(v));
  const file = filePathOf(doc.uri);
  if (!file || local.length === 0) return undefined;
  const root = path.dirname(file);
  const dockerignore = fileSystemView(root).readText('.dockerignore');
  const m = measureSources(root, dockerignore, local);
  const lines = [
    `**${instruction.keyword} sends ${m.truncated ? 'at least ' : ''}${formatBytes(m.bytes)} from the build context** (${m.files} files, ${dockerignore === undefined ? 'no `.dockerignore`' : 'honouring `.dockerignore`'})`,
  ];
  if (m.largest.length > 0)
    lines.push('', `Largest: ${m.largest.map((e) => `\`${e.path}\` ${formatBytes(e.bytes)}`).join(', ')}`);
  return lines.join('\n');
};
