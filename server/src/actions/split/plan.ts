// The typed plan the split pass produces and the printer turns into Dockerfile text.
// Planners decide stages and nodes; nothing here knows about any ecosystem.
import type { FileEdit } from '../../core/findings';
import type { SourceItem } from './read';

export type RunnerKind = 'distroless' | 'slim' | 'alpine';
export const RUNNER_KINDS: readonly RunnerKind[] = ['distroless', 'slim', 'alpine'];

interface NodeBase {
  /** Comment lines (without `#`) printed above the node. */
  comments?: string[];
  /** The original instructions this node carries (kept as written or rewritten): the split's ledger. */
  origin?: SourceItem[];
}

export type PlanNode = NodeBase &
  (
    | { kind: 'workdir'; path: string }
    | {
        kind: 'copy';
        sources: string[];
        dest: string;
        from?: string;
        chown?: string;
        /** Other flags as written (`--chmod=644`, `--link`, `--exclude=*.md`). */
        flags?: string[];
        /** `ADD` when the original's ADD extracts an archive (a COPY would not). */
        keyword?: 'ADD';
      }
    /** `flags`: the original RUN's own (`--mount=type=secret,…`, `--network=…`), kept as written. */
    | { kind: 'run'; commands: string[]; flags?: string[] }
    | { kind: 'user'; user: string }
    | { kind: 'exec'; keyword: 'CMD' | 'ENTRYPOINT'; args: string[] }
    | { kind: 'healthcheck'; options: string[]; args: string[] }
    | { kind: 'env'; pairs: [string, string][] }
    /** An original instruction kept exactly as written (ARG, ENV, LABEL, EXPOSE, ...). */
    | { kind: 'verbatim'; text: string }
  );

export interface PlanStage {
  name: string;
  image: string;
  /** One line saying what the stage is for, printed above its FROM. */
  purpose?: string;
  nodes: PlanNode[];
}

export interface SplitPlan {
  /** Lines printed before the first FROM (directives, global ARGs, the original header comments). */
  header: string[];
  /** What the reader must check: printed as comments at the top and returned to callers. */
  warnings: string[];
  stages: PlanStage[];
  /** Comments that followed the last instruction of the original. */
  footer: string[];
  /** Stages of the original kept as written, printed before the new ones ("replace the runner"). */
  kept?: string[];
  runner: RunnerKind;
  runnerImage: string;
  /** Edits to other files (e.g. next.config.js gets `output: 'standalone'`). */
  extraEdits: FileEdit[];
}

export type PlanOutcome = SplitPlan | { refused: string };

export function isRefused(p: PlanOutcome | { refused: string }): p is { refused: string } {
  return (p as { refused?: string }).refused !== undefined;
}
