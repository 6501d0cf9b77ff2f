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
