// A small streaming tar reader: headers are parsed, bodies are passed through (or skipped)
// chunk by chunk, so a 1 GB `docker save` stream never sits in memory. Bodies can themselves be
// read as tars (an image archive is a tar of layer tars). Understands ustar, PAX (`x`) and GNU
// long names (`L`/`K`), base-256 sizes, and verifies header checksums.

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  linkName: string;
  mode: number;
}

export interface TarItem {
  entry: TarEntry;
  /** The entry's bytes. Read it before asking for the next item, or it is skipped. */
  body: AsyncIterable<Buffer>;
}

const BLOCK = 512;

/** Pulls exact byte counts out of a stream of arbitrarily sized chunks. */
class ChunkReader {
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Buffer | Uint8Array | string>) {}

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      if (this.done) return false;
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      const value = next.value;
      this.chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      this.offset = 0;
    }
    return true;
  }

  /** Exactly n bytes, or fewer only when the stream ended. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0 && (await this.fill())) {
      const take = Math.min(missing, this.chunk.length - this.offset);
      parts.push(this.chunk.subarray(this.offset, this.offset + take));
      this.offset += take;
      missing -= take;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Yields the next n bytes as they arrive (zero-copy slices). */
  async *take(n: number, onConsumed: (bytes: number) => void): AsyncGenerator<Buffer> {
    let missing = n;
    while (missing > 0) {
      if (!(await this.fill())) throw new Error(`tar: stream ended ${missing} bytes before the end of an entry`);
      const take = Math.min(missing, this.chunk.length - this.offset);
      const slice = this.chunk.subarray(this.offset, this.offset + take);
      this.offset += take;
      missing -= take;
      onConsumed(take);
      yield slice;
    }
  }

  async skip(n: number): Promise<void> {
    let missing = n;
    while (missing > 0) {
      if (!(await this.fill())) throw new Error(`tar: stream ended ${missing} bytes early`);
      const take = Math.min(missing, this.chunk.length - this.offset);
      this.offset += take;
      missing -= take;
    }
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function octal(buf: Buffer, start: number, length: number): number {
  // Base-256 (GNU) for values that do not fit in octal: high bit of the first byte set.
  if (buf[start] & 0x80) {
    let value = buf[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + buf[i];
    return value;
  }
  const text = cString(buf, start, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

function entryType(flag: string): TarEntryType {
  if (flag === '0' || flag === '\0' || flag === '' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = Buffer.from(text, 'utf8');
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    if (space < 0) break;
    const length = Number.parseInt(rest.subarray(0, space).toString(), 10);
    if (!(length > 0)) break;
    const record = rest.subarray(space + 1, length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(length);
  }
  return out;
}

async function readAll(reader: ChunkReader, size: number): Promise<string> {
  const data = await reader.read(size);
  await reader.skip(padding(size));
  return data.toString('utf8');
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Reads a tar stream entry by entry. Throws on a corrupt header or a truncated stream. */
export async function* readTar(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<TarItem> {
  const reader = new ChunkReader(source[Symbol.asyncIterator]());
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  try {
    for (;;) {
      const header = await reader.read(BLOCK);
      if (header.length === 0) return; // no end-of-archive blocks: tolerated, as GNU tar does
      if (header.length < BLOCK) throw new Error('tar: stream ended inside a header');
      if (header.every((b) => b === 0)) return;
      if (!checksumOk(header)) throw new Error('tar: header checksum mismatch (not a tar, or corrupt)');
      const flag = String.fromCharCode(header[156]);
      let size = octal(header, 124, 12);
      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        const text = await readAll(reader, size);
        if (flag === 'x') pax = { ...pax, ...parsePax(text) };
        else if (flag === 'L') longName = text.replace(/\0+$/, '');
        else if (flag === 'K') longLink = text.replace(/\0+$/, '');
        continue;
      }
      const ustar = cString(header, 257, 6).startsWith('ustar');
      const prefix = ustar ? cString(header, 345, 155) : '';
      const shortName = cString(header, 0, 100);
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
      const linkName = pax.linkpath ?? longLink ?? cString(header, 157, 100);
      if (pax.size !== undefined) size = Number(pax.size);
      pax = {};
      longName = longLink = undefined;
      const type = entryType(flag);
      // Only regular files carry data; hard links and directories have none even if size says so.
      const dataSize = type === 'file' || type === 'other' ? size : 0;
      let consumed = 0;
      const body = reader.take(dataSize, (n) => (consumed += n));
      yield { entry: { name, type, size: dataSize, linkName, mode: octal(header, 100, 8) }, body };
      await body.return(undefined);
      await reader.skip(dataSize - consumed + padding(dataSize));
    }
  } finally {
    await reader.close();
  }
}
