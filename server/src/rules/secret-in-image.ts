import type { Rule } from './types';
import type { DockerfileModel, InstructionModel, Range, Word } from '../core/model';
import type { Fix, RuleFinding } from '../core/findings';
import type { WorkspaceFacts } from '../core/workspace';
import { chainInstructions, joinPosix, wholeContextSource, workdirAt } from '../core/queries';
import { unquote } from '../core/substitute';
import { projectFilesSent, sourceMatcher } from '../core/context';
import { dockerignoreEdit } from '../core/dockerignore';
import { isSecretName, PLACEHOLDER_VALUE, SECRET_DIRS, secretFileKind } from '../core/secrets';
import { append } from '../core/collections';

// Anyone who can pull an image can read every file and ENV in it (`docker cp`, `docker inspect`),
// and a later `RUN rm` does not remove a file from the layer that added it.
//
// False-positive choices (also listed in meta.why, so the docs page shows them):
// - `.env.example`/`.sample`/`.template`/`.dist`/`.defaults` are committed templates, not secrets.
// - `*.pem`, `.npmrc`, `.pypirc`, `.netrc` are flagged only when the file is readable and holds a private
//   key / a literal credential: CA bundles are `.pem` too, and `_authToken=${NPM_TOKEN}` holds none.
// - Names ending in _FILE, _PATH, _DIR, _ID, _URL… point at secrets rather than hold them; GPG_KEY and
//   other public-key names are public by design. Values like `dummy`, `changeme`, `true`, `1` are not secrets.
// - ARG without a default is not flagged (the value is not in the Dockerfile); ENV from an ARG is: it is baked in.
export const rule: Rule = {
  meta: {
    id: 'secret-in-image',
    category: 'safety',
    defaultSeverity: 'warning',
    summary:
      '`.env` files, private keys, `.npmrc`/`.pypirc` with tokens, or secret-named ENV/ARG values end up in the image.',
    why: 'Everything in an image can be read by anyone who can pull it: files with `docker cp` or by unpacking layers, ENV values with `docker inspect`, build args used by RUN with `docker history`. Deleting a file in a later layer does not remove it. Keep secrets out of the context (`.dockerignore`), pass runtime secrets as environment at `docker run`, and build-time ones with `RUN --mount=type=secret`. Not reported, to avoid false alarms: committed templates (`.env.example`, `.sample`, `.template`), `.pem` files without a private key (CA certificates), `.npmrc`/`.pypirc` whose tokens are `${VARIABLES}`, names that point at a secret instead of holding it (`*_FILE`, `*_PATH`, `*_ID`, `*_URL`), public keys (`GPG_KEY`), placeholder values (`dummy`, `changeme`, `true`), and `ARG` without a default.',
    examples: {
      bad: 'FROM node:20-slim\nWORKDIR /app\nCOPY .npmrc .env ./\nENV API_TOKEN=sk_live_51Habc\nCOPY . .\n',
      good: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev\nCOPY . .\n',
    },
    fixable: true,
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    // Only what ships: the final stage and its FROM chain, plus context copies it takes over from builders.
    for (const ins of chainInstructions(ctx.model, ctx.final)) {
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from'))
        append(findings, copiedSecrets(ins, ctx.workspace));
      if (ins.keyword === 'COPY' && ins.flags.some((f) => f.name === 'from')) {
        // Named secrets copied from another stage or image (their content is not in the context to read).
        append(findings, copiedSecrets(ins, undefined));
        if (ctx.workspace) append(findings, contextCopiedOver(ctx.model, ins, ctx.workspace));
      }
      if (ins.keyword === 'ENV') append(findings, secretVariables(ins, 'ENV'));
    }
    for (const ins of ctx.model.instructions)
      if (ins.keyword === 'ARG' && !ins.onbuild) append(findings, secretVariables(ins, 'ARG'));
    return findings;
  },
};

