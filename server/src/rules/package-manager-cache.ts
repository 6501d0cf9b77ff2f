import type { Rule, RuleContext } from './types';
import type { Fix, RuleFinding } from '../core/findings';
import type { InstructionModel, ShellCommand, StageModel, Word } from '../core/model';
import {
  cleansCacheAfter,
  mountsCache,
  nodeInstall,
  osPackageInstall,
  pipInstall,
  pipKeepsNoCache,
  type CacheOwner,
} from '../core/commands';
import { argumentsOf, hasOption, programOf, shippedChainRuns } from '../core/queries';
import { appendToRun, insertAfter } from '../core/edits';

// apk, pip, gem, yum/dnf and zypper caches are judged on the layers that ship (final stage and its
// FROM chain, ONBUILD triggers included). npm/yarn/pnpm caches likewise: a builder's cache stays
// behind when only its output is copied.
export const rule: Rule = {
  meta: {
    id: 'package-manager-cache',
    category: 'size',
    defaultSeverity: 'warning',
    summary:
      'Package manager leaves its download cache in the image (apk, pip, npm/yarn/pnpm, gem, yum/dnf/microdnf, zypper).',
    why: "Package managers keep what they downloaded: `apk` its index in /var/cache/apk, pip every wheel in ~/.cache/pip, npm every tarball in ~/.npm, yum/dnf/zypper their metadata and packages in /var/cache, gem its generated docs. In an image nothing ever reuses that cache, yet it ships in the layer — often as big as the packages themselves. Use the no-cache flag, clean in the same RUN after the install (a clean before it removes nothing the install adds), or a BuildKit cache or tmpfs mount on that manager's cache folder (a mount elsewhere does not help). Judged on the layers that ship: the final stage, the stages it is built FROM, and their ONBUILD triggers; a builder whose output is copied leaves its cache behind.",
    examples: {
      bad: 'FROM python:3.12-slim\nRUN apk add curl\nRUN pip install -r requirements.txt\n',
      good: 'FROM python:3.12-slim\nRUN apk add --no-cache curl\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    fixable: true,
    hadolint: ['DL3019', 'DL3042', 'DL3060', 'DL3032', 'DL3040', 'DL3036'],
    hadolintDifferences: {
      DL3042:
        'a falsy `PIP_NO_CACHE_DIR` (`0`, `false`, `no`, `off`) is clean here: pip turns its cache off for every valid value of that variable (a backwards-compatibility quirk pip documents), so nothing is cached.',
    },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { stage, instruction: ins } of shippedChainRuns(ctx.model, ctx.final)) {
      let nodeSeen = false;
      for (const cmd of ins.commands) {
        // Node installs in if/elif branches (`yarn` or `npm ci` or `pnpm i`) are one install: report the first.
        if (nodeInstall(cmd)) {
          if (nodeSeen) continue;
          nodeSeen = true;
        }
        const found = checkCommand(ctx, stage, ins, cmd);
        if (found) findings.push(found);
      }
    }
    return findings;
  },
};

/** The cache stays out of the layer: a mount on its folder, or a clean after the command in the same RUN. */
function keptOut(ins: InstructionModel, cmd: ShellCommand, owner: CacheOwner): boolean {
  return mountsCache(ins, owner) || cleansCacheAfter(ins, cmd, owner);
}

function finding(word: Word, message: string, fix?: Fix): RuleFinding {
  return { range: word.range, message, fixes: fix ? [fix] : undefined };
}

const OS_CLEAN: Partial<Record<CacheOwner, string>> = {
  yum: 'yum clean all',
  dnf: 'dnf clean all',
  microdnf: 'microdnf clean all',
  zypper: 'zypper clean --all',
};

function checkCommand(
  ctx: RuleContext,
  stage: StageModel,
  ins: InstructionModel,
  cmd: ShellCommand,
): RuleFinding | undefined {
  const os = osPackageInstall(cmd);
  if (os?.manager === 'apk') {
    if (hasOption(cmd, '--no-cache') || keptOut(ins, cmd, 'apk')) return undefined;
    return finding(
      os.verb,
      '`apk add` keeps the package index in /var/cache/apk (several MB in this layer): use `apk add --no-cache`.',
      { title: 'Add `--no-cache`', safe: true, edits: [insertAfter(os.verb, ' --no-cache')] },
    );
  }
  const clean = os && OS_CLEAN[os.manager];
  if (os && clean) {
    if (keptOut(ins, cmd, os.manager)) return undefined;
    const append = appendToRun(ctx.model, ins, clean);
    return finding(
      os.verb,
      `\`${os.manager} ${os.verb.text}\` leaves its metadata and package cache in this layer (often 100+ MB): end the RUN with \`&& ${clean}\`.`,
      append && { title: `Add \`&& ${clean}\``, safe: true, edits: [append] },
    );
  }
  const pip = pipInstall(cmd);
  if (pip) {
    if (pipKeepsNoCache(ctx.model, stage, ins, cmd) || keptOut(ins, cmd, 'pip')) return undefined;
    return finding(
      pip.word,
      'pip keeps every downloaded wheel in ~/.cache/pip, shipped in this layer (often as big as the packages): use `pip install --no-cache-dir` or set `PIP_NO_CACHE_DIR=1`.',
      { title: 'Add `--no-cache-dir`', safe: true, edits: [insertAfter(pip.word, ' --no-cache-dir')] },
    );
  }
  if (programOf(cmd) === 'gem' && argumentsOf(cmd).find((w) => !w.text.startsWith('-'))?.text === 'install') {
    if (hasOption(cmd, '--no-document', '-N', '--no-ri', '--no-rdoc')) return undefined;
    const verb = argumentsOf(cmd).find((w) => w.text === 'install')!;
    return finding(
      verb,
      '`gem install` generates ri/rdoc documentation nobody reads in a container: add `--no-document`.',
      { title: 'Add `--no-document`', safe: true, edits: [insertAfter(verb, ' --no-document')] },
    );
  }
  const node = nodeInstall(cmd);
  if (node) return checkNodeCache(ctx, ins, cmd, node.tool, node.word);
  return undefined;
}

const NODE_CLEAN: Record<string, string | undefined> = {
  npm: 'npm cache clean --force',
  yarn: 'yarn cache clean',
  pnpm: undefined,
};

/** Each node tool's message and fix title, written once (a file can run thousands of installs). */
const NODE_TEXT = Object.fromEntries(
  Object.entries(NODE_CLEAN).map(([tool, clean]) => [
    tool,
    {
      message: `${tool} keeps a copy of every downloaded package in its cache, shipped in this layer (often tens of MB): ${clean ? `end the RUN with \`&& ${clean}\`` : 'prune the store in the same RUN'} or use \`RUN --mount=type=cache\`.`,
      title: `Add \`&& ${clean}\``,
    },
  ]),
);

function checkNodeCache(
  ctx: RuleContext,
  ins: InstructionModel,
  cmd: ShellCommand,
  tool: 'npm' | 'yarn' | 'pnpm',
  word: Word,
): RuleFinding | undefined {
  // An explicit cache folder (`--cache /tmp/npm`) is the user's own choice of where the cache goes.
  if (keptOut(ins, cmd, tool) || hasOption(cmd, '--cache', '--cache-folder', '--store-dir')) return undefined;
  const clean = NODE_CLEAN[tool];
  const append = clean ? appendToRun(ctx.model, ins, clean) : undefined;
  const text = NODE_TEXT[tool];
  return finding(word, text.message, append && clean ? { title: text.title, safe: true, edits: [append] } : undefined);
}
