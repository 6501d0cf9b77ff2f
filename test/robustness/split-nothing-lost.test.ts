// The split's "nothing lost" checker (issue 14): every single-stage Dockerfile of ../shared/corpus
// and every generated shape (splitVariants.ts) through every runner. Each split must parse with no
// validator error (dockerfile-utils), account for every instruction of the original in its ledger
// (carried by a stage or named in a note), name only stages that exist in COPY --from, pass
// Layerwise's own lint without an error, keep shell syntax valid (`sh -n` on every RUN), declare in
// the stage every ARG a RUN uses, and keep RUN mounts, COPY flags, ADD archives and USERs (or say so).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { validate } from 'dockerfile-utils';
import { rewriteVariants, lostInstructions, type SplitResult } from '../../server/src/actions/split/index';
import { parseDockerfile } from '../../server/src/core/parse';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { fileSystemView, readWorkspaceFacts, type WorkspaceFacts } from '../../server/src/core/workspace';
import type { DockerfileModel, InstructionModel } from '../../server/src/core/model';
import { tempWorkspace } from '../support/ruleTest';
import { replaceShapes, splitShapes, workspaceForImage } from './splitVariants';
import { CORPUS, corpusDockerfiles } from '../support/corpus';

const MANIFESTS = ['package.json', 'go.mod', 'requirements.txt', 'pyproject.toml', 'pom.xml', 'build.gradle'];

interface Case {
  name: string;
  text: string;
  facts: WorkspaceFacts;
}

function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const file of corpusDockerfiles(CORPUS)) {
    const text = fs.readFileSync(file, 'utf8');
    const model = parseDockerfile(text);
    if (model.stages.length === 0) continue;
    const dir = path.dirname(file);
    const own = MANIFESTS.some((m) => fs.existsSync(path.join(dir, m)));
    const root = own ? dir : tempWorkspace(workspaceForImage(model.stages[0].image.resolved ?? ''));
    cases.push({ name: path.relative(CORPUS, file), text, facts: readWorkspaceFacts(fileSystemView(root)) });
  }
  return cases;
}

function shapeCases(): Case[] {
  return [...splitShapes(), ...replaceShapes()].map((s) => ({
    name: s.name,
    text: s.dockerfile,
    facts: readWorkspaceFacts(fileSystemView(tempWorkspace(s.files))),
  }));
}

/** The shell text of a RUN as BuildKit hands it to /bin/sh: flags removed, continuations joined. */
function shellOf(model: DockerfileModel, ins: InstructionModel, escapeChar: string): string {
  const lines = model.lines.slice(ins.range.start.line, ins.range.end.line + 1);
  const joined = lines
    .filter((l, i) => i === 0 || !/^\s*#/.test(l))
    .map((l) => (l.endsWith(escapeChar) ? l.slice(0, -1) : l))
    .join(' ');
  return joined.replace(/^\s*RUN\s+/i, '').replace(/^(--[\w-]+(=\S*)?\s+)*/, '');
}

/** Every RUN body passes `sh -n`; the first that does not is returned. */
function shellSyntaxError(bodies: string[]): string | undefined {
  if (!bodies.length) return undefined;
  const script = bodies.map((b, i) => `f${i}() {\n${b}\n}`).join('\n');
  if (spawnSync('sh', ['-n'], { input: script }).status === 0) return undefined;
  return bodies.find((b) => spawnSync('sh', ['-n'], { input: b }).status !== 0) ?? script;
}

const SHELL_WORDS = new Set(['if', 'then', 'else', 'fi', 'for', 'while', 'do', 'done', 'case', 'exec', '{', '}']);
const ARCHIVE = /\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz)$/;
const KEPT_FLAGS = ['mount', 'chmod', 'link', 'exclude', 'chown'];

