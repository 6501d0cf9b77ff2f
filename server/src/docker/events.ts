// Live updates: follows the daemon's `/events` for image events (build, tag, delete, pull...) and
// calls back once per burst. Reconnects with a growing delay when the daemon goes away.
import type Dockerode from 'dockerode';

export interface EventWatch {
  dispose(): void;
}

export interface WatchOptions {
  debounceMs?: number;
  /** First reconnect delay; doubles up to 30 s. */
  retryMs?: number;
  /** Called when the event stream breaks (e.g. the daemon stopped). */
  onDisconnect?: (err: unknown) => void;
}

export function watchImageEvents(docker: Dockerode, onChange: () => void, options: WatchOptions = {}): EventWatch {
  const debounceMs = options.debounceMs ?? 400;
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = options.retryMs ?? 2000;
  let stream: (NodeJS.ReadableStream & { destroy(): void }) | undefined;

  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => !disposed && onChange(), debounceMs);
  };
  const reconnectLater = (err: unknown) => {
    stream = undefined;
    if (disposed) return;
    options.onDisconnect?.(err);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };
  function connect(): void {
    if (disposed) return;
    // Actions that change the list; `save` (our own waste scans) and `push` do not.
    docker
      .getEvents({ filters: { type: ['image'], event: ['delete', 'import', 'load', 'pull', 'tag', 'untag', 'prune'] } })
      .then((s) => {
        if (disposed) return (s as unknown as { destroy(): void }).destroy();
        stream = s as NodeJS.ReadableStream & { destroy(): void };
        retryMs = options.retryMs ?? 2000;
        // Reconnecting may have missed events: refresh once.
        changed();
        let broken = false;
        const breakOnce = (err: unknown) => {
          if (broken) return;
          broken = true;
          reconnectLater(err);
        };
        stream.on('data', changed);
        stream.on('error', breakOnce);
        stream.on('end', () => breakOnce(new Error('event stream ended')));
      }, reconnectLater);
  }
  connect();
  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      stream?.destroy();
    },
  };
}
