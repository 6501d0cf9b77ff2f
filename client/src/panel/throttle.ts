// At most one send per interval, and never a lost last one: the panel's frequent updates (build
// steps, the waste scan's bytes read) are coalesced, and the state that arrived during the interval
// is sent when it ends. (A throttle that only dropped updates lost the last burst of a build — its
// steps, all printed within a few milliseconds of the panel's "Building…" — until something else
// posted, which for a long-running step was never.)

export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` reads the state when it runs, so a delayed send carries the latest one. */
  constructor(
    private readonly send: () => void,
    private readonly intervalMs: number,
  ) {}

  /** Sends now (and drops a pending delayed send: this one carries the same state or newer). */
  now(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.last = Date.now();
    this.send();
  }

  /** Sends now when the last send is at least the interval ago, else once when the interval ends. */
  soon(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.now();
    else this.timer = setTimeout(() => this.now(), wait);
  }

  /** Whether a delayed send is pending. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
