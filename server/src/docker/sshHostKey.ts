// Host-key checking for `ssh://` daemons, as OpenSSH does it with StrictHostKeyChecking=yes: the
// key the server offers must be recorded for that host in ~/.ssh/known_hosts (plain or hashed
// names, `[host]:port` for other ports). An unknown host is refused with the command that records
// its key; a changed key is refused outright; a `@revoked` key too. The verdict of the last check
// per host is kept so the error a refused connection surfaces can say which case it was.
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type HostKeyVerdict =
  | { kind: 'match'; line: number }
  | { kind: 'unknown' }
  | { kind: 'changed'; line: number; file: string }
  | { kind: 'revoked'; line: number; file: string };

/** The name OpenSSH looks up: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port = 22): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type inside an SSH public-key blob (its first length-prefixed string). */
export function keyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  return length > 0 && 4 + length <= blob.length ? blob.subarray(4, 4 + length).toString('latin1') : undefined;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const raw of pattern.split(',')) {
    const negated = raw.startsWith('!');
    const glob = negated ? raw.slice(1) : raw;
    const re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
    if (re.test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Checks `key` (the server's public-key blob) for `host`:`port` against the text of a known_hosts file. */
export function checkKnownHosts(
  text: string,
  host: string,
  port: number,
  key: Buffer,
  file = 'known_hosts',
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const type = keyType(key);
  let changed: HostKeyVerdict | undefined;
  let match: HostKeyVerdict | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0].startsWith('@')) marker = fields.shift();
    if (marker === '@cert-authority') continue; // certificates: Layerwise does not check them, the key must be listed plainly
    const [names, entryType, base64] = fields;
    if (!names || !entryType || !base64 || !nameMatches(names, name)) continue;
    const entryKey = Buffer.from(base64, 'base64');
    if (marker === '@revoked') {
      if (entryKey.equals(key)) return { kind: 'revoked', line: i + 1, file };
      continue;
    }
    if (entryKey.equals(key)) match ??= { kind: 'match', line: i + 1 };
    else if (entryType === type) changed ??= { kind: 'changed', line: i + 1, file };
  }
  return match ?? changed ?? { kind: 'unknown' };
}

/** The user's known_hosts files, as OpenSSH reads them by default. */
export function knownHostsFiles(home = os.homedir()): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2')];
}

/** Checks a key against every known_hosts file; a match in any file wins, as in OpenSSH. */
export function checkHostKey(host: string, port: number, key: Buffer, files = knownHostsFiles()): HostKeyVerdict {
  let worst: HostKeyVerdict = { kind: 'unknown' };
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const verdict = checkKnownHosts(text, host, port, key, file);
    if (verdict.kind === 'match' || verdict.kind === 'revoked') return verdict;
    if (verdict.kind === 'changed') worst = verdict;
  }
  return worst;
}

const lastVerdicts = new Map<string, HostKeyVerdict>();

/** A host verifier for ssh2: true only for a known, unchanged key; the verdict is remembered for the error message. */
export function hostVerifier(host: string, port: number, files?: string[]): (key: Buffer) => boolean {
  return (key: Buffer) => {
    const verdict = checkHostKey(host, port, key, files);
    lastVerdicts.set(knownHostsName(host, port), verdict);
    return verdict.kind === 'match';
  };
}

/** Why the last connection to host:port was refused, in words, or undefined when it was not. */
export function hostKeyRefusal(host: string, port: number): { message: string; fix: string } | undefined {
  const name = knownHostsName(host, port);
  const verdict = lastVerdicts.get(name);
  const sshCommand = `ssh ${port === 22 ? '' : `-p ${port} `}${host}`;
  switch (verdict?.kind) {
    case 'unknown':
      return {
        message: `The SSH host key of ${name} is not in ~/.ssh/known_hosts, so Layerwise did not connect (as \`ssh\` with StrictHostKeyChecking).`,
        fix: `Run \`${sshCommand}\` once in a terminal, check the fingerprint it shows, and accept it; then refresh.`,
      };
    case 'changed':
      return {
        message: `The SSH host key of ${name} has CHANGED since it was recorded (${verdict.file}, line ${verdict.line}): someone may be intercepting the connection, or the host was reinstalled. Layerwise did not connect.`,
        fix: `If the change is expected, remove the old key with \`ssh-keygen -R '${name}'\` and run \`${sshCommand}\` to record the new one.`,
      };
    case 'revoked':
      return {
        message: `The SSH host key of ${name} is marked @revoked in ${verdict.file} (line ${verdict.line}). Layerwise did not connect.`,
        fix: 'Ask the host’s administrator for its current key.',
      };
    default:
      return undefined;
  }
}
