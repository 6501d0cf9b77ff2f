// A line diff of two texts (longest common subsequence), for showing a rewrite such as the split
// next to the file it replaces. Dockerfiles are short; past a size limit the diff is "all removed,
// all added" rather than slow.

export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
  /** 0-based line in the old text (same, removed) or the new one (added). */
  line: number;
}

const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The lines of `before` and `after` in order, each marked same, removed or added. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length * b.length > MAX_CELLS)
    return [
      ...a.map((text, line): DiffLine => ({ kind: 'removed', text, line })),
      ...b.map((text, line): DiffLine => ({ kind: 'added', text, line })),
    ];
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], line: i });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      out.push({ kind: 'removed', text: a[i], line: i });
      i++;
    } else {
      out.push({ kind: 'added', text: b[j], line: j });
      j++;
    }
  }
  for (; i < a.length; i++) out.push({ kind: 'removed', text: a[i], line: i });
  for (; j < b.length; j++) out.push({ kind: 'added', text: b[j], line: j });
  return out;
}
