// Writes a tar stream of files from disk (the build context sent to POST /build), one file at a
// time, so a large context never sits in memory. Long or non-ASCII names use PAX headers. As the
// docker CLI packs a context: a file with several names is sent once, its later names as hard
// links to the first; FIFOs are sent as FIFOs (never opened: reading one would block forever);
// sockets and devices are left out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

const BLOCK = 512;

function header(name: string, size: number, mode: number, flag: string, linkName = '', mtime = 0): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(`${(mode & 0o7777).toString(8).padStart(7, '0')}\0`, 100, 8, 'ascii');
  block.write('0000000\0', 108, 8, 'ascii'); // uid
  block.write('0000000\0', 116, 8, 'ascii'); // gid
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  block.write(`${Math.floor(mtime).toString(8).padStart(11, '0')}\0`, 136, 12, 'ascii');
  block.fill(0x20, 148, 156);
  block.write(flag, 156, 1, 'ascii');
  block.write(linkName, 157, 100, 'utf8');
  block.write('ustar\0' + '00', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

function fitsUstar(text: string): boolean {
  return Buffer.byteLength(text) < 100 && /^[\x20-\x7e]*$/.test(text);
}

function paxRecords(records: Record<string, string>): Buffer {
  let text = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body) + 1;
    while (String(length).length + Buffer.byteLength(body) !== length)
      length = String(length).length + Buffer.byteLength(body);
    text += `${length}${body}`;
  }
  return Buffer.from(text, 'utf8');
}

function pad(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** One header (plus a PAX header when the names do not fit ustar). */
function headers(name: string, size: number, mode: number, flag: string, linkName: string, mtime: number): Buffer[] {
  const out: Buffer[] = [];
  if (!fitsUstar(name) || !fitsUstar(linkName)) {
    const records: Record<string, string> = {};
    if (!fitsUstar(name)) records.path = name;
    if (!fitsUstar(linkName)) records.linkpath = linkName;
    const data = paxRecords(records);
    out.push(header('PaxHeader', data.length, 0o644, 'x'), data, pad(data.length));
  }
  out.push(
    header(fitsUstar(name) ? name : name.slice(0, 99), size, mode, flag, fitsUstar(linkName) ? linkName : '', mtime),
  );
  return out;
}

/** A tar of `files` (paths relative to `root`, `/`-separated). Directories are created by the daemon. */
export function packFiles(root: string, files: string[]): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    /** First name of each multiply-linked file, by device and inode. */
    const firstName = new Map<string, string>();
    for (const rel of files) {
      const abs = path.join(root, rel);
      const st = await fs.promises.lstat(abs);
      const mtime = st.mtimeMs / 1000;
      const inode = `${st.dev}:${st.ino}`;
      if (st.isSymbolicLink()) {
        yield* headers(rel, 0, st.mode, '2', await fs.promises.readlink(abs), mtime);
      } else if (st.isDirectory()) {
        yield* headers(`${rel}/`, 0, st.mode, '5', '', mtime);
      } else if (st.isFIFO()) {
        yield* headers(rel, 0, st.mode, '6', '', mtime);
      } else if (st.isFile() && st.nlink > 1 && firstName.has(inode)) {
        yield* headers(rel, 0, st.mode, '1', firstName.get(inode)!, mtime);
      } else if (st.isFile()) {
        if (st.nlink > 1) firstName.set(inode, rel);
        yield* headers(rel, st.size, st.mode, '0', '', mtime);
        let written = 0;
        for await (const chunk of fs.createReadStream(abs)) {
          const buf = chunk as Buffer;
          // A file that grew while packing must not corrupt the stream: stop at the announced size.
          const take = Math.min(buf.length, st.size - written);
          if (take > 0) yield buf.subarray(0, take);
          written += take;
        }
        if (written < st.size) yield Buffer.alloc(st.size - written);
        yield pad(st.size);
      }
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  return Readable.from(generate(), { objectMode: false });
}
