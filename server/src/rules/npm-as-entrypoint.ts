import type { Rule } from './types';
import type { InstructionModel, ShellCommand, Word } from '../core/model';
import { splitCommands } from '../core/parse';
import type { Fix, RuleFinding } from '../core/findings';
import { chainInstructions, programIndex } from '../core/queries';
import { execFormText, plainNodeScript } from '../core/startCommand';

const MANAGERS = ['npm', 'yarn', 'pnpm'];
/** Package-manager subcommands that are not scripts (yarn/pnpm run any other word as a script). */
const NOT_SCRIPTS = new Set([
  'install',
  'ci',
  'add',
  'exec',
  'dlx',
  'npx',
  'i',
  'rebuild',
  'prune',
  'config',
  'cache',
  'global',
  'link',
  'pack',
  'publish',
  'why',
  'list',
  'ls',
  'audit',
  'outdated',
  'init',
  'create',
  'workspace',
  'workspaces',
  'set',
  'up',
  'upgrade',
  'remove',
  'rm',
  'uninstall',
  'info',
  'view',
  'version',
  'help',
  'bin',
  'dedupe',
  'store',
  'env',
  'import',
  'patch',
  'node',
]);

// The container's main process should be the app: npm/yarn/pnpm in between is one more process
// that does not hand SIGTERM on reliably (and adds a shell for the script), so `docker stop`
// waits its 10 s and kills the app without a graceful shutdown.
export const rule: Rule = {
  meta: {
    id: 'npm-as-entrypoint',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: 'CMD/ENTRYPOINT runs `npm start`, `npm run …`, `yarn start` or `pnpm start` instead of the app itself.',
    why: 'With `CMD ["npm", "start"]` the package manager is PID 1 and the app its grandchild (through `sh -c`). Signals do not reliably reach the app: `docker stop` waits 10 seconds, then kills it without a graceful shutdown (open connections dropped, no cleanup). npm also needs to be in the image and costs memory. Start the script\'s own command, e.g. `CMD ["node", "dist/index.js"]`.',
    examples: {
      bad: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
      good: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/index.js"]\n',
    },
    fixable: true,
  },
  check({ model, final, workspace }) {
    const effective = ['CMD', 'ENTRYPOINT']
      .map((k) =>
        chainInstructions(model, final)
          .filter((i) => i.keyword === k)
          .pop(),
      )
      .filter((i): i is InstructionModel => i !== undefined);
    const findings: RuleFinding[] = [];
    for (const ins of effective) {
      const call = scriptCall(ins);
      if (!call) continue;
      const shown = call.words.map((w) => w.value).join(' ');
      const argv = call.whole ? plainNodeScript(workspace?.packageJson, call.script, workspace?.view) : undefined;
      findings.push({
        range: { start: call.manager.range.start, end: call.words[call.words.length - 1].range.end },
        message: `\`${shown}\` makes ${call.manager.value} the container's main process: it does not pass SIGTERM on reliably, so \`docker stop\` waits 10 s and kills the app without a clean shutdown. Start the app directly${argv ? `: \`${ins.keyword} ${execFormText(argv)}\`` : ` (the "${call.script}" script's own command, e.g. \`${ins.keyword} ["node", "server.js"]\`)`}.`,
        fixes: argv ? nodeFix(ins, argv) : undefined,
      });
    }
    return findings;
  },
};

interface ScriptCall {
  manager: Word;
  /** From the manager word to the script name. */
  words: Word[];
  script: string;
  /** The instruction is only this call (nothing before or after it), so it can be replaced whole. */
  whole: boolean;
}

function scriptCall(ins: InstructionModel): ScriptCall | undefined {
  let words: Word[];
  let whole: boolean;
  const script = shellScript(ins);
  if (ins.execForm && !script) {
    words = ins.args;
    whole = true;
  } else {
    const commands = script ?? ins.commands;
    const command = commands.find((c) => MANAGERS.includes(c.words[programIndex(c)]?.value.replace(/^.*\//, '')));
    if (!command) return undefined;
    whole = !script && commands.length === 1 && programIndex(command) === 0;
    words = command.words.slice(programIndex(command));
  }
  const manager = words[0];
  if (!manager || !MANAGERS.includes(manager.value.replace(/^.*\//, ''))) return undefined;
  const rest = words.slice(1);
  const sub = rest.findIndex((w) => !w.value.startsWith('-'));
  if (sub < 0) return undefined;
  const name = rest[sub].value;
  let scriptIndex = sub;
  if (name === 'run' || name === 'run-script')
    scriptIndex = rest.findIndex((w, i) => i > sub && !w.value.startsWith('-'));
  else if (name !== 'start' && (manager.value.endsWith('npm') || NOT_SCRIPTS.has(name))) return undefined;
  if (scriptIndex < 0) return undefined;
  const used = rest.slice(0, scriptIndex + 1);
  return {
    manager,
    words: [manager, ...used],
    script: rest[scriptIndex].value,
    whole: whole && rest.length === scriptIndex + 1 && used.every((w) => !w.value.startsWith('-')),
  };
}

/** `CMD ["sh", "-c", "npm run migrate && npm start"]`: the script's commands, each word ranged on the string. */
function shellScript(ins: InstructionModel): ShellCommand[] | undefined {
  const [shell, flag, body] = ins.args;
  if (
    !ins.execForm ||
    !body ||
    !/^(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|ash|dash)$/.test(shell.value) ||
    flag.value !== '-c'
  )
    return undefined;
  return splitCommands(
    body.value
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({ text, value: text, range: body.range })),
  );
}

// Not safe: npm sets npm_* variables and puts node_modules/.bin on PATH, which a script may rely on.
function nodeFix(ins: InstructionModel, argv: string[]): Fix[] {
  // Everything after the keyword: exec-form word ranges stop inside the brackets.
  const range = { start: ins.keywordRange.end, end: ins.range.end };
  return [
    {
      title: `Run the app directly: ${ins.keyword} ${execFormText(argv)}`,
      safe: false,
      isPreferred: true,
      edits: [{ range, newText: ` ${execFormText(argv)}` }],
    },
  ];
}
