// Output formats for findings: text (for people), JSON (for scripts), SARIF 2.1.0 (for code scanning).
import * as path from 'node:path';
import type { Finding } from '../core/findings';
import type { RuleMeta } from '../rules/types';
import { ruleDocsUrl } from '../core/docs';
import { SARIF_FINGERPRINT_KEY } from './baseline';

export interface FileFindings {
  file: string;
  findings: Finding[];
  /** Line-independent identities of the findings, in order (cli/baseline.ts). */
  fingerprints?: string[];
}

export function formatJson(results: FileFindings[], cwd: string): string {
  const rows = results.flatMap(({ file, findings, fingerprints }) =>
    findings.map((f, i) => ({
      file: path.relative(cwd, file) || file,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...(fingerprints ? { fingerprint: fingerprints[i] } : {}),
    })),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

export function formatText(results: FileFindings[], cwd: string): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const { file, findings } of results) {
    if (findings.length === 0) continue;
    lines.push(path.relative(cwd, file) || file);
    for (const f of findings) {
      counts[f.severity]++;
      lines.push(
        `  ${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(7)}  ${f.message}  ${f.rule}`,
      );
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push(
    total === 0
      ? `No problems found in ${results.length} Dockerfile${results.length === 1 ? '' : 's'}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error, ${counts.warning} warning, ${counts.info} info) in ${results.length} Dockerfile${results.length === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(results: FileFindings[], cwd: string, rules: RuleMeta[], version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'layerwise',
            version,
            informationUri: ruleDocsUrl('README').replace(/README\.md$/, ''),
            rules: rules.map((m) => ({
              id: m.id,
              shortDescription: { text: m.summary },
              fullDescription: { text: m.why },
              helpUri: ruleDocsUrl(m.id),
              defaultConfiguration: { level: SARIF_LEVEL[m.defaultSeverity] },
            })),
          },
        },
        results: results.flatMap(({ file, findings, fingerprints }) =>
          findings.map((f, i) => ({
            ruleId: f.rule,
            ruleIndex: rules.findIndex((m) => m.id === f.rule),
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(cwd, file).split(path.sep).join('/') || file },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
              },
            ],
            ...(fingerprints ? { partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprints[i] } } : {}),
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