function copiedSecrets(ins: InstructionModel, workspace: WorkspaceFacts | undefined): RuleFinding[] {
  if (ins.args.length < 2 || ins.args.some((w) => w.text.startsWith('<<'))) return [];
  const findings: RuleFinding[] = [];
  const read = (rel: string) => () => workspace?.view.readText(rel, 64 * 1024);
  for (const source of ins.args.slice(0, -1)) {
    const rel = unquote(source.value).replace(/^\.\/+/, '');
    const kind = secretFileKind(rel, read(rel));
    if (kind) {
      findings.push({
        range: source.range,
        message: `Copies \`${rel}\` (${kind}) into the image, where anyone who can pull it can read it: pass it at run time (env/secret mount) or at build time with \`RUN --mount=type=secret\`.`,
      });
      continue;
    }
    // A folder or the whole context: look at what it would really send.
    if (
      !workspace ||
      /[*?[]/.test(rel) ||
      !(rel === '' || rel === '.' || rel.endsWith('/') || workspace.view.list(rel).length > 0)
    )
      continue;
    const found = secretsSent(workspace, rel);
    if (found.length === 0) continue;
    findings.push({
      range: source.range,
      message: `Copies ${listed(found)} into the image (not excluded by .dockerignore): anyone who can pull it can read them. Add them to .dockerignore and pass secrets at run time or with \`RUN --mount=type=secret\`.`,
      fixes: [dockerignoreFix(workspace, found)],
    });
  }
  return findings;
}

/**
 * `COPY --from=build /app /app` where the build stage did `COPY . /app`: the runner gets the whole
 * context the builder received, secrets included (the distroless examples' pattern).
 */
function contextCopiedOver(model: DockerfileModel, ins: InstructionModel, workspace: WorkspaceFacts): RuleFinding[] {
  const copy = model.stages[ins.stageIndex]?.copiesFrom.find((c) => c.instruction === ins);
  if (copy?.stageIndex === undefined || ins.args.length < 2) return [];
  const builder = model.stages[copy.stageIndex];
  const contextDests = chainInstructions(model, builder)
    .filter((i) => wholeContextSource(i))
    .map((i) =>
      joinPosix(
        workdirAt(model, model.stages[i.stageIndex], i.range.start.line),
        unquote(i.args[i.args.length - 1].value),
      ),
    );
  const findings: RuleFinding[] = [];
  for (const source of ins.args.slice(0, -1)) {
    const from = joinPosix('/', unquote(source.value));
    if (!contextDests.some((dest) => dest === from || dest.startsWith(from === '/' ? '/' : `${from}/`))) continue;
    const found = secretsSent(workspace, '.');
    if (found.length === 0) continue;
    findings.push({
      range: source.range,
      message: `Copies \`${from}\` from stage "${builder.name ?? builder.index}", which holds the whole build context, so ${listed(found)} end${found.length === 1 ? 's' : ''} up in the image (not excluded by .dockerignore): anyone who can pull it can read them. Add them to .dockerignore, or copy only the build output.`,
      fixes: [dockerignoreFix(workspace, found)],
    });
  }
  return findings;
}

function listed(files: string[]): string {
  return (
    files
      .slice(0, 3)
      .map((f) => `\`${f}\``)
      .join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '')
  );
}

/** Secret-looking files the build context sends under `dir` (not descending into dependency folders). */
function secretsSent(workspace: WorkspaceFacts, dir: string): string[] {
  const inSource = sourceMatcher(dir);
  const found = secretCandidates(workspace).filter(inSource);
  // Secret folders (.ssh/, .aws/) are reported once, by folder.
  const folders = new Set(
    found.map((p) => p.split('/').find((part) => SECRET_DIRS.has(part))).filter((x): x is string => !!x),
  );
  return [...folders.values()]
    .map((f) => `${f}/`)
    .concat(found.filter((p) => !p.split('/').some((part) => SECRET_DIRS.has(part))))
    .sort();
}

/** The files the build sends that hold a secret (names first; content read only for .pem, .npmrc, ...). */
function secretCandidates(workspace: WorkspaceFacts): string[] {
  return projectFilesSent(workspace).filter((p) => secretFileKind(p, () => workspace.view.readText(p, 64 * 1024)));
}

// Not safe: an app that reads `.env` at start needs its settings passed another way first.
function dockerignoreFix(workspace: WorkspaceFacts, files: string[]): Fix {
  const edit = dockerignoreEdit(
    workspace,
    files.map((f) => f.replace(/\/$/, '')),
  );
  return {
    title: `Exclude ${files.length === 1 ? files[0] : `${files.length} secret files`} in .dockerignore`,
    safe: false,
    edits: [edit],
  };
}

function secretVariables(ins: InstructionModel, keyword: 'ENV' | 'ARG'): RuleFinding[] {
  const pairs: { name: string; value: string; range: Range }[] = [];
  const words = ins.args;
  if (keyword === 'ENV' && words.length >= 2 && !words[0].text.includes('=')) {
    pairs.push({
      name: words[0].text,
      value: words
        .slice(1)
        .map((w) => w.text)
        .join(' '),
      range: spanOf(words),
    });
  } else {
    for (const w of words) {
      const eq = w.text.indexOf('=');
      if (eq > 0) pairs.push({ name: w.text.slice(0, eq), value: unquote(w.text.slice(eq + 1)), range: w.range });
    }
  }
  return pairs
    .filter(
      (p) =>
        isSecretName(p.name) &&
        !PLACEHOLDER_VALUE.test(p.value.trim()) &&
        (keyword === 'ENV' || !/^\$\{?\w+\}?$/.test(p.value)),
    )
    .map((p) => ({
      range: p.range,
      message:
        keyword === 'ENV'
          ? `\`ENV ${p.name}\` stores its value in the image config, where \`docker inspect\` shows it to anyone who can pull the image: pass it at run time (\`docker run -e ${p.name}\`) or use \`RUN --mount=type=secret\` for build steps.`
          : `\`ARG ${p.name}\` has a default value committed in the Dockerfile, and build args used by RUN are recorded in \`docker history\`: drop the default and use \`RUN --mount=type=secret,id=${p.name.toLowerCase()}\`.`,
    }));
}

function spanOf(words: Word[]): Range {
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}
