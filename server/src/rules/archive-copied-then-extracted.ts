import { unquote } from '../core/substitute';
import type { Rule } from './types';
import type { InstructionModel, ShellCommand, Word } from '../core/model';
import { argumentsOf, programOf, stageChain } from '../core/queries';

/** Archives a RUN would unpack: tar in any compression, zip, 7z. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|zip|7z|gz|bz2|xz|zst)$/i;
/** The last path segment, for `/` and Windows `\` paths alike. */
const baseName = (path: string) => unquote(path).split(/[\\/]/).filter(Boolean).pop() ?? '';

/** `tar -xf a.tar`, `tar xzf a.tgz`, `tar --extract`, `unzip`, `gunzip`, `bsdtar -x`, `7z x`: the command unpacks. */
function extracts(cmd: ShellCommand): boolean {
  const program = programOf(cmd);
  const args = argumentsOf(cmd).map((w) => w.text);
  if (program === 'tar' || program === 'bsdtar' || program === 'tar.exe') {
    return (
      args.some((a) => a === '--extract' || a === '--get' || /^-[a-zA-Z]*x/.test(a)) ||
      /^[a-wyzA-Z]*x[a-zA-Z]*$/.test(args[0] ?? '')
    );
  }
  if (program === '7z' || program === '7za') return args[0] === 'x' || args[0] === 'e';
  return (
    ['unzip', 'gunzip', 'bunzip2', 'unxz', 'unzstd', 'xz', 'zstd'].includes(program ?? '') &&
    (program?.startsWith('un') || program === 'gunzip' || args.includes('-d'))
  );
}

// Judged on the layers that ship (the final stage and its FROM chain): a builder that unpacks an
// archive and hands on only the unpacked files leaves the archive behind.
export const rule: Rule = {
  meta: {
    id: 'archive-copied-then-extracted',
    category: 'size',
    defaultSeverity: 'warning',
    summary:
      "An archive COPY'd into the image and unpacked by a later RUN: the archive itself stays in the COPY layer.",
    why: 'Each instruction is a layer. `COPY release.tar /opt/` stores the archive in one layer; `RUN tar -xf /opt/release.tar` stores the unpacked files in the next, and deleting the archive there cannot shrink the layer below: the image ships both. For a tar archive, `ADD release.tar /opt/` unpacks it in one layer; for any archive, `RUN --mount=type=bind,source=release.tar,target=/tmp/release.tar tar -xf /tmp/release.tar -C /opt` reads it from the build context without storing it. Judged on the layers that ship: the final stage and the stages it is built FROM.',
    examples: {
      bad: 'FROM debian:12-slim\nCOPY release.tar.gz /opt/\nRUN tar -xzf /opt/release.tar.gz -C /opt && rm /opt/release.tar.gz\n',
      good: 'FROM debian:12-slim\nRUN --mount=type=bind,source=release.tar.gz,target=/tmp/release.tar.gz \\\n    tar -xzf /tmp/release.tar.gz -C /opt\n',
    },
    // No fix: ADD extracts only tar archives and puts the files where tar's own flags (-C,
    // --strip-components) might not; the bind mount needs BuildKit. Both are the user's call.
    fixable: false,
    hadolint: ['DL3010'],
    hadolintDifferences: {
      DL3010:
        'an archive copied and unpacked in a builder stage that the image is not built FROM is not reported: only the unpacked files it copies on reach the image.',
    },
  },
  check({ model, final }) {
    const chain = stageChain(model, final).flatMap((s) => s.instructions.filter((i) => !i.onbuild));
    return chain.flatMap((ins, at) => {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return [];
      if (ins.flags.some((f) => f.name === 'from') || ins.args.length < 2 || ins.execForm) return [];
      const dest = ins.args[ins.args.length - 1];
      // ADD unpacks tar archives itself; only its zip/7z sources land as files.
      const archives = ins.args
        .slice(0, -1)
        .filter(
          (w) => ARCHIVE.test(unquote(w.value)) && (ins.keyword === 'COPY' || /\.(zip|7z)$/i.test(unquote(w.value))),
        );
      return archives.flatMap((source) => {
        const names = new Set([baseName(source.value)]);
        if (ARCHIVE.test(unquote(dest.value))) names.add(baseName(dest.value));
        const run = chain
          .slice(at + 1)
          .find(
            (later) =>
              later.keyword === 'RUN' &&
              later.commands.some((c) => extracts(c) && argumentsOf(c).some((w) => names.has(baseName(w.value)))),
          );
        return run ? [finding(source, run)] : [];
      });
    });
  },
};

function finding(source: Word, run: InstructionModel) {
  const name = baseName(source.value);
  return {
    range: source.range,
    message: `\`${name}\` is copied in one layer and unpacked by the RUN on line ${run.range.start.line + 1}: the archive stays in the COPY layer, shipped on top of the unpacked files (deleting it later does not help). Unpack it without storing it: \`RUN --mount=type=bind,source=${unquote(source.value)},target=/tmp/${name} …\`${/\.(zip|7z)$/i.test(name) ? '' : ', or let `ADD` unpack it in one layer'}.`,
  };
}
