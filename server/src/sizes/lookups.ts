// The size look-up policy the editor and the CLI share: which daemon to ask (one client per
// `docker.host` value, resolved once), which platform (explicit, else the daemon's, else linux/amd64),
// and a memo of answers (hovers and hints ask for the same images again and again).
import type Dockerode from 'dockerode';
import { resolveImageSize, type ResolvedImageSize } from './resolve';
import { daemonPlatform, defaultDaemon } from './daemon';
import { defaultCacheDir } from './cache';
import type { ProxyConfig } from './proxy';

export interface LookupSettings {
  /** The daemon to ask: a `docker.host` value ('' = DOCKER_HOST, docker context, usual sockets), or false for none. */
  daemonHost: string | false;
  /** An explicit platform (`linux/arm64`); empty or absent = the daemon's, else linux/amd64. */
  platform?: string;
  /**
   * Registry look-ups: false for none (offline), else through this proxy (absent: none configured);
   * `publicOnly` in an untrusted workspace (only public registry hosts, sizes/guard.ts).
   */
  registry: false | { proxy?: ProxyConfig; publicOnly?: boolean };
}

/** How long an answer is reused. */
const MEMO_MS = 5 * 60_000;
/** How long an answer given without asking the registry is reused (a look-up may follow soon). */
const DEFERRED_MEMO_MS = 2_000;
const MEMO_LIMIT = 500;
/** How long an answer without a registry figure is reused, when the registry was to be asked. */
const RETRY_MEMO_MS = 30_000;
const FALLBACK_PLATFORM = 'linux/amd64';

export class SizeLookups {
  private memo = new Map<string, { at: number; result: Promise<ResolvedImageSize> }>();
  private daemons = new Map<string, { docker: Dockerode | undefined; platform?: Promise<string | undefined> }>();
  /** Where registry answers are cached on disk. */
  cacheDir = defaultCacheDir();

  /** The daemon a `docker.host` value names (resolved once per value), or none. */
  daemon(host: string | false): Dockerode | undefined {
    return host === false ? undefined : this.daemonEntry(host).docker;
  }

  private daemonEntry(host: string): { docker: Dockerode | undefined; platform?: Promise<string | undefined> } {
    let entry = this.daemons.get(host);
    if (!entry) {
      entry = { docker: defaultDaemon(host ? { setting: host } : {}) };
      this.daemons.set(host, entry);
    }
    return entry;
  }

  async platform(settings: LookupSettings): Promise<string> {
    if (settings.platform) return settings.platform;
    if (settings.daemonHost === false) return FALLBACK_PLATFORM;
    const entry = this.daemonEntry(settings.daemonHost);
    if (!entry.docker) return FALLBACK_PLATFORM;
    entry.platform ??= daemonPlatform(entry.docker);
    return (await entry.platform) ?? FALLBACK_PLATFORM;
  }

  /**
   * `stagePlatform` is a `FROM --platform=` value, which wins over the settings and the daemon.
   * `deferred`: no registry request now (the editor is typing, or the name has no tag), with the
   * reason to report; an answer already known (memo, disk cache) is still used.
   */
  async resolve(
    image: string,
    settings: LookupSettings,
    stagePlatform?: string,
    deferred?: string,
  ): Promise<ResolvedImageSize> {
    const platform = stagePlatform ?? (await this.platform(settings));
    const key = JSON.stringify([image, platform, settings.daemonHost, settings.registry, this.cacheDir]);
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < MEMO_MS) return hit.result;
    const cacheOnly = settings.registry && deferred !== undefined;
    const memoKey = cacheOnly ? `${key}|deferred` : key;
    const deferredHit = cacheOnly ? this.memo.get(memoKey) : undefined;
    if (deferredHit && Date.now() - deferredHit.at < DEFERRED_MEMO_MS) return deferredHit.result;
    const result = resolveImageSize(image, {
      platform,
      daemon: this.daemon(settings.daemonHost),
      registry: settings.registry && {
        cacheDir: this.cacheDir,
        proxy: settings.registry.proxy,
        publicOnly: settings.registry.publicOnly,
        cacheOnly: cacheOnly ? deferred : undefined,
      },
    });
    // Typing makes a new image name per keystroke: the memo is emptied before it grows large.
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    const entry = { at: Date.now(), result };
    this.memo.set(memoKey, entry);
    // No registry figure (unreachable, rate-limited, not found): asked again sooner. The registry's
    // own caches (failures an hour, Retry-After) keep that from sending anything before its time.
    if (!cacheOnly && settings.registry)
      void result.then((r) => {
        if (r.download?.origin !== 'registry') entry.at = Math.min(entry.at, Date.now() - MEMO_MS + RETRY_MEMO_MS);
      });
    return result;
  }
}
