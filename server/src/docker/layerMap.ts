// Maps an image's history (`/images/{id}/history` CreatedBy, oldest first) back to the
// Dockerfile lines that made each entry. Understands the classic builder's forms
// (`/bin/sh -c #(nop)  ENV A=b`, `|1 V=1 /bin/sh -c make`, `COPY file:<hash> in /app`) and
// BuildKit's (`RUN /bin/sh -c make # buildkit`). Entries older than the first match are the base image.
import type { DockerfileModel, InstructionModel } from '../core/model';
import { chainInstructions, finalStage, rootImageStage } from '../core/queries';

export interface ParsedCreatedBy {
  /** Upper-case keyword, RUN for shell commands, '' when unknown (e.g. an imported base layer). */
  keyword: string;
  /** The rest, whitespace collapsed. */
  text: string;
}

export interface MappedHistoryEntry {
  /** Index in the oldest-first history. */
  index: number;
  createdBy: string;
  /** For display: the Dockerfile instruction when mapped, else the builder's record, e.g. `RUN npm ci`. */
  instruction: string;
  size: number;
  /** 0-based Dockerfile line range of the instruction that made it, when known. */
  line?: number;
  endLine?: number;
  stageIndex?: number;
  /** True for entries that came with the base image. */
  fromBase: boolean;
}

export interface HistoryInput {
  createdBy: string;
  size: number;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

export function parseCreatedBy(createdBy: string): ParsedCreatedBy {
  let s = createdBy.trim().replace(/\s*# buildkit$/, '');
  // BuildKit: `RUN /bin/sh -c ...` or `RUN |1 V=1 /bin/sh -c ...`.
  const buildkitRun = /^RUN\s+(.*)$/s.exec(s);
  if (buildkitRun) s = buildkitRun[1];
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(s);
  if (nop) {
    const m = /^(\S+)\s*(.*)$/s.exec(nop[1]) ?? ['', '', ''];
    return { keyword: m[1].toUpperCase(), text: collapse(m[2]) };
  }
  const withArgs = /^\|\d+\s.*?(?:\/bin\/sh -c|cmd \/S \/C)\s(.*)$/s.exec(s);
  if (withArgs) return { keyword: 'RUN', text: collapse(withArgs[1]) };
  const shell = /^(?:\/bin\/sh -c|\/bin\/bash -c|cmd \/S \/C)\s(.*)$/s.exec(s);
  if (shell) return { keyword: 'RUN', text: collapse(shell[1]) };
  if (buildkitRun) return { keyword: 'RUN', text: collapse(s) };
  const bare = /^([A-Z]+)\b\s*(.*)$/s.exec(s);
  if (bare && KEYWORDS.has(bare[1])) return { keyword: bare[1], text: collapse(bare[2]) };
  return { keyword: '', text: collapse(s) };
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Instruction text as a builder would record it: continuations joined, flags kept, whitespace collapsed. */
function instructionText(ins: InstructionModel): string {
  return collapse(ins.argsText.replace(/\\\r?\n/g, ' '));
}

/** The instruction exactly as written (flags included), continuation lines joined. */
function writtenText(model: DockerfileModel, ins: InstructionModel): string {
  const lines = model.lines.slice(ins.range.start.line, ins.range.end.line + 1);
  const lineEscape = model.escapeChar === '`' ? '`' : '\\';
  return collapse(lines.map((l) => (l.trimEnd().endsWith(lineEscape) ? l.trimEnd().slice(0, -1) : l)).join(' '));
}

/** 0 = cannot be the same step; 2 = same keyword; 3 = same keyword and same detail. */
export function matchScore(entry: ParsedCreatedBy, ins: InstructionModel): number {
  if (entry.keyword !== ins.keyword) return 0;
  const text = instructionText(ins);
  if (ins.keyword === 'RUN') {
    const command = ins.execForm ? ins.args.map((a) => a.value).join(' ') : text.replace(/^(--\S+\s+)+/, '');
    const a = entry.text.replace(/"/g, '');
    const b = collapse(command).replace(/"/g, '');
    return a === b || a.endsWith(b) ? 3 : 2;
  }
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    // Classic: `COPY file:<hash> in /dest`; BuildKit: the instruction as written.
    const dest = ins.args[ins.args.length - 1]?.value ?? '';
    const classic = / in (\S+)\s*$/.exec(entry.text)?.[1];
    if (classic !== undefined)
      return classic === dest || classic.replace(/\/$/, '') === dest.replace(/\/$/, '') ? 3 : 2;
    return entry.text === text ? 3 : 2;
  }
  const norm = (s: string) => s.replace(/["\s]/g, '');
  return norm(entry.text) === norm(text) ? 3 : 2;
}

/**
 * Aligns history (oldest first) with the instructions of the target stage's FROM chain.
 * A best-score alignment (an LCS with weights), so a missing or extra entry does not shift the rest.
 */
export function mapHistoryToDockerfile(
  history: HistoryInput[],
  model: DockerfileModel | undefined,
  target?: string,
): MappedHistoryEntry[] {
  const parsed = history.map((h) => parseCreatedBy(h.createdBy));
  const rows: MappedHistoryEntry[] = history.map((h, index) => ({
    index,
    createdBy: h.createdBy,
    instruction: parsed[index].keyword
      ? `${parsed[index].keyword} ${parsed[index].text}`.trim()
      : parsed[index].text || '(imported layer)',
    size: h.size,
    fromBase: true,
  }));
  const stage = model ? finalStage(model, target) : undefined;
  if (!model || !stage) return rows;
  const expected = chainInstructions(model, stage);
  const n = history.length;
  const m = expected.length;
  // score[i][j]: best alignment of history[i..] with expected[j..].
  const score: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = matchScore(parsed[i], expected[j]);
      // Tiny bonus for later history entries: ties go to the newest layers, not the base image's.
      const pair = s > 0 ? s + i / (n * 1000) + score[i + 1][j + 1] : 0;
      score[i][j] = Math.max(pair, score[i + 1][j], score[i][j + 1]);
    }
  }
  let firstMatched = n;
  for (let i = 0, j = 0; i < n && j < m; ) {
    const s = matchScore(parsed[i], expected[j]);
    if (s > 0 && score[i][j] === s + i / (n * 1000) + score[i + 1][j + 1]) {
      const ins = expected[j];
      // The instruction as the user wrote it reads better than the builder's record (`COPY dir:<hash> in /app`).
      Object.assign(rows[i], {
        line: ins.range.start.line,
        endLine: ins.range.end.line,
        stageIndex: ins.stageIndex,
        instruction: writtenText(model, ins),
      });
      firstMatched = Math.min(firstMatched, i);
      i++;
      j++;
    } else if (score[i][j] === score[i + 1][j]) i++;
    else j++;
  }
  for (const row of rows) row.fromBase = row.index < firstMatched;
  return rows;
}

/** The base image's name as written in the Dockerfile, for the grouped base rows. */
export function baseImageName(model: DockerfileModel | undefined, target?: string): string | undefined {
  const stage = model ? finalStage(model, target) : undefined;
  if (!model || !stage) return undefined;
  const root = rootImageStage(model, stage);
  return root.image.resolved ?? root.image.raw;
}

/** For each layer (rootfs order), the index of the history entry that made it, from the image config. */
export function layerHistoryIndexes(history: { empty_layer?: boolean }[]): number[] {
  const out: number[] = [];
  history.forEach((h, i) => {
    if (!h.empty_layer) out.push(i);
  });
  return out;
}
