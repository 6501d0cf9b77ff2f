// Baselines for gradual adoption: `layerwise lint --write-baseline FILE` records today's findings,
// `--baseline FILE` reports (and fails on) only the ones that are not in it. A finding's identity is
// its rule, its file and a fingerprint of the text it points at — the instruction's normalised text
// and the flagged words — never its line number, so it survives lines moving. The same fingerprint is
// SARIF's `partialFingerprints`, which code scanning uses to track an alert across commits.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../core/findings';
import type { DockerfileModel, Range } from '../core/model';
import { instructionAt } from '../core/queries';
import { UsageError } from './io';

/** The key under which SARIF results carry the fingerprint; bump the version if the recipe changes. */
export const SARIF_FINGERPRINT_KEY = 'layerwiseFingerprint/v1';
const BASELINE_VERSION = 1;

/** Text of `range` with line continuations and comment lines inside it dropped, and whitespace collapsed. */
function normalisedText(model: DockerfileModel, range: Range): string {
  const parts: string[] = [];
  for (let line = range.start.line; line <= range.end.line && line < model.lines.length; line++) {
    let text = model.lines[line] ?? '';
    if (line === range.end.line) text = text.slice(0, range.end.character);
    if (line === range.start.line) text = text.slice(range.start.character);
    else if (/^\s*#/.test(text)) continue;
    text = text.replace(/\r$/, '');
    if (line < range.end.line && text.trimEnd().endsWith(model.escapeChar))
      text = text.trimEnd().slice(0, -model.escapeChar.length);
    parts.push(text);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * One fingerprint per finding, in order: a hash of rule, instruction text and flagged text, with `:n`
 * counting identical ones in document order (two identical RUN lines give `…:1` and `…:2`).
 */
export function fingerprintFindings(model: DockerfileModel, findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const ins = instructionAt(model, f.range.start.line);
    const context = ins ? normalisedText(model, ins.range) : '';
    const hash = createHash('sha256')
      .update(`${f.rule}\0${context}\0${normalisedText(model, f.range)}`)
      .digest('hex')
      .slice(0, 24);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

export interface BaselineEntry {
  /** The Dockerfile, relative to the baseline file's folder, with `/` separators. */
  file: string;
  rule: string;
  fingerprint: string;
  /** For people reading the file (reviews of what was accepted); not used for matching. */
  message: string;
  line: number;
}

export interface FingerprintedFindings {
  file: string;
  findings: Finding[];
  fingerprints: string[];
}

function relativeTo(baselineFile: string, file: string): string {
  return path.relative(path.dirname(baselineFile), file).split(path.sep).join('/');
}

function keyOf(file: string, rule: string, fingerprint: string): string {
  return `${file}\0${rule}\0${fingerprint}`;
}

export function writeBaseline(baselineFile: string, results: readonly FingerprintedFindings[]): number {
  const entries: BaselineEntry[] = results.flatMap(({ file, findings, fingerprints }) =>
    findings.map((f, i) => ({
      file: relativeTo(baselineFile, file),
      rule: f.rule,
      fingerprint: fingerprints[i],
      message: f.message,
      line: f.range.start.line + 1,
    })),
  );
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  const body = { tool: 'layerwise', version: BASELINE_VERSION, findings: entries };
  try {
    fs.mkdirSync(path.dirname(baselineFile), { recursive: true });
    fs.writeFileSync(baselineFile, `${JSON.stringify(body, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(`cannot write baseline ${baselineFile}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return entries.length;
}

export interface Baseline {
  file: string;
  keys: Set<string>;
}

export function readBaseline(baselineFile: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `baseline ${baselineFile} does not exist (create it with --write-baseline)`
        : `baseline ${baselineFile} is not readable JSON: ${code ?? (e as Error).message}`,
    );
  }
  const findings = (raw as { findings?: unknown })?.findings;
  if ((raw as { version?: unknown })?.version !== BASELINE_VERSION || !Array.isArray(findings))
    throw new UsageError(`baseline ${baselineFile} is not a Layerwise baseline (version ${BASELINE_VERSION})`);
  const keys = new Set<string>();
  for (const e of findings as Partial<BaselineEntry>[])
    if (typeof e?.file === 'string' && typeof e.rule === 'string' && typeof e.fingerprint === 'string')
      keys.add(keyOf(e.file, e.rule, e.fingerprint));
  return { file: baselineFile, keys };
}

/** Keeps only the findings not in the baseline; counts what was left out and what the baseline holds that is gone. */
export function filterByBaseline(
  baseline: Baseline,
  results: readonly FingerprintedFindings[],
): { results: FingerprintedFindings[]; known: number; fixed: number } {
  const matched = new Set<string>();
  const linted = new Set<string>();
  let known = 0;
  const kept = results.map((r) => {
    const file = relativeTo(baseline.file, r.file);
    linted.add(file);
    const findings: Finding[] = [];
    const fingerprints: string[] = [];
    r.findings.forEach((f, i) => {
      const key = keyOf(file, f.rule, r.fingerprints[i]);
      if (baseline.keys.has(key)) {
        matched.add(key);
        known++;
      } else {
        findings.push(f);
        fingerprints.push(r.fingerprints[i]);
      }
    });
    return { file: r.file, findings, fingerprints };
  });
  // Entries of files linted this time that matched nothing: fixed, or changed beyond recognition.
  const fixed = [...baseline.keys].filter((k) => linted.has(k.split('\0')[0]) && !matched.has(k)).length;
  return { results: kept, known, fixed };
}
