import { unquote } from '../core/substitute';
import ignore from '@balena/dockerignore';
import type { Rule, RuleContext } from './types';
import type { RuleFinding } from '../core/findings';
import type { InstructionModel, ShellCommand, StageModel, Word } from '../core/model';
import { isAptUpdate, nodeInstall, osPackageInstall, osPackageRemove, pipInstall } from '../core/commands';
import { argumentsOf, joinPosix, programOf, stageChain, wholeContextSource, workdirAt } from '../core/queries';
import { pushTo } from '../core/collections';
import { perString } from '../core/memo';

/** Something a layer added: a path (file or folder) or a package. */
interface Added {
  ins: InstructionModel;
  /** Absolute container path, or undefined for a package. */
  path?: string;
  package?: string;
  /** What added it, for the message (`\`npm ci\``; the line is the instruction's, added when a message needs it). */
  what: string;
  /** For `COPY . <dir>`: only paths that exist in the build context count. */
  fromContext?: boolean;
}

const strip = (w: Word) => unquote(w.value);

// Only layers that ship matter: the final stage and the stages it is built FROM.
export const rule: Rule = {
  meta: {
    id: 'removed-in-later-layer',
    category: 'size',
    defaultSeverity: 'warning',
    summary: 'Files or packages added in one layer and removed in a later RUN: the bytes stay in the image.',
    why: 'Image layers only ever add: deleting a file in a later RUN hides it but its bytes remain in the earlier layer, pulled and stored with the image. `RUN curl -o /tmp/x.tgz` followed by `RUN rm /tmp/x.tgz`, `apt-get purge gcc` after a separate install, or `rm -rf /app/tests` after `COPY . /app` all save nothing. Remove in the same RUN that adds, keep the files out with .dockerignore, or build in another stage and copy only what is needed. Judged on the layers that ship (the final stage and the stages it is built FROM).',
    examples: {
      bad: 'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\nRUN tar -xzf /tmp/tool.tgz -C /usr/local && rm /tmp/tool.tgz\n',
      good: 'FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \\\n    && tar -xzf /tmp/tool.tgz -C /usr/local && rm /tmp/tool.tgz\n',
    },
    fixable: false,
  },
  check(ctx) {
    const added = new AddedSoFar();
    const findings: RuleFinding[] = [];
    for (const stage of stageChain(ctx.model, ctx.final)) {
      for (const ins of stage.instructions) {
        if (ins.onbuild) continue;
        if (ins.keyword === 'RUN') {
          // Once per RUN, not per command: a RUN of thousands of `&&` commands must stay linear.
          const own: Added[] = [];
          for (const cmd of ins.commands) runAdds(ctx, stage, ins, cmd, own);
          // What earlier layers added: this RUN's own additions join after its removals are judged.
          for (const cmd of ins.commands) removals(ctx, stage, ins, cmd, added, own, findings);
          for (const a of own) added.add(a);
        } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') copyAdds(ctx, stage, ins, added);
      }
    }
    return findings;
  },
};

/**
 * What the layers so far added, in order, with look-ups by package, by path and by the folders a path is
 * in: the first addition a removal hits, without a search of every addition per removal (a file of
 * thousands of RUNs each adding or removing was quadratic).
 */
class AddedSoFar {
  private readonly all: Added[] = [];
  private readonly firstOfPackage = new Map<string, Added>();
  /** Positions in `all` of the additions of each exact path. */
  private readonly atPath = new Map<string, number[]>();
  /** Positions in `all` of the additions inside each folder (a path is filed under every folder it is in). */
  private readonly inside = new Map<string, number[]>();

  add(a: Added): void {
    const at = this.all.length;
    this.all.push(a);
    if (a.package !== undefined && !this.firstOfPackage.has(a.package)) this.firstOfPackage.set(a.package, a);
    if (a.path === undefined) return;
    pushTo(this.atPath, a.path, at);
    // foldersOf without its array (one per addition: 100,000 COPY and RUN lines in a 1 MB file).
    if (a.path.startsWith('/')) pushTo(this.inside, '/', at);
    for (let slash = a.path.indexOf('/'); slash >= 0; slash = a.path.indexOf('/', slash + 1))
      if (slash > 0 && (slash > 1 || a.path[0] !== '/')) pushTo(this.inside, a.path.slice(0, slash), at);
  }

  withPackage(name: string): Added | undefined {
    return this.firstOfPackage.get(name);
  }

  /** The first addition at `path` exactly. */
  atExactly(path: string): Added | undefined {
    const at = this.atPath.get(path);
    return at ? this.all[at[0]] : undefined;
  }

