import type { Rule } from './types';
import type { ShellCommand, Word } from '../core/model';
import { argumentsOf, programOf } from '../core/queries';
import { insertAfter } from '../core/edits';

/** The UID given with `-u N`, `-uN`, `--uid N` or `--uid=N`. */
function uidOf(cmd: ShellCommand): Word | undefined {
  const args = argumentsOf(cmd);
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t === '-u' || t === '--uid') return args[i + 1];
    if (/^-u\d+$/.test(t)) return { ...args[i], text: t.slice(2), value: args[i].value.slice(2) };
    if (t.startsWith('--uid=')) return { ...args[i], text: t.slice(6), value: args[i].value.slice(6) };
  }
  return undefined;
}

/** `-l` alone or among combined short flags (`-lm`), or `--no-log-init`. */
function skipsLogInit(cmd: ShellCommand): boolean {
  return argumentsOf(cmd).some((w) => w.text === '--no-log-init' || /^-[a-zA-Z]*l[a-zA-Z]*$/.test(w.text));
}

// Every stage: the sparse files make the build itself slow and huge (layer tars store them whole),
// not only the shipped image.
export const rule: Rule = {
  meta: {
    id: 'useradd-high-uid',
    category: 'size',
    defaultSeverity: 'warning',
    summary:
      '`useradd` with a large UID and without `-l`/`--no-log-init`: gigabytes of sparse lastlog/faillog in the layer.',
    why: '`useradd` reserves a record for the new UID in /var/log/lastlog and /var/log/faillog, which are indexed by UID: with `-u 123456789` both files grow to tens of gigabytes. They are sparse on disk, but layer tars store them in full, so the build crawls and the image can fill the disk. `useradd -l` (`--no-log-init`) skips those records; a container never needs them. Every stage counts: a builder stage suffers it during the build.',
    examples: {
      bad: 'FROM debian:12-slim\nRUN useradd -u 123456 app\n',
      good: 'FROM debian:12-slim\nRUN useradd --no-log-init -u 123456 app\n',
    },
    fixable: true,
    hadolint: ['DL3046'],
  },
  check({ model }) {
    return model.instructions
      .filter((i) => i.keyword === 'RUN')
      .flatMap((ins) =>
        ins.commands.flatMap((cmd) => {
          if (programOf(cmd) !== 'useradd') return [];
          const uid = uidOf(cmd);
          // Six digits and more, as hadolint draws the line: 100000 × 292 bytes of lastlog is already ~29 MB.
          if (!uid || !/^\d{6,}$/.test(uid.value) || skipsLogInit(cmd)) return [];
          const program = cmd.words.find((w) => w.text.replace(/^.*\//, '') === 'useradd')!;
          return [
            {
              range: uid.range,
              message: `\`useradd\` with UID ${uid.value} writes lastlog/faillog records at offset ${uid.value} × their record size: sparse files of ${approxSize(Number(uid.value))} that layer tars store in full. Add \`--no-log-init\` (\`-l\`).`,
              // Safe: only the login records of this user are skipped; a container never reads them.
              fixes: [
                {
                  title: 'Add `--no-log-init`',
                  safe: true,
                  isPreferred: true,
                  edits: [insertAfter(program, ' --no-log-init')],
                },
              ],
            },
          ];
        }),
      );
  },
};

/** lastlog holds a 292-byte record per UID: the size the file reaches for this UID. */
function approxSize(uid: number): string {
  const bytes = uid * 292;
  return bytes >= 1e9 ? `~${Math.round(bytes / 1e9)} GB` : `~${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
