// The contract of a rule: metadata (one source of truth for docs, settings and the CLI's list)
// and a pure check from the parsed Dockerfile (plus workspace facts) to findings.
import type { DockerfileModel, StageModel } from './model';
import type { RuleFinding, Severity } from './findings';
import type { WorkspaceFacts } from './workspace';
import type { LayerwiseConfig } from './config';

export type RuleCategory = 'size' | 'cache' | 'safety' | 'correctness';

export interface RuleMeta {
  /** Contract id, kebab-case: used in settings, suppression comments, docs and CLI output. */
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** One line, shown in the rule list and settings. */
  summary: string;
  /** Why it costs size, build time or safety — the docs page's body. */
  why: string;
  examples: { bad: string; good: string };
  fixable: boolean;
  /** hadolint rule codes whose `# hadolint ignore=` pragmas also silence this rule. */
  hadolint?: string[];
  /**
   * Where this rule answers otherwise than hadolint's own spec on purpose, per DL code: one or two
   * sentences the docs print under "Compared with hadolint" (checked by test/unit/conformance).
   */
  hadolintDifferences?: Record<string, string>;
}

export interface RuleContext {
  model: DockerfileModel;
  /** The stage that becomes the image (build target or last stage). */
  final: StageModel;
  /** The final stage and every stage it ships files from (FROM chain, COPY --from). */
  shipped: StageModel[];
  /** Facts about the build context; absent when the Dockerfile has no folder (unsaved buffer). */
  workspace?: WorkspaceFacts;
  config: LayerwiseConfig;
}

export interface Rule {
  meta: RuleMeta;
  /** New finding objects on every call, none kept: the analysis adds each one's rule id and severity to it. */
  check(ctx: RuleContext): RuleFinding[];
}
