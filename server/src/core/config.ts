// Layerwise configuration: `.layerwise.json` at the repo/workspace root and the `layerwise.*`
// editor settings, merged (settings win). Read by the CLI and the server alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from './findings';

export interface LayerwiseConfig {
  /** Per-rule severity overrides. */
  rules: Record<string, SeveritySetting>;
  /** Build target stage name (defaults to the last stage). */
  target?: string;
  /** Threshold for `context-too-large`, in bytes. */
  contextSizeLimitBytes: number;
}

/** `contextSizeLimitMB` counts decimal megabytes, the unit every size Layerwise prints uses (core/format.ts). */
const MB = 1_000_000;

export const DEFAULT_CONFIG: LayerwiseConfig = { rules: {}, contextSizeLimitBytes: 200 * MB };

export interface ConfigLoadResult {
  config: LayerwiseConfig;
  /** The config file that was read, if any. */
  file?: string;
  /** A one-line description of what is wrong with the config file. */
  error?: string;
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Validates and normalises a config object (from JSON or settings); problems are collected, not thrown. */
export function normaliseConfig(
  raw: unknown,
  knownRules: ReadonlySet<string>,
  problems: string[] = [],
): Partial<LayerwiseConfig> {
  const out: Partial<LayerwiseConfig> = {};
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('expected an object');
    return out;
  }
  const obj = raw as Record<string, unknown>;
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules))
      problems.push('"rules" must be an object of rule id → off|info|warning|error');
    else {
      out.rules = {};
      for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!knownRules.has(id)) problems.push(`unknown rule "${id}"`);
        else if (typeof sev !== 'string' || !SEVERITIES.has(sev))
          problems.push(`rule "${id}": severity must be off, info, warning or error`);
        else out.rules[id] = sev as SeveritySetting;
      }
    }
  }
  if (obj.target !== undefined) {
    if (typeof obj.target === 'string' && obj.target) out.target = obj.target;
    else problems.push('"target" must be a stage name');
  }
  if (obj.contextSizeLimitMB !== undefined) {
    if (typeof obj.contextSizeLimitMB === 'number' && obj.contextSizeLimitMB > 0)
      out.contextSizeLimitBytes = obj.contextSizeLimitMB * MB;
    else problems.push('"contextSizeLimitMB" must be a positive number');
  }
  return out;
}

export function mergeConfig(...parts: Partial<LayerwiseConfig>[]): LayerwiseConfig {
  const merged: LayerwiseConfig = { ...DEFAULT_CONFIG, rules: {} };
  for (const p of parts) {
    if (p.rules) Object.assign(merged.rules, p.rules);
    if (p.target !== undefined) merged.target = p.target;
    if (p.contextSizeLimitBytes !== undefined) merged.contextSizeLimitBytes = p.contextSizeLimitBytes;
  }
  return merged;
}

/** The config file's name, looked for from a Dockerfile's folder upwards. */
export const CONFIG_FILE_NAME = '.layerwise.json';

/** Finds `.layerwise.json` from `startDir` upwards, stopping at `stopDir` or a folder with `.git`. */
export function findConfigFile(startDir: string, stopDir?: string): string | undefined {
  let dir = path.resolve(startDir);
  for (let depth = 0; depth < 64; depth++) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if ((stopDir && path.resolve(stopDir) === dir) || fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export function loadConfigFile(file: string, knownRules: ReadonlySet<string>): ConfigLoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { config: { ...DEFAULT_CONFIG, rules: {} }, file, error: `cannot read ${file}: ${(e as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      config: { ...DEFAULT_CONFIG, rules: {} },
      file,
      error: `${file} is not valid JSON: ${(e as Error).message}`,
    };
  }
  const problems: string[] = [];
  const partial = normaliseConfig(raw, knownRules, problems);
  return { config: mergeConfig(partial), file, error: problems.length ? `${file}: ${problems.join('; ')}` : undefined };
}
