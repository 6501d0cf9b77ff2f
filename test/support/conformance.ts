// Conformance with hadolint, a well-known peer: each case is a behaviour hadolint's own spec
// (test/Hadolint/Rule/DL*Spec.hs) promises, written here in our own Dockerfiles and words. A case
// states what hadolint expects; Layerwise must agree, or the case says why it answers otherwise on
// purpose and the mapped rule's docs (`meta.hadolintDifferences[code]`) say so too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { ALL_RULES } from '../../server/src/rules/all';

export interface PeerCase {
  /** The behaviour, in our words. */
  behaviour: string;
  dockerfile: string;
  /** hadolint's spec expects the code to be reported. */
  hadolintReports: boolean;
  /** Set when Layerwise answers the opposite on purpose: the reason (stage-aware design, a peer mistake). */
  differsBecause?: string;
}

/** The rules that claim the DL code in `meta.hadolint`. */
export function rulesFor(code: string) {
  return ALL_RULES.filter((r) => r.meta.hadolint?.includes(code));
}

/** One `describe` per DL code, one test per behaviour. */
export function conformance(code: string, cases: PeerCase[]): void {
  describe(`hadolint ${code}`, () => {
    test(`${code} is claimed by a rule`, () => {
      assert.ok(rulesFor(code).length > 0, `no rule maps ${code} in meta.hadolint`);
    });
    for (const c of cases) {
      const expected = c.differsBecause ? !c.hadolintReports : c.hadolintReports;
      const label = `${expected ? 'reports' : 'accepts'}: ${c.behaviour}${c.differsBecause ? ` (hadolint ${c.hadolintReports ? 'reports' : 'accepts'} it; differs on purpose)` : ''}`;
      test(label, () => {
        const ids = new Set(rulesFor(code).map((r) => r.meta.id));
        const { findings, ruleErrors } = analyzeAll({ text: c.dockerfile });
        assert.deepEqual(ruleErrors, []);
        const mine = findings.filter((f) => ids.has(f.rule));
        if (expected) assert.ok(mine.length > 0, `expected a finding from ${[...ids].join('/')} for:\n${c.dockerfile}`);
        else
          assert.deepEqual(
            mine.map((f) => `${f.rule}: ${f.message}`),
            [],
            `expected no finding for:\n${c.dockerfile}`,
          );
        if (c.differsBecause) {
          const documented = rulesFor(code).some((r) => (r.meta.hadolintDifferences?.[code] ?? '').length > 0);
          assert.ok(
            documented,
            `${code}: a difference kept on purpose must be stated in the rule's meta.hadolintDifferences`,
          );
        }
      });
    }
  });
}

/** Joins Dockerfile lines with a final newline. */
export const lines = (...l: string[]) => `${l.join('\n')}\n`;
