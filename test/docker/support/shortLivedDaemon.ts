// A dedicated, short-lived dockerd for fault tests (killed mid-build, 1 000 images), so the
// shared private daemon other tests use is never disturbed. No bridge, no iptables, its own
// data/exec roots, pidfile and socket under a temp dir; stopped by PID with its containerd.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';

export interface ShortLivedDaemon {
  dir: string;
  socketPath: string;
  docker: Dockerode;
  pid: number;
  /** SIGKILL, as a crash would (containerd is stopped by stop()). */
  kill(): void;
  /** Resolves once the dockerd process is gone. */
  exited(): Promise<void>;
  stop(): Promise<void>;
}

export async function startShortLivedDaemon(): Promise<ShortLivedDaemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-faultd-'));
  const socketPath = path.join(dir, 'd.sock');
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
  const child: ChildProcess = spawn(
    'dockerd',
    [
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'dockerd.pid'),
      '-H',
      `unix://${socketPath}`,
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  const pid = child.pid!;
  const docker = new Dockerode({ socketPath });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await docker.ping().then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(
        `short-lived dockerd did not start: ${fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-1500)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  // Its managed containerd is a child of this dockerd; remember it to stop it by PID later.
  const children = new Set<number>();
  const collectChildren = () => childPids(pid).forEach((p) => children.add(p));
  collectChildren();
  let stopped = false;
  return {
    dir,
    socketPath,
    docker,
    pid,
    kill() {
      collectChildren();
      process.kill(pid, 'SIGKILL');
    },
    exited: () => waitExit(child, 20_000),
    async stop() {
      if (stopped) return;
      stopped = true;
      collectChildren();
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await waitExit(child, 20_000).catch(() => process.kill(pid, 'SIGKILL'));
      }
      for (const p of children) {
        try {
          process.kill(p, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
      for (const mount of fs
        .readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((m) => m?.startsWith(dir))
        .reverse()) {
        spawn('umount', ['-l', mount], { stdio: 'ignore' });
      }
      await new Promise((r) => setTimeout(r, 500));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dockerd did not exit')), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
