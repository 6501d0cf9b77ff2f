// Hostile Dockerfile texts for the robustness suites: real files (the shared corpus when this
// checkout has it, else the repository's own Dockerfiles), hand-picked parser traps, and
// fast-check arbitraries that mutate them. `LAYERWISE_DEEP=1` makes every suite run longer.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DEEP = process.env.LAYERWISE_DEEP === '1';
export const CORPUS_DIR = path.resolve(ROOT, '..', 'shared', 'corpus');

/** Files named like Dockerfiles under `dir` (skipping node_modules). */
export function dockerfilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name === '.git') continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/dockerfile|containerfile/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Real Dockerfiles: the shared corpus if present, plus the project's own examples and fixtures. */
export function realDockerfiles(): { name: string; text: string }[] {
  const files = [
    ...dockerfilesUnder(CORPUS_DIR),
    ...dockerfilesUnder(path.join(ROOT, 'examples')),
    ...dockerfilesUnder(path.join(ROOT, 'test', 'fixtures')),
  ];
  return files.map((f) => ({ name: path.relative(path.dirname(ROOT), f), text: readFileSync(f, 'utf8') }));
}

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** Hand-picked traps, each named for the failure it would expose. */
export function trapInputs(): { name: string; text: string }[] {
  const scale = DEEP ? 10 : 1;
  return [
    { name: 'empty', text: '' },
    { name: 'only BOM', text: '\ufeff' },
    { name: 'BOM + FROM', text: '\ufeffFROM node:20\nUSER node\n' },
    { name: 'NUL bytes', text: 'FROM no\0de:20\nRUN echo \0\0\nCOPY \0 /\n' },
    {
      name: 'CRLF',
      text: 'FROM node:20 AS build\r\nRUN npm ci \\\r\n  && npm run build\r\nFROM node:20-slim\r\nCOPY --from=build /app /app\r\n',
    },
    { name: 'lone CR', text: 'FROM node:20\rRUN a \\\r b\rCMD ["node"]\r' },
    {
      name: 'escape backtick',
      text: '# escape=`\nFROM mcr.microsoft.com/windows:ltsc2019\nRUN echo a `\n  b\nCOPY . C:\\app\\\n',
    },
    { name: 'escape directive garbage', text: '# escape=x\n# escape=\\\nFROM a\n' },
    { name: 'heredoc left open', text: 'FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\n' },
    { name: 'heredoc nested markers', text: 'FROM debian\nRUN <<A <<B cat\na\nA\nb\n' },
    { name: 'COPY heredoc open', text: 'FROM debian\nCOPY <<EOF /x\nhello\n' },
    { name: 'continuation to EOF', text: 'FROM debian\nRUN a \\\n' },
    {
      name: 'long continuation',
      text: `FROM debian\nRUN apt-get update \\\n${repeat(10_000 * scale, (i) => `  && echo line${i} \\\n`)}  && true\n`,
    },
    { name: 'continuation with comments and blanks', text: 'FROM debian\nRUN a \\\n# c\n\n \\\n  b\n' },
    {
      name: 'deep ARG substitution',
      text: `ARG A0=x\n${repeat(300 * scale, (i) => `ARG A${i + 1}=\${A${i}}\${A${i}}\n`)}FROM node:\${A300}\n`,
    },
    { name: 'ARG self reference', text: 'ARG A=${A}\nARG B=${B:-${B:-${B}}}\nFROM ${A}${B}\n' },
    { name: 'unbalanced substitution', text: 'ARG X=${\nFROM ${X:-${Y\nRUN echo ${\n' },
    { name: 'huge single line', text: `FROM debian\nRUN echo ${'x'.repeat(DEEP ? 1_000_000 : 250_000)}\n` },
    { name: 'huge single word line', text: `FROM ${'a'.repeat(300_000)}\n` },
    {
      name: 'many stages',
      text: repeat(500 * scale, (i) => `FROM node:20 AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /a\n`),
    },
    { name: 'COPY --from cycles', text: 'FROM a AS x\nCOPY --from=y / /\nFROM x AS y\nCOPY --from=x / /\nFROM y\n' },
    { name: 'FROM its own stage name', text: 'FROM loop AS loop\nFROM loop\n' },
    {
      // variable look-ups answer from the last ENV, else ARG, starting before the line (astMemo indexes them)
      name: 'variables redefined by ENV and ARG',
      text: 'ARG A=g\nARG B\nFROM debian:$A AS one\nARG A\nENV B=$A C=1 B=2\nRUN echo $A $B $C\nENV A=e \\\n  C=$B\nARG C=a\nRUN echo $A $B $C $D\nENV D\nRUN echo ${D:-x} $D\nFROM one\nRUN echo $A $B\nARG B=3\nENV A=$B\nRUN echo $A $B\n',
    },
    {
      // the validator reports duplicates grouped by name, in an object's key order (integer-like names first)
      name: 'duplicate stage names, some integer-like',
      text: 'FROM a AS b\nFROM a AS 10\nFROM a AS B\nFROM a AS 2\nFROM a AS 10\nFROM a AS 2\nFROM a AS 01\nFROM a AS 01\nFROM a as X\nFROM a AS x\n',
    },
    { name: 'numeric --from out of range', text: 'FROM a\nCOPY --from=99 / /\nCOPY --from=-1 / /\n' },
    { name: 'ONBUILD chains', text: 'FROM a\nONBUILD ONBUILD RUN x\nONBUILD\nONBUILD FROM b\n' },
    { name: 'JSON forms malformed', text: 'FROM a\nCMD ["a", \nENTRYPOINT [\nRUN ["\\u00"]\nSHELL []\n' },
    {
      name: 'flags malformed',
      text: 'FROM --platform= --platform a\nCOPY --from= --chown=:: --link=maybe . .\nRUN --mount=type= x\n',
    },
    { name: 'keywords only', text: 'FROM\nRUN\nCOPY\nUSER\nENV\nARG\nLABEL\nHEALTHCHECK\nEXPOSE\nWORKDIR\n' },
    {
      name: 'suppression pragmas garbage',
      text: '# hadolint ignore=\n# layerwise-ignore\n# layerwise-ignore ,,, *\nFROM a\n',
    },
    { name: 'unicode and surrogates', text: 'FROM nöde:20\nRUN echo \ud83d\ude00 \ud800 \udfff\nUSER 👤\n' },
    { name: 'only comments', text: repeat(1000, (i) => `# comment ${i}\n`) },
    { name: 'whitespace only', text: ' \t\n\n   \r\n\t' },
  ];
}

