// Suppression comments: `# layerwise-ignore a,b` above an instruction, `# layerwise-ignore-file a`
// anywhere, and hadolint's `# hadolint ignore=DL3009` / `# hadolint global ignore=DL3009` pragmas.
import type { DockerfileModel } from './model';
import type { Finding } from './findings';

export interface Suppressions {
  /** Rule ids (or `*`) silenced for the whole file. */
  file: Set<string>;
  /** Rule ids silenced per instruction start line. */
  byLine: Map<number, Set<string>>;
  /**
   * For each line an instruction spans, the start line of the first instruction (in text order) spanning
   * it: a finding's owner in one look-up (a search per finding was quadratic on large files). Made only
   * when some instruction has suppressions.
   */
  ownerStart?: Map<number, number>;
}

const LAYERWISE = /^layerwise-ignore(-file)?(?:\s+([\w\s,-]+))?$/;
const HADOLINT = /^hadolint\s+(global\s+)?ignore=([\w,\s]+)$/i;

/** `hadolintMap` maps DL codes to Layerwise rule ids (from each rule's meta). */
export function readSuppressions(model: DockerfileModel, hadolintMap: ReadonlyMap<string, string[]>): Suppressions {
  const result: Suppressions = { file: new Set(), byLine: new Map() };
  if (model.comments.length === 0) return result;
  const starts = new Set(model.instructions.map((i) => i.range.start.line));
  const commentLines = new Set(model.comments.map((c) => c.line));
  for (const comment of model.comments) {
    const text = comment.text.trim();
    let ids: string[] | undefined;
    let wholeFile = false;
    const lw = LAYERWISE.exec(text);
    const hl = HADOLINT.exec(text);
    if (lw) {
      wholeFile = lw[1] !== undefined;
      ids = lw[2] ? splitIds(lw[2]) : ['*'];
    } else if (hl) {
      wholeFile = hl[1] !== undefined;
      ids = splitIds(hl[2]).flatMap((code) => hadolintMap.get(code.toUpperCase()) ?? []);
    }
    if (!ids || ids.length === 0) continue;
    if (wholeFile) {
      ids.forEach((id) => result.file.add(id));
      continue;
    }
    // The instruction this comment block sits above: skip further comment lines and blank lines.
    let line = comment.line + 1;
    while (commentLines.has(line) || (model.lines[line] !== undefined && model.lines[line].trim() === '')) line++;
    if (!starts.has(line)) continue;
    const set = result.byLine.get(line) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    result.byLine.set(line, set);
  }
  if (result.byLine.size > 0) {
    result.ownerStart = new Map();
    for (const { range } of model.instructions)
      for (let line = range.start.line; line <= range.end.line; line++)
        if (!result.ownerStart.has(line)) result.ownerStart.set(line, range.start.line);
  }
  return result;
}

export function isSuppressed(finding: Finding, s: Suppressions): boolean {
  if (s.file.has('*') || s.file.has(finding.rule)) return true;
  if (s.byLine.size === 0) return false; // most files: skip the search for the finding's instruction
  const line = s.ownerStart?.get(finding.range.start.line) ?? finding.range.start.line;
  const ids = s.byLine.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(finding.rule));
}

function splitIds(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Rule ids in `# layerwise-ignore` comments that name no rule (typos silence nothing), with the
 * closest known id when one is near.
 */
export function unknownSuppressionIds(
  model: DockerfileModel,
  known: ReadonlySet<string>,
): { id: string; line: number; suggestion?: string }[] {
  const out: { id: string; line: number; suggestion?: string }[] = [];
  for (const comment of model.comments) {
    const lw = LAYERWISE.exec(comment.text.trim());
    if (!lw?.[2]) continue;
    for (const id of splitIds(lw[2])) {
      if (known.has(id)) continue;
      const suggestion = [...known].find((k) => k.startsWith(id) || id.startsWith(k) || editDistance(k, id) <= 2);
      out.push({ id, line: comment.line, suggestion });
    }
  }
  return out;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
