// The `layerwise.*` settings as the server sees them. The base comes from initializationOptions
// and didChangeConfiguration (how Neovim, Helix, Emacs pass settings); clients that support
// workspace/configuration (VS Code, Neovim ≥ 0.8) are asked per document, and their answer
// overrides the base key by key: a null answer, or a key it lacks, keeps the base (Neovim answers
// null for a section its `settings` table does not have).
import type { Connection } from 'vscode-languageserver/node';
import type { SeveritySetting } from '../core/findings';

export interface ServerSettings {
  rules: Record<string, SeveritySetting>;
  target?: string;
  /** Also publish dockerfile-language-service's own syntax diagnostics (source `dockerfile-utils`). */
  builtinValidation: boolean;
  /** Delay between the last keystroke and re-analysis. */
  debounceMs: number;
  sizes: { registryLookups: boolean; platform?: string; inlayHints: boolean };
  /** `layerwise.docker.host`: the daemon for size look-ups (empty: DOCKER_HOST, contexts, usual sockets). */
  docker: { host?: string };
  /** VS Code's `http.proxy`, `http.proxyStrictSSL`, `http.noProxy` (section `http`), for registry look-ups. */
  http: HttpSettings;
}

export interface HttpSettings {
  proxy?: string;
  proxyStrictSSL: boolean;
  noProxy?: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  rules: {},
  builtinValidation: true,
  debounceMs: 150,
  sizes: { registryLookups: true, inlayHints: true },
  docker: {},
  http: { proxyStrictSSL: true },
};

/** A settings object (a section or a nested group); anything else reads as empty. */
function group(raw: unknown): Record<string, unknown> {
  return (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
}

/** A non-blank string, trimmed; undefined otherwise. */
function trimmed(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}

export function normaliseHttp(raw: unknown): HttpSettings {
  const h = group(raw);
  return {
    proxy: trimmed(h.proxy),
    proxyStrictSSL: typeof h.proxyStrictSSL === 'boolean' ? h.proxyStrictSSL : DEFAULT_SETTINGS.http.proxyStrictSSL,
    noProxy: Array.isArray(h.noProxy) ? h.noProxy.filter((x): x is string => trimmed(x) !== undefined) : undefined,
  };
}

/** `raw` is the `layerwise` section, `http` VS Code's `http` section (absent outside VS Code). */
export function normaliseSettings(raw: unknown, http?: unknown): ServerSettings {
  const r = group(raw);
  const sizes = group(r.sizes);
  const diagnostics = group(r.diagnostics);
  return {
    rules: r.rules && typeof r.rules === 'object' ? (r.rules as Record<string, SeveritySetting>) : {},
    target: typeof r.target === 'string' && r.target ? r.target : undefined,
    builtinValidation:
      typeof r.builtinValidation === 'boolean' ? r.builtinValidation : DEFAULT_SETTINGS.builtinValidation,
    debounceMs:
      typeof diagnostics.debounceMs === 'number' && diagnostics.debounceMs >= 0
        ? diagnostics.debounceMs
        : DEFAULT_SETTINGS.debounceMs,
    sizes: {
      registryLookups:
        typeof sizes.registryLookups === 'boolean' ? sizes.registryLookups : DEFAULT_SETTINGS.sizes.registryLookups,
      platform: typeof sizes.platform === 'string' && sizes.platform ? sizes.platform : undefined,
      inlayHints: typeof sizes.inlayHints === 'boolean' ? sizes.inlayHints : DEFAULT_SETTINGS.sizes.inlayHints,
    },
    docker: { host: trimmed(group(r.docker).host) },
    http: normaliseHttp(http),
  };
}

/** `answer` over `base`, key by key through nested groups; null or undefined keeps the base. */
export function overlaySettings(base: unknown, answer: unknown): unknown {
  if (answer === null || answer === undefined) return base;
  const isGroup = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isGroup(base) || !isGroup(answer)) return answer;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(answer)) out[key] = overlaySettings(base[key], value);
  return out;
}

export class SettingsStore {
  private pullSupported = false;
  private pushed: ServerSettings = DEFAULT_SETTINGS;
  private pushedRaw: { layerwise?: unknown; http?: unknown } = {};
  private cache = new Map<string, Promise<ServerSettings>>();

  constructor(private readonly connection: Connection) {}

  init(pullSupported: boolean, initializationOptions: unknown): void {
    this.pullSupported = pullSupported;
    const opts = initializationOptions as { settings?: unknown } | undefined;
    if (opts?.settings) {
      const s = opts.settings as { layerwise?: unknown; http?: unknown };
      this.pushedRaw = { layerwise: s.layerwise ?? opts.settings, http: s.http };
      this.pushed = normaliseSettings(this.pushedRaw.layerwise, this.pushedRaw.http);
    }
  }

  /** Called on workspace/didChangeConfiguration: forget cached settings, keep pushed ones. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    const s = pushedSettings as { layerwise?: unknown; http?: unknown } | undefined;
    if (s?.layerwise || s?.http) {
      this.pushedRaw = { layerwise: s.layerwise ?? this.pushedRaw.layerwise, http: s.http ?? this.pushedRaw.http };
      this.pushed = normaliseSettings(this.pushedRaw.layerwise, this.pushedRaw.http);
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<ServerSettings> {
    if (!this.pullSupported) return Promise.resolve(this.pushed);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration([
          { scopeUri: uri, section: 'layerwise' },
          { scopeUri: uri, section: 'http' },
        ])
        .then(
          ([layerwise, http]: unknown[]) =>
            normaliseSettings(
              overlaySettings(this.pushedRaw.layerwise, layerwise),
              overlaySettings(this.pushedRaw.http, http),
            ),
          () => this.pushed,
        );
      this.cache.set(uri, p);
    }
    return p;
  }
}