  /** The first addition that overlaps `target` (it, a folder holding it, or something inside it) and `accept`s. */
  firstOverlapping(target: string, accept: (a: Added) => boolean): Added | undefined {
    const lists = [
      this.atPath.get(target),
      this.inside.get(target),
      ...foldersOf(target).map((f) => this.atPath.get(f)),
    ];
    let first = -1;
    for (const list of lists) {
      if (!list) continue;
      for (const at of list) {
        if (first >= 0 && at >= first) break;
        const a = this.all[at];
        if (a.path !== undefined && overlaps(a.path, target) && accept(a)) {
          first = at;
          break;
        }
      }
    }
    return first >= 0 ? this.all[first] : undefined;
  }
}

/**
 * The strings `overlaps` treats as folders holding `path`: each text before a `/` of it, and `/` itself
 * for an absolute path (which holds every absolute path).
 */
function foldersOf(path: string): string[] {
  const folders = path.startsWith('/') ? ['/'] : [];
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    const folder = path.slice(0, at);
    if (folder !== '/') folders.push(folder);
  }
  return folders;
}

/** What a COPY or ADD adds, into `added`. */
function copyAdds(ctx: RuleContext, stage: StageModel, ins: InstructionModel, added: AddedSoFar): void {
  if (ins.args.length < 2 || ins.heredocs.length > 0) return;
  const workdir = workdirAt(ctx.model, stage, ins.range.start.line);
  const destText = strip(ins.args[ins.args.length - 1]);
  const dest = joinPosix(workdir, destText);
  const what = ins.keyword;
  if (wholeContextSource(ins)) {
    added.add({ ins, path: dest, what, fromContext: true });
    return;
  }
  const intoDir = destText.endsWith('/') || ins.args.length > 2;
  for (let i = 0; i < ins.args.length - 1; i++) {
    const src = strip(ins.args[i]);
    const plain = !/[*?[]/.test(src) && intoDir;
    added.add({ ins, path: plain ? joinPosix(dest, src.replace(/\/+$/, '').split('/').pop() ?? '') : dest, what });
  }
}

/** `\`npm ci\``, `\`apt-get install\``: one string per distinct command word, not one per command. */
const quoted = perString((command: string) => `\`${command}\``);

/** What one command of a RUN adds, onto `out`. */
function runAdds(ctx: RuleContext, stage: StageModel, ins: InstructionModel, cmd: ShellCommand, out: Added[]): void {
  // Most commands add no path of their own: the WORKDIR is looked up only for one that does.
  let workdir: string | undefined;
  const at = (path: string) => joinPosix((workdir ??= workdirAt(ctx.model, stage, ins.range.start.line)), path);
  if (isAptUpdate(cmd)) out.push({ ins, path: '/var/lib/apt/lists', what: '`apt-get update`' });
  const os = osPackageInstall(cmd);
  if (os) {
    const what = quoted(`${programOf(cmd)} ${os.verb.text}`);
    for (const p of os.packages) out.push({ ins, package: p.value, what });
    if (os.manager === 'apt') out.push({ ins, path: '/var/cache/apt', what: '`apt-get install`' });
    if (os.manager === 'apk') out.push({ ins, path: '/var/cache/apk', what: '`apk add`' });
    if (os.manager === 'yum' || os.manager === 'dnf')
      out.push({ ins, path: `/var/cache/${os.manager}`, what: quoted(`${os.manager} ${os.verb.text}`) });
  }
  const node = nodeInstall(cmd);
  if (node?.tool === 'npm') out.push({ ins, path: '/root/.npm', what: quoted(`npm ${node.word.text}`) });
  if (node?.tool === 'yarn') out.push({ ins, path: '/usr/local/share/.cache/yarn', what: '`yarn install`' });
  if (pipInstall(cmd)) out.push({ ins, path: '/root/.cache/pip', what: '`pip install`' });
  const program = programOf(cmd);
  if (program === 'curl' || program === 'wget') {
    const args = argumentsOf(cmd);
    const isOutputFlag = (w: Word) =>
      (program === 'curl' && (w.text === '--output' || /^-[a-zA-Z]*o$/.test(w.text))) ||
      (program === 'wget' && (w.text === '-O' || w.text === '--output-document'));
    const output = args.findIndex(isOutputFlag);
    if (output >= 0 && args[output + 1] && strip(args[output + 1]) !== '-')
      out.push({ ins, path: at(strip(args[output + 1])), what: quoted(program) });
  }
  if (program === 'git') {
    const args = argumentsOf(cmd);
    if (args[0]?.text === 'clone') {
      const positional = args.slice(1).filter((w) => !w.text.startsWith('-'));
      const dir = positional[1]
        ? strip(positional[1])
        : positional[0]
          ? strip(positional[0])
              .replace(/\/+$/, '')
              .split('/')
              .pop()!
              .replace(/\.git$/, '')
          : undefined;
      if (dir) out.push({ ins, path: at(dir), what: '`git clone`' });
    }
  }
  // `… > /file`, `>> /file`: the shell writes the file into this layer (device files and fd duplications excepted).
  for (let i = 0; i < cmd.words.length; i++) {
    const w = cmd.words[i];
    if (!w.value.includes('>')) continue;
    const m = /^(?:\d?>>?|&>)(.*)$/.exec(w.value);
    const target = m ? unquote(m[1] || cmd.words[i + 1]?.value || '') : '';
    if (!target || target.startsWith('&') || target.startsWith('/dev/')) continue;
    out.push({ ins, path: at(target), what: 'a shell redirection' });
  }
}

/** The findings of one command of a RUN that removes what an earlier layer added, onto `findings`. */
function removals(
  ctx: RuleContext,
  stage: StageModel,
  ins: InstructionModel,
  cmd: ShellCommand,
  earlier: AddedSoFar,
  own: readonly Added[],
  findings: RuleFinding[],
): void {
  const removed = osPackageRemove(cmd);
  if (removed) {
    for (const p of removed.packages) {
      const hit = earlier.withPackage(p.value);
      if (hit) findings.push(finding(p, `package \`${p.value}\``, hit));
    }
    return;
  }
  const cleaned = cacheCleaned(cmd);
  if (cleaned) {
    // A clean in a RUN that also installs serves that RUN's own cache (package-manager-cache reports the earlier one).
    if (own.some((a) => a.path === cleaned.path)) return;
    const hit = earlier.atExactly(cleaned.path);
    if (hit) findings.push(finding(cleaned.word, `the cache in \`${cleaned.path}\``, hit));
    return;
  }
  if (programOf(cmd) !== 'rm') return;
  const workdir = workdirAt(ctx.model, stage, ins.range.start.line);
  for (const w of argumentsOf(cmd)) {
    if (w.text.startsWith('-')) continue;
    const target = removalTarget(joinPosix(workdir, strip(w)), strip(w));
    const hit = earlier.firstOverlapping(target, (a) => !a.fromContext || inContext(ctx, a.path as string, target));
    if (hit) findings.push(finding(w, `\`${strip(w)}\``, hit));
  }
}

/** `/app/tests/*` → `/app/tests`; `/tmp/*.tgz` → `/tmp` (the folder the glob lives in). */
function removalTarget(resolved: string, written: string): string {
  if (!/[*?[]/.test(written)) return resolved;
  const beforeGlob = resolved.slice(0, resolved.search(/[*?[]/));
  return beforeGlob.endsWith('/')
    ? joinPosix('/', beforeGlob)
    : joinPosix('/', beforeGlob.slice(0, beforeGlob.lastIndexOf('/') + 1));
}

function overlaps(added: string, target: string): boolean {
  return (
    added === target ||
    target.startsWith(added === '/' ? '/' : `${added}/`) ||
    added.startsWith(target === '/' ? '/' : `${target}/`)
  );
}

/** For a wholesale context copy, only paths the context really has (and .dockerignore lets through) were copied. */
function inContext(ctx: RuleContext, dest: string, target: string): boolean {
  const ws = ctx.workspace;
  if (!ws || target === dest || !target.startsWith(`${dest}/`)) return false;
  const rel = target.slice(dest.length + 1);
  if (!ws.view.exists(rel)) return false;
  return ws.dockerignore === undefined || !ignore().add(ws.dockerignore).ignores(rel);
}

function finding(word: Word, what: string, added: Added): RuleFinding {
  return {
    range: word.range,
    message: `${what} was added by ${added.what} on line ${added.ins.range.start.line + 1}; removing it in a later RUN hides it but its bytes stay in that earlier layer: remove it in the same RUN that adds it${added.fromContext ? ', or exclude it with .dockerignore' : ''}.`,
  };
}

const CACHE_CLEANERS = /^(npm|yarn|pip\d?|yum|dnf)$/;

/** `npm cache clean`, `yarn cache clean`, `pip cache purge`, `yum/dnf clean all`: the cache folder they empty. */
function cacheCleaned(cmd: ShellCommand): { path: string; word: Word } | undefined {
  const program = programOf(cmd);
  if (!program || !CACHE_CLEANERS.test(program)) return undefined;
  const args = argumentsOf(cmd).filter((w) => !w.text.startsWith('-'));
  const verb = (i: number, ...names: string[]) => (names.includes(args[i]?.text ?? '') ? args[i] : undefined);
  if (program === 'npm' && verb(0, 'cache') && verb(1, 'clean')) return { path: '/root/.npm', word: args[1] };
  if (program === 'yarn' && verb(0, 'cache') && verb(1, 'clean'))
    return { path: '/usr/local/share/.cache/yarn', word: args[1] };
  if (program && /^pip\d?$/.test(program) && verb(0, 'cache') && verb(1, 'purge'))
    return { path: '/root/.cache/pip', word: args[1] };
  if ((program === 'yum' || program === 'dnf') && verb(0, 'clean'))
    return { path: `/var/cache/${program}`, word: args[0] };
  return undefined;
}
