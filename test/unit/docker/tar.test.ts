// The streaming tar reader on tars made by GNU tar (ustar, PAX, GNU long names) and by our own
// writer, fed in chunks of every awkward size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTar } from '../../../server/src/docker/tar';
import { packFiles } from '../../../server/src/docker/tarPack';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tar-'));
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function readAll(data: Buffer, chunkSize: number, readBodies = true) {
  const out: { name: string; type: string; size: number; linkName: string; body?: string }[] = [];
  for await (const { entry, body } of readTar(chunked(data, chunkSize))) {
    let text: string | undefined;
    if (readBodies) {
      const parts: Buffer[] = [];
      for await (const c of body) parts.push(c);
      text = Buffer.concat(parts).toString('utf8');
    }
    out.push({ name: entry.name, type: entry.type, size: entry.size, linkName: entry.linkName, body: text });
  }
  return out;
}

const LONG = `${'deep/'.repeat(30)}file-with-a-very-long-name.txt`;

function sampleTree(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, path.dirname(LONG)), { recursive: true });
  fs.writeFileSync(path.join(dir, LONG), 'long name body');
  fs.writeFileSync(path.join(dir, 'small.txt'), 'hello');
  fs.writeFileSync(path.join(dir, 'zero'), '');
  fs.writeFileSync(path.join(dir, 'odd.bin'), Buffer.alloc(513, 7));
  fs.writeFileSync(path.join(dir, 'ünïcødé.txt'), 'utf8 name');
  fs.symlinkSync('small.txt', path.join(dir, 'link'));
  fs.linkSync(path.join(dir, 'small.txt'), path.join(dir, 'hard'));
  return dir;
}

for (const format of ['gnu', 'pax', 'ustar'] as const) {
  test(`reads a GNU tar --format=${format} archive in chunks of 1, 7, 512 and 65536 bytes`, async () => {
    const dir = sampleTree();
    const members =
      format === 'ustar'
        ? ['small.txt', 'zero', 'odd.bin', 'link', 'hard']
        : ['small.txt', 'zero', 'odd.bin', 'link', 'hard', LONG, 'ünïcødé.txt'];
    const data = execFileSync('tar', ['-c', `--format=${format}`, '-C', dir, ...members]);
    const expected = await readAll(data, 65536);
    const byName = new Map(expected.map((e) => [e.name, e]));
    assert.equal(byName.get('small.txt')?.body, 'hello');
    assert.equal(byName.get('zero')?.size, 0);
    assert.equal(byName.get('odd.bin')?.body, Buffer.alloc(513, 7).toString());
    assert.equal(byName.get('link')?.type, 'symlink');
    assert.equal(byName.get('link')?.linkName, 'small.txt');
    assert.equal(byName.get('hard')?.type, 'hardlink');
    assert.equal(byName.get('hard')?.size, 0);
    if (format !== 'ustar') {
      assert.equal(byName.get(LONG)?.body, 'long name body');
      assert.equal(byName.get('ünïcødé.txt')?.body, 'utf8 name');
    }
    for (const size of [1, 7, 512]) assert.deepEqual(await readAll(data, size), expected);
  });
}

test('skips unread bodies and still finds every header', async () => {
  const dir = sampleTree();
  const data = execFileSync('tar', ['-c', '--format=pax', '-C', dir, '.']);
  const names = (await readAll(data, 100, false)).map((e) => e.name).sort();
  assert.ok(names.includes(`./${LONG}`));
  assert.ok(names.includes('./odd.bin'));
});

test('our writer round-trips through GNU tar and through the reader', async () => {
  const dir = sampleTree();
  const files = ['small.txt', 'odd.bin', 'link', LONG, 'ünïcødé.txt', 'deep'];
  const parts: Buffer[] = [];
  for await (const chunk of packFiles(dir, files)) parts.push(chunk as Buffer);
  const data = Buffer.concat(parts);
  const listed = execFileSync('tar', ['-t'], { input: data }).toString().split('\n').filter(Boolean);
  assert.deepEqual(listed, ['small.txt', 'odd.bin', 'link', LONG, 'ünïcødé.txt', 'deep/']);
  const read = await readAll(data, 333);
  assert.equal(read.find((e) => e.name === LONG)?.body, 'long name body');
  assert.equal(read.find((e) => e.name === 'link')?.linkName, 'small.txt');
  const out = tempDir();
  execFileSync('tar', ['-x', '-C', out], { input: data });
  assert.equal(fs.readFileSync(path.join(out, 'ünïcødé.txt'), 'utf8'), 'utf8 name');
});

test('reads base-256 sizes and rejects a corrupt header', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'f'), 'abcde');
  const data = execFileSync('tar', ['-c', '--format=ustar', '-C', dir, 'f']);
  const header = data.subarray(0, 512);
  header.fill(0, 124, 136);
  header[124] = 0x80;
  header[135] = 5;
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  const read = await readAll(data, 512);
  assert.equal(read[0].size, 5);
  assert.equal(read[0].body, 'abcde');
  const corrupt = Buffer.from(data);
  corrupt[0] ^= 0xff;
  await assert.rejects(readAll(corrupt, 512), /checksum/);
  await assert.rejects(readAll(data.subarray(0, 515), 512), /ended/);
});