/** A real or trap text with one random mutation: truncation, splice, byte noise, line-ending swaps. */
export function mutatedDockerfile(seeds: { text: string }[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds.map((s) => s.text));
  const noise = fc.string({
    unit: fc.constantFrom(
      '\0',
      '\ufeff',
      '\\',
      '`',
      '"',
      '[',
      ']',
      '$',
      '{',
      '}',
      '\r',
      '\n',
      '\r\n',
      '<<',
      'EOF',
      '#',
      ' ',
      '\t',
      '-',
      '=',
      'FROM ',
      'RUN ',
      'COPY --from=',
      'ARG ',
      '${',
      'é',
      '\ud800',
    ),
    maxLength: 40,
  });
  return fc.oneof(
    fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, t.length ? n % (t.length + 1) : 0)),
    fc.tuple(seed, fc.nat(), noise).map(([t, n, s]) => {
      const at = t.length ? n % t.length : 0;
      return t.slice(0, at) + s + t.slice(at);
    }),
    fc.tuple(seed, fc.nat(), fc.nat(200)).map(([t, n, len]) => {
      const at = t.length ? n % t.length : 0;
      return t.slice(0, at) + t.slice(at + len);
    }),
    seed.map((t) => t.replace(/\n/g, '\r\n')),
    seed.map((t) => t.replace(/\n/g, '\r')),
    seed.map((t) => `\ufeff# escape=\`\n${t.replace(/\\\n/g, '`\n')}`),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
  );
}

/** Every offset 0..length when `all` (deep mode by default); otherwise `samples` offsets spread over it (ends included). */
export function truncationOffsets(length: number, samples: number, all = DEEP): number[] {
  if (all || length + 1 <= samples) return Array.from({ length: length + 1 }, (_, i) => i);
  const step = length / (samples - 1);
  return [...new Set(Array.from({ length: samples }, (_, i) => Math.round(i * step)))];
}