/** What is wrong with one split result; [] when nothing. */
function problems(c: Case, r: SplitResult): string[] {
  const out: string[] = [];
  for (const d of validate(r.text))
    if (d.severity === 1) out.push(`validator: line ${d.range.start.line + 1}: ${d.message}`);
  for (const e of lostInstructions(r.ledger)) out.push(`lost: line ${e.line}: ${e.keyword} ${e.text}`);
  const model = parseDockerfile(r.text);
  const stageNames = new Set<string>();
  const original = parseDockerfile(c.text);
  const originalIns = original.stages.flatMap((s) => s.instructions);
  const argNames = new Set(
    [
      ...original.globalArgs.keys(),
      ...originalIns.filter((i) => i.keyword === 'ARG').map((i) => i.args[0]?.value.split('=')[0]),
    ].filter((n): n is string => !!n),
  );
  const envNames = new Set(
    originalIns.filter((i) => i.keyword === 'ENV').flatMap((i) => i.args.map((w) => w.value.split('=')[0])),
  );
  const bodies: string[] = [];
  // Who the original ran each RUN as (the last USER above it).
  const userAtRun = new Map<string, string>();
  let originalUser = 'root';
  for (const ins of originalIns) {
    if (ins.keyword === 'USER') originalUser = ins.args[0]?.value ?? originalUser;
    if (ins.keyword === 'RUN') userAtRun.set(ins.argsText, originalUser);
  }
  const runnerStage = model.stages[model.stages.length - 1];
  const chownUsers = new Set<string>();
  for (const stage of model.stages) {
    const declared = new Set<string>();
    let user = 'root';
    for (const ins of stage.instructions) {
      if (ins.keyword === 'ARG') declared.add(ins.args[0]?.value.split('=')[0] ?? '');
      if (ins.keyword === 'ENV') for (const w of ins.args) declared.add(w.value.split('=')[0]);
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (
        from &&
        !stageNames.has(from.toLowerCase()) &&
        // An image reference (`--from=nginx:alpine`) kept from the original is not a stage name.
        !(/[:/.]/.test(from) && c.text.includes(`--from=${from}`))
      )
        out.push(`COPY --from=${from} names no earlier stage`);
      if (ins.keyword === 'USER') user = ins.args[0]?.value ?? user;
      if (ins.keyword === 'RUN' && !ins.execForm && !ins.heredocs.length) {
        const body = shellOf(model, ins, model.escapeChar);
        bodies.push(body);
        const was = userAtRun.get(ins.argsText);
        if (was !== undefined && was !== user)
          out.push(`stage ${stage.name}: \`${ins.argsText}\` runs as ${user}, the original ran it as ${was}`);
      }
      if (ins.keyword === 'RUN' || ins.keyword === 'ENV')
        for (const m of ins.argsText.matchAll(/\$\{?(\w+)/g))
          if (argNames.has(m[1]) && !envNames.has(m[1]) && !declared.has(m[1]))
            out.push(
              `stage ${stage.name}: ${ins.keyword} uses $${m[1]} before its ARG (line ${ins.range.start.line + 1})`,
            );
      if (ins.keyword === 'COPY' && stage === runnerStage) {
        const owner = ins.flags.find((f) => f.name === 'chown')?.value?.split(':')[0];
        if (owner) chownUsers.add(owner);
      }
      if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && ins.execForm) {
        const first = ins.args[0]?.value;
        if (first === undefined) out.push(`${ins.keyword} [] runs nothing (line ${ins.range.start.line + 1})`);
        else if (SHELL_WORDS.has(first) || /^\w+=/.test(first))
          out.push(
            `${ins.keyword} exec form starts with \`${first}\`, a shell word (line ${ins.range.start.line + 1})`,
          );
      }
      if (ins.keyword === 'HEALTHCHECK' && /CMD\s*\[\s*\]/.test(ins.argsText))
        out.push('HEALTHCHECK CMD [] runs nothing');
    }
    if (stage.name) stageNames.add(stage.name);
  }
  const syntax = shellSyntaxError(bodies);
  if (syntax) out.push(`sh -n fails on a RUN: ${syntax.slice(0, 200)}`);
  const notes = r.warnings.join('\n');
  for (const ins of originalIns) {
    for (const f of ins.flags.filter((f) => KEPT_FLAGS.includes(f.name))) {
      const written = `--${f.name}${f.value !== null ? `=${f.value}` : ''}`;
      const chownOk = f.name === 'chown' && /--chown=/.test(r.text);
      if (!r.text.includes(written) && !chownOk && !notes.includes(`--${f.name}`))
        out.push(`${ins.keyword} ${written} (line ${ins.range.start.line + 1}) is gone, without a note`);
    }
    if (
      ins.keyword === 'ADD' &&
      ins.args.slice(0, -1).some((w) => ARCHIVE.test(w.value)) &&
      !/^ADD /m.test(r.text) &&
      !/\bADD\b/.test(notes)
    )
      out.push(`ADD of an archive (line ${ins.range.start.line + 1}) became a COPY without a note`);
  }
  const users = originalIns.filter((i) => i.keyword === 'USER');
  const lastUser = users[users.length - 1]?.args[0]?.value;
  if (lastUser && !['root', '0'].includes(lastUser.split(':')[0])) {
    const runner = model.stages[model.stages.length - 1];
    const runnerUsers = runner.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args[0]?.value);
    if (!runnerUsers.includes(lastUser) && !notes.includes(`USER ${lastUser}`))
      out.push(`USER ${lastUser} is replaced without a note`);
  }
  const finalUser = runnerStage.instructions
    .filter((i) => i.keyword === 'USER')
    .pop()
    ?.args[0]?.value.split(':')[0];
  for (const owner of chownUsers)
    if (finalUser && owner !== finalUser && !['root', '0'].includes(owner))
      out.push(`the runner copies files owned by ${owner} but runs as ${finalUser}`);
  // Variables the original's start command expands at run time still are (shell form, or named in a note).
  const startOf = (m: DockerfileModel, k: string) =>
    m.stages[m.stages.length - 1].instructions.filter((i) => i.keyword === k).pop();
  for (const k of ['CMD', 'ENTRYPOINT']) {
    const before = startOf(original, k);
    const after = startOf(model, k);
    if (before && !after && !notes.includes(k)) out.push(`the original's ${k} is gone without a note`);
    for (const m of before?.execForm ? [] : (before?.argsText.matchAll(/\$\{?(\w+)/g) ?? []))
      if (!after?.argsText.includes(m[0]) && !notes.includes(`$${m[1]}`))
        out.push(`${k} no longer expands $${m[1]} at run time`);
  }
  // Files copied before the install still are, in the stage that installs.
  // A project install (global tools, `npm i -g pm2`, read no manifest).
  const installs = (ins: InstructionModel) =>
    ins.keyword === 'RUN' &&
    ins.commands.some((c) => {
      const t = c.words.map((w) => w.text).join(' ');
      return /\b(npm (ci|install|i)|yarn( install)?|pnpm install)\b/.test(t) && !/\s(-g|--global)\b/.test(t);
    });
  const firstInstall = originalIns.find(installs);
  if (firstInstall) {
    const copiedFirst = originalIns
      .filter(
        (i) =>
          i.keyword === 'COPY' &&
          i.range.start.line < firstInstall.range.start.line &&
          !i.flags.some((f) => f.name === 'from'),
      )
      .flatMap((i) => i.args.slice(0, -1).map((w) => w.value.replace(/^\.\//, '').replace(/\/$/, '')));
    // The whole context copied first brings the install's settings and patches along.
    const wholeContext = copiedFirst.includes('.')
      ? ['.npmrc', '.yarnrc', '.yarnrc.yml', '.yarn/', 'patches/']
          .filter((f) => c.facts.topLevel.includes(f))
          .map((f) => f.replace(/\/$/, ''))
      : [];
    const before = [...copiedFirst, ...wholeContext]
      // What an install reads: manifests, lockfiles, package-manager settings, patches.
      .filter((x) =>
        /^(package(-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-[\w.-]+|\.npmrc|\.yarnrc(\.yml)?|\.yarn|patches|\.pnpmfile\.cjs)$/.test(
          x,
        ),
      );
    for (const stage of model.stages) {
      const at = stage.instructions.findIndex(installs);
      if (at < 0) continue;
      const copied = stage.instructions
        .slice(0, at)
        .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
        .flatMap((i) => i.args.slice(0, -1).map((w) => w.value.replace(/^\.\//, '').replace(/\/$/, '')));
      if (copied.includes('.')) continue;
      for (const x of before)
        if (!copied.includes(x) && !(x === 'package*.json' && copied.includes('package.json')))
          out.push(`stage ${stage.name} installs without ${x}, which the original copied first`);
    }
  }
  const lint = analyzeAll({ text: r.text, workspace: c.facts });
  for (const e of lint.ruleErrors) out.push(`rule ${e.rule} threw: ${e.error}`);
  for (const f of lint.findings.filter((f) => f.severity === 'error'))
    out.push(`lint error ${f.rule}: line ${f.range.start.line + 1}: ${f.message}`);
  return out;
}

test('nothing lost: every corpus file and every generated shape, through every runner (split or replace the runner)', () => {
  const corpus = corpusCases();
  const shapes = shapeCases();
  assert.ok(corpus.length > 0, `no single-stage Dockerfiles in ${CORPUS} (the corpus must sit beside the project)`);
  assert.ok(shapes.length >= 60, `only ${shapes.length} generated shapes`);
  const multi = corpus.filter((c) => parseDockerfile(c.text).stages.length > 1).length;
  const failures: string[] = [];
  let splits = 0;
  let refusals = 0;
  let instructions = 0;
  let replaced = 0;
  for (const c of [...corpus, ...shapes]) {
    const { results, refused } = rewriteVariants(c.text, c.facts);
    refusals += refused.length;
    for (const x of refused)
      if (x.reason.length < 10) failures.push(`${c.name} (${x.runner}): refused without a reason`);
    for (const r of results) {
      splits++;
      if (r.title.startsWith('Replace the runner')) replaced++;
      instructions += r.ledger.length;
      for (const p of problems(c, r)) failures.push(`${c.name} (${r.runner}): ${p}`);
    }
  }
  console.log(
    `nothing lost: ${corpus.length} corpus files (${multi} multi-stage) + ${shapes.length} shapes → ${splits} results (${replaced} replace the runner; ${instructions} instructions accounted for), ${refusals} refusals, ${failures.length} problems`,
  );
  assert.deepEqual(failures, []);
  assert.ok(splits >= 100, `only ${splits} splits: the shapes no longer reach the planners`);
});
