// A build's progress as steps the panel can show, from whichever builder ran it: BuildKit's
// `--progress=plain` text (`#5 [2/4] RUN …`, `#5 DONE 0.6s`), BuildKit's `--progress=rawjson`
// (one SolveStatus object per line: vertexes, logs as base64) or the classic builder's
// `Step 2/4 : RUN …` lines. Pure: lines in, steps out.

export type StepStatus = 'running' | 'done' | 'cached' | 'error';

export interface BuildStep {
  /** The builder's own id for the step (`#5`, a vertex digest, `Step 2`). */
  id: string;
  /** What the builder calls it, e.g. `[stage-0 2/4] RUN npm ci`. */
  name: string;
  status: StepStatus;
  /** Seconds the step took, when the builder said. */
  seconds?: number;
  error?: string;
  /** The step's last output lines. */
  tail: string[];
}

const TAIL_LINES = 20;

/** Internal bookkeeping steps (`[internal] load .dockerignore`) are not the user's Dockerfile lines. */
export function isInternalStep(step: BuildStep): boolean {
  return /^\[internal\]|^\[auth\]/.test(step.name);
}

export class BuildProgress {
  private readonly steps = new Map<string, BuildStep>();

  constructor(private readonly onChange?: (steps: BuildStep[]) => void) {}

  list(): BuildStep[] {
    return [...this.steps.values()];
  }

  /** The step that failed, if any. */
  failed(): BuildStep | undefined {
    return this.list().find((s) => s.status === 'error');
  }

  private step(id: string, name?: string): BuildStep {
    let step = this.steps.get(id);
    if (!step) {
      step = { id, name: name ?? id, status: 'running', tail: [] };
      this.steps.set(id, step);
    } else if (name && step.name === step.id) step.name = name;
    return step;
  }

  private output(step: BuildStep, text: string): void {
    for (const line of text.replace(/\r/g, '').split('\n')) {
      if (!line) continue;
      step.tail.push(line);
      if (step.tail.length > TAIL_LINES) step.tail.shift();
    }
  }

  private changed(): void {
    this.onChange?.(this.list());
  }

  /** One line of `--progress=plain` output. Returns true when it was a progress line. */
  plainLine(line: string): boolean {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (!m) return false;
    const id = `#${m[1]}`;
    const rest = m[2];
    const known = this.steps.has(id);
    if (!known && !/^sha256:/.test(rest)) {
      this.step(id, rest);
      this.changed();
      return true;
    }
    const step = this.step(id);
    let done: RegExpExecArray | null;
    if ((done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest))) {
      step.status = 'done';
      step.seconds = Number(done[1]);
    } else if (rest === 'CACHED') {
      step.status = 'cached';
    } else if (rest.startsWith('ERROR')) {
      step.status = 'error';
      step.error = rest.replace(/^ERROR:?\s*/, '') || 'failed';
    } else if (rest === 'CANCELED') {
      step.status = 'error';
      step.error = 'cancelled';
    } else if (/^sha256:[0-9a-f]+$/.test(rest)) {
      return true;
    } else {
      // `#5 0.512 npm WARN …`: the step's own output, after its timestamp.
      this.output(step, rest.replace(/^\d+\.\d+ /, ''));
      return true;
    }
    this.changed();
    return true;
  }

  /** One line of `--progress=rawjson` output (a SolveStatus): the readable lines it adds to the log, or undefined when it is not one. */
  rawJsonLine(line: string): string[] | undefined {
    let status: RawStatus;
    try {
      status = JSON.parse(line) as RawStatus;
    } catch {
      return undefined;
    }
    if (!status || typeof status !== 'object') return undefined;
    const readable: string[] = [];
    for (const v of status.vertexes ?? []) {
      if (typeof v?.digest !== 'string') continue;
      const isNew = !this.steps.has(v.digest);
      const step = this.step(v.digest, typeof v.name === 'string' ? v.name : undefined);
      if (isNew) readable.push(step.name);
      if (v.error) {
        step.status = 'error';
        step.error = String(v.error);
        readable.push(`${step.name}: ERROR: ${step.error}`);
      } else if (v.cached) step.status = 'cached';
      else if (v.completed) {
        step.status = 'done';
        const seconds = (Date.parse(v.completed) - Date.parse(v.started ?? v.completed)) / 1000;
        if (Number.isFinite(seconds)) step.seconds = Math.round(seconds * 10) / 10;
      }
    }
    for (const log of status.logs ?? []) {
      if (typeof log?.vertex !== 'string' || typeof log.data !== 'string') continue;
      const text = Buffer.from(log.data, 'base64').toString('utf8');
      this.output(this.step(log.vertex), text);
      readable.push(...text.replace(/\r/g, '').split('\n').filter(Boolean));
    }
    this.changed();
    return readable;
  }

  /** One line of the classic builder's output (`Step 2/4 : RUN …`), or Buildah's through Podman's API (`STEP 2/4: RUN …`). */
  classicLine(line: string): void {
    const m = /^(?:Step|STEP) (\d+)\/(\d+) ?: (.*)$/.exec(line);
    if (m) {
      for (const s of this.steps.values()) if (s.status === 'running') s.status = 'done';
      this.step(`Step ${m[1]}`, `[${m[1]}/${m[2]}] ${m[3]}`);
      this.changed();
      return;
    }
    const current = [...this.steps.values()].pop();
    if (current && !/^ ?--->? /.test(line)) this.output(current, line);
  }

  /** The classic builder's stream ended: the last step is done, or it failed with `error`. */
  classicEnd(error?: string): void {
    const current = [...this.steps.values()].pop();
    if (!current || current.status !== 'running') return;
    if (error) {
      current.status = 'error';
      current.error = error;
    } else current.status = 'done';
    this.changed();
  }

  /** A cancelled build: whatever was running stopped. */
  cancelled(): void {
    for (const s of this.steps.values()) {
      if (s.status === 'running') {
        s.status = 'error';
        s.error = 'cancelled';
      }
    }
    this.changed();
  }
}

interface RawStatus {
  vertexes?: {
    digest?: unknown;
    name?: unknown;
    started?: string;
    completed?: string;
    cached?: boolean;
    error?: unknown;
  }[];
  logs?: { vertex?: unknown; data?: unknown }[];
}
