// The apps the split-build proof builds: the corpus apps (../shared/corpus/apps, when present)
// and the project's own examples. How each starts and what proves it serves comes from APPS.tsv.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunnerKind } from '../../../server/src/actions/split/index';

/** One row of `artifacts/split-results.json`: written by split-build.test.ts, read by `npm run bench -- --docker`. */
export interface SplitResultRow {
  app: string;
  variant: string;
  base?: string;
  sizeBytes?: number;
  buildSeconds?: number;
  serves?: boolean;
  probe?: string;
  warnings?: string[];
  refused?: string;
  note?: string;
}

export interface SplitApp {
  name: string;
  dir: string;
  port: number;
  /** Path probed with GET from inside the container's network namespace; must answer 200. */
  probe: string;
  env?: Record<string, string>;
  /** Runners whose refusal is expected, with a substring of the reason (asserted). */
  refusals?: Partial<Record<RunnerKind | 'all', string>>;
  /** A change the original needs to build here at all, applied before splitting (said in the results). */
  adapt?: { why: string; apply(text: string): string };
}

const ROOT = path.join(__dirname, '..', '..', '..');
const CORPUS_APPS = process.env.LW_CORPUS_APPS ?? path.join(ROOT, '..', 'shared', 'corpus', 'apps');

const MONGO_ENV = {
  MONGO_USERNAME: 'u',
  MONGO_PASSWORD: 'p',
  MONGO_HOSTNAME: '127.0.0.1',
  MONGO_PORT: '27017',
  MONGO_DATABASE_NAME: 'test',
};

const ALL_APPS: SplitApp[] = [
  { name: 'naive-node (examples)', dir: path.join(ROOT, 'examples', 'naive-node'), port: 3000, probe: '/health' },
  { name: 'nextjs-app (examples)', dir: path.join(ROOT, 'examples', 'nextjs-app'), port: 3000, probe: '/api/health' },
  {
    name: 'python-api (examples)',
    dir: path.join(ROOT, 'examples', 'python-api'),
    port: 8000,
    probe: '/health',
    refusals: { distroless: "Debian's own Python" },
  },
  { name: 'go-api (examples)', dir: path.join(ROOT, 'examples', 'go-api'), port: 8080, probe: '/health' },
  {
    name: 'node-bulletin-board',
    dir: path.join(CORPUS_APPS, 'dockersamples__node-bulletin-board__bulletin-board-app'),
    port: 8080,
    probe: '/api/events',
  },
  {
    name: 'example-voting-app result',
    dir: path.join(CORPUS_APPS, 'dockersamples__example-voting-app__result'),
    port: 80,
    probe: '/',
    refusals: { distroless: 'tini', alpine: 'tini' },
  },
  {
    name: 'node-docker-good-defaults',
    dir: path.join(CORPUS_APPS, 'BretFisher__node-docker-good-defaults__root'),
    port: 3000,
    probe: '/healthz',
    env: MONGO_ENV,
    refusals: { distroless: 'docker-entrypoint.sh' },
    adapt: {
      why: 'npm@latest needs Node 22 (stand-in: Node 20), so the original pins npm@10; the classic builder creates WORKDIR as root (BuildKit gives it to USER), so the original chowns /opt/node_app first',
      apply: (t) =>
        t
          .replace('npm i npm@latest -g', 'npm i npm@10 -g')
          .replace(
            '\nUSER node\n',
            '\nRUN mkdir -p /opt/node_app/app && chown -R node:node /opt/node_app\nUSER node\n',
          ),
    },
  },
  {
    name: 'nginx-nodejs-redis web',
    dir: path.join(CORPUS_APPS, 'docker__awesome-compose__nginx-nodejs-redis__web'),
    port: 5000,
    probe: '/',
  },
  {
    name: 'react-express-mysql backend',
    dir: path.join(CORPUS_APPS, 'docker__awesome-compose__react-express-mysql__backend'),
    port: 80,
    probe: '/healthz',
    refusals: { all: 'already has 2 stages' },
  },
  {
    name: 'react-nginx',
    dir: path.join(CORPUS_APPS, 'docker__awesome-compose__react-nginx'),
    port: 80,
    probe: '/',
    refusals: { all: 'already has 4 stages' },
  },
  {
    name: 'distroless node-express',
    dir: path.join(CORPUS_APPS, 'GoogleContainerTools__distroless__examples__nodejs__node-express'),
    port: 3000,
    probe: '/',
    refusals: { all: 'already has 2 stages' },
  },
];

/** LW_SPLIT_APPS=next,go narrows the run while working on one app (the full suite runs them all). */
const only = process.env.LW_SPLIT_APPS?.split(',').filter(Boolean);
export const SPLIT_APPS = ALL_APPS.filter(
  (a) => fs.existsSync(path.join(a.dir, 'Dockerfile')) && (!only || only.some((o) => a.name.includes(o))),
);

/**
 * Docker Hub is out of reach, so the original's base becomes the stand-in of the same family
 * and variant (node:18-slim → node:20-slim; node 14 alpine → node:20-slim, no alpine stand-in).
 */
export function standInBase(image: string): string | undefined {
  const m = /^(node|python|golang):(.*)$/.exec(image);
  if (!m) return undefined;
  if (m[1] === 'python') return 'python:3.11-slim';
  if (m[1] === 'golang') return 'golang:1.19';
  return /slim|alpine/.test(m[2]) ? 'node:20-slim' : 'node:20';
}

/**
 * A stand-in Redis for apps that need one (nginx-nodejs-redis): answers the handful of
 * commands a client sends (INFO ready check, INCR, GET/SET, PING) on 127.0.0.1:6379.
 */
export const FAKE_REDIS = `
const counters = new Map();
require('net').createServer((socket) => {
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (;;) {
      const m = /^\\*(\\d+)\\r\\n/.exec(buffer);
      if (!m) return;
      let at = m[0].length; const args = [];
      for (let i = 0; i < Number(m[1]); i++) {
        const h = /^\\$(\\d+)\\r\\n/.exec(buffer.slice(at)); if (!h) return;
        at += h[0].length; args.push(buffer.substr(at, Number(h[1]))); at += Number(h[1]) + 2;
        if (at > buffer.length) return;
      }
      buffer = buffer.slice(at);
      const cmd = (args[0] || '').toUpperCase();
      if (cmd === 'INFO') { const s = '# Server\\r\\nredis_version:6.0.0\\r\\nloading:0\\r\\n'; socket.write('$' + s.length + '\\r\\n' + s + '\\r\\n'); }
      else if (cmd === 'INCR') { const n = (counters.get(args[1]) || 0) + 1; counters.set(args[1], n); socket.write(':' + n + '\\r\\n'); }
      else if (cmd === 'GET') { const v = counters.get(args[1]); socket.write(v === undefined ? '$-1\\r\\n' : '$' + String(v).length + '\\r\\n' + v + '\\r\\n'); }
      else if (cmd === 'PING') socket.write('+PONG\\r\\n');
      else socket.write('+OK\\r\\n');
    }
  });
}).listen(6379, '127.0.0.1');
`;

/** Fetches http://127.0.0.1:PORT/PATH from a sidecar in the app's network namespace; exits 0 on 200. */
export function probeScript(port: number, probe: string): string {
  return `fetch('http://127.0.0.1:${port}${probe}').then(async (r) => { const body = await r.text(); console.log(r.status, body.slice(0, 80).replace(/\\s+/g, ' ')); process.exit(r.status === 200 ? 0 : 1); }, (e) => { console.log('error', e.cause?.code ?? e.message); process.exit(1); });`;
}
