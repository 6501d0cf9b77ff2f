// Platforms as Docker writes them: `linux/amd64`, `linux/arm64/v8`, or a bare architecture.

export const DEFAULT_PLATFORM = 'linux/amd64';

/** Lower-cases, defaults the OS to linux and maps kernel names (x86_64, aarch64) to Go's. Keeps the variant. */
export function normalisePlatform(platform: string | undefined): string {
  if (!platform?.trim()) return DEFAULT_PLATFORM;
  const parts = platform.trim().toLowerCase().split('/');
  const [os, arch, variant] = parts.length === 1 ? ['linux', parts[0]] : parts;
  const normalisedArch = arch === 'x86_64' ? 'amd64' : arch === 'aarch64' ? 'arm64' : arch;
  return [os, normalisedArch, variant].filter(Boolean).join('/');
}

/** `os/arch` without the variant: the key of the catalogue's per-platform figures. */
export function platformKey(platform: string | undefined): string {
  return normalisePlatform(platform).split('/').slice(0, 2).join('/');
}

/** An entry of an image index (OCI index / Docker manifest list). */
export interface IndexEntry {
  digest?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/**
 * The digest of the platform's manifest. Attestation entries (`unknown/unknown`, or annotated
 * `vnd.docker.reference.type: attestation-manifest`) are never picked. arm64 without a variant
 * matches `v8`, as Docker does.
 */
export function pickPlatform(index: { manifests: IndexEntry[] }, platform: string): string | undefined {
  const [os, arch, variant] = platform.split('/');
  const candidates = index.manifests.filter((m) => {
    if (!m || typeof m !== 'object') return false;
    const p = m.platform;
    if (!m.digest || !p || p.os === 'unknown' || p.architecture === 'unknown') return false;
    if (m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false;
    return p.os === os && p.architecture === arch;
  });
  const wanted = variant ?? (arch === 'arm64' ? 'v8' : undefined);
  const exact = candidates.find((m) => (m.platform!.variant ?? undefined) === wanted);
  return (exact ?? (variant ? undefined : candidates[0]))?.digest;
}
