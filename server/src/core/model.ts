// The Dockerfile model every rule, action, size look-up, CLI command and LSP handler reads.
// Built once per analysis by parse.ts; plain data plus a few query helpers, no I/O.
import type { Range } from 'vscode-languageserver-types';

export type { Range };

/** A whitespace-separated token of an instruction, with its exact place in the document. */
export interface Word {
  /** Text as written (quotes kept, continuation characters removed). */
  text: string;
  /** Text with ARG/ENV variables known at this point substituted (best effort). */
  value: string;
  range: Range;
}

export interface FlagModel {
  /** Name without the leading dashes, e.g. `from`, `mount`, `platform`, `chown`. */
  name: string;
  value: string | null;
  range: Range;
  valueRange: Range | null;
}

/** One simple command inside a shell-form RUN/CMD/ENTRYPOINT, split on `&&`, `||`, `;`, `|`. */
export interface ShellCommand {
  words: Word[];
  /** From the first word's start to the last word's end. */
  range: Range;
  /** The operator that follows this command (`&&`, `||`, `;`, `|`), or null for the last one. */
  next: string | null;
}

export interface InstructionModel {
  /** Upper-case keyword: FROM, RUN, COPY, ... (ONBUILD triggers are their own instructions with `onbuild` set). */
  keyword: string;
  range: Range;
  keywordRange: Range;
  /** Index of the stage the instruction belongs to; -1 for instructions before the first FROM. */
  stageIndex: number;
  flags: FlagModel[];
  /** Arguments after the flags. For exec form (JSON) these are the JSON strings, unquoted. */
  args: Word[];
  /** The argument text as one string (continuations joined), flags included. */
  argsText: string;
  /** True for JSON (exec) form of RUN/CMD/ENTRYPOINT/COPY/ADD/SHELL. */
  execForm: boolean;
  /** Shell-form commands (RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD); empty for exec form and other keywords. */
  commands: ShellCommand[];
  /** Heredoc bodies (RUN <<EOF / COPY <<EOF), as text. */
  heredocs: { name: string; body: string; range: Range | null }[];
  /** Set when the instruction is an ONBUILD trigger. */
  onbuild: boolean;
}

export interface ImageReference {
  /** The reference as written, e.g. `node:${NODE_VERSION}-slim`. */
  raw: string;
  /** The reference with build ARGs substituted, e.g. `node:20-slim`; null when a variable has no known value. */
  resolved: string | null;
  /** Range of the whole image reference in the document. */
  range: Range;
}

export interface StageModel {
  index: number;
  /** `AS name`, lower-cased as BuildKit does; undefined when unnamed. */
  name?: string;
  nameRange?: Range;
  from: InstructionModel;
  image: ImageReference;
  /** Set when FROM names an earlier stage (`FROM build`). */
  baseStage?: number;
  /** `FROM scratch`. */
  scratch: boolean;
  platform?: string;
  instructions: InstructionModel[];
  /** COPY --from / RUN --mount=from references out of this stage. */
  copiesFrom: StageCopy[];
  range: Range;
}

export interface StageCopy {
  instruction: InstructionModel;
  /** Stage index when the reference names a stage (by name or number). */
  stageIndex?: number;
  /** External image when the reference is not a stage, e.g. `COPY --from=nginx:latest`. */
  image?: string;
  /** The `--from` value as written. */
  ref: string;
  refRange: Range | null;
}

export interface CommentModel {
  text: string;
  line: number;
  range: Range;
}

export interface DockerfileModel {
  text: string;
  lines: string[];
  escapeChar: string;
  /** ARGs declared before the first FROM, with their default values. */
  globalArgs: Map<string, string | undefined>;
  /** Instructions before the first FROM (ARGs, parser errors). */
  preamble: InstructionModel[];
  stages: StageModel[];
  comments: CommentModel[];
  /** Every instruction in document order, ONBUILD triggers included. */
  instructions: InstructionModel[];
}
