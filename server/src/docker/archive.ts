// Reads an image archive (`GET /images/{id}/get`, the `docker save` format: a tar of layer tars,
// legacy `<id>/layer.tar` or OCI `blobs/sha256/<digest>`) as a stream and keeps only what the
// waste computation needs: per layer the paths and sizes, plus the manifest and the image config.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readTar } from './tar';
import { addToListing, type LayerListing } from './waste';

export interface ImageConfigHistory {
  created?: string;
  created_by?: string;
  empty_layer?: boolean;
  comment?: string;
}

export interface ImageConfig {
  history?: ImageConfigHistory[];
  rootfs?: { diff_ids?: string[] };
  config?: { Labels?: Record<string, string> | null };
}

export interface ScannedImage {
  /** Layers bottom to top, as the manifest orders them. */
  layers: LayerListing[];
  config: ImageConfig;
  /** Bytes of the archive read. */
  archiveBytes: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Called now and then with the archive bytes read so far. */
  onProgress?: (bytes: number) => void;
}

/** Small JSON members (manifest, config) are kept; anything bigger is a layer or ignored. */
const MAX_JSON_BYTES = 8 << 20;

export async function scanImageArchive(
  source: AsyncIterable<Buffer>,
  options: ScanOptions = {},
): Promise<ScannedImage> {
  const listings = new Map<string, LayerListing>();
  const links = new Map<string, string>();
  const texts = new Map<string, string>();
  let archiveBytes = 0;
  let reported = 0;
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      options.signal?.throwIfAborted();
      archiveBytes += chunk.length;
      if (options.onProgress && archiveBytes - reported > 16 << 20) {
        reported = archiveBytes;
        options.onProgress(archiveBytes);
      }
      yield chunk;
    }
  };
  for await (const { entry, body } of readTar(counted())) {
    const name = entry.name.replace(/^\.\//, '');
    if (entry.type === 'symlink') {
      // Legacy archives link a repeated layer to its first copy: `../<id>/layer.tar`.
      links.set(name, joinRelative(name, entry.linkName));
      continue;
    }
    if (entry.type !== 'file') continue;
    if (entry.size === 0) {
      listings.set(name, { entries: [], whiteouts: [], opaqueDirs: [], bytes: 0 });
      continue;
    }
    const { head, rest } = await peek(body, 512);
    if (looksLikeTar(head) || isGzip(head)) {
      listings.set(name, await scanLayer(rest, isGzip(head)));
    } else if (entry.size <= MAX_JSON_BYTES && (head[0] === 0x7b || head[0] === 0x5b)) {
      const parts: Buffer[] = [];
      for await (const chunk of rest) parts.push(chunk);
      texts.set(name, Buffer.concat(parts).toString('utf8'));
    }
  }
  options.onProgress?.(archiveBytes);
  const manifestText = texts.get('manifest.json');
  if (!manifestText) throw new Error('image archive has no manifest.json');
  const manifest = JSON.parse(manifestText) as { Config?: string; Layers?: string[] }[];
  const first = manifest[0];
  if (!first?.Layers) throw new Error('image archive manifest lists no layers');
  const config = JSON.parse(texts.get(first.Config ?? '') ?? '{}') as ImageConfig;
  const layers = first.Layers.map((layerName) => {
    let resolved = layerName;
    for (let hops = 0; links.has(resolved) && hops < 8; hops++) resolved = links.get(resolved)!;
    const listing = listings.get(resolved);
    if (!listing) throw new Error(`image archive is missing layer ${layerName}`);
    return listing;
  });
  return { layers, config, archiveBytes };
}

async function scanLayer(body: AsyncIterable<Buffer>, gzip: boolean): Promise<LayerListing> {
  const listing: LayerListing = { entries: [], whiteouts: [], opaqueDirs: [], bytes: 0 };
  const source = gzip ? Readable.from(body).pipe(createGunzip()) : body;
  for await (const { entry } of readTar(source)) addToListing(listing, entry.name, entry.size, entry.type);
  return listing;
}

/** Reads the first n bytes of a stream and gives back a stream that still starts at byte 0. */
async function peek(body: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = body[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  const rest = (async function* () {
    if (head.length) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return { head, rest };
}

function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  if (head.subarray(0, 512).every((b) => b === 0)) return true; // an empty layer
  return head.subarray(257, 262).toString('latin1') === 'ustar';
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function joinRelative(from: string, link: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of link.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}
