// The script of the Layerwise GitHub Action (action.yml). Plain Node, no dependencies: the runner
// starts it with INPUT_* variables (one per input, defaults filled in), GITHUB_WORKSPACE and
// GITHUB_OUTPUT. It runs `layerwise lint` on the given paths from the workspace, writes the report
// to `output`, turns findings into annotations, sets the outputs, and exits with the CLI's exit code.
//
// The CLI: dist/cli.js beside the action when it is there (a built checkout), else the npm package of
// the same version (`npm exec layerwise@VERSION`); LAYERWISE_CLI_PACKAGE names another package spec.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ACTION_ROOT = path.resolve(__dirname, '..');

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
function input(name) {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  const alt = key.replace(/-/g, '_');
  return (process.env[key] ?? process.env[alt] ?? '').trim();
}

function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (file) fs.appendFileSync(file, `${name}=${value}\n`);
  else process.stdout.write(`::set-output name=${name}::${value}\n`);
}

function escapeData(s) {
  return String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** How to start the CLI: [command, ...leading arguments]. */
function cliCommand() {
  const local = path.join(ACTION_ROOT, 'dist', 'cli.js');
  if (!process.env.LAYERWISE_CLI_PACKAGE && fs.existsSync(local)) return [process.execPath, local];
  let spec = process.env.LAYERWISE_CLI_PACKAGE;
  if (!spec) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ACTION_ROOT, 'packages', 'cli', 'package.json'), 'utf8'));
    spec = `${manifest.name}@${manifest.version}`;
  }
  return ['npm', 'exec', '--yes', `--package=${spec}`, '--', 'layerwise'];
}

/** Findings of a SARIF or JSON report, for annotations: {level, file, line, col, rule, message}. */
function findingsOf(format, report) {
  if (format === 'sarif')
    return JSON.parse(report).runs.flatMap((run) =>
      run.results.map((r) => {
        const loc = r.locations?.[0]?.physicalLocation;
        return {
          level: r.level,
          file: loc?.artifactLocation?.uri,
          line: loc?.region?.startLine,
          col: loc?.region?.startColumn,
          rule: r.ruleId,
          message: r.message?.text ?? '',
        };
      }),
    );
  if (format === 'json')
    return JSON.parse(report).map((r) => ({
      level: r.severity === 'info' ? 'note' : r.severity,
      file: r.file,
      line: r.range.start.line + 1,
      col: r.range.start.character + 1,
      rule: r.rule,
      message: r.message,
    }));
  return undefined;
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const format = input('format') || 'sarif';
  const output = input('output') || (format === 'sarif' ? 'layerwise.sarif' : `layerwise.${format}`);
  const paths = input('paths').split(/\s+/).filter(Boolean);
  const args = ['lint', '--format', format];
  if (input('config')) args.push('--config', input('config'));
  if (input('max-warnings')) args.push('--max-warnings', input('max-warnings'));
  if (input('baseline')) args.push('--baseline', input('baseline'));
  args.push('--', ...(paths.length ? paths : ['.']));

  const [command, ...lead] = cliCommand();
  const shown = [command === process.execPath ? 'node' : command, ...lead];
  process.stdout.write(`layerwise: ${[...shown, ...args].join(' ')}\n`);
  const r = spawnSync(command, [...lead, ...args], {
    cwd: workspace,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.error || r.status === null) {
    process.stdout.write(
      `::error title=layerwise::could not run the Layerwise CLI: ${escapeData(r.error?.message ?? `killed by ${r.signal}`)}\n`,
    );
    setOutput('exit-code', 2);
    return 2;
  }
  const report = r.stdout;
  let count = 0;
  if (report) {
    const file = path.resolve(workspace, output);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    setOutput('report', file);
    const findings = findingsOf(format, report);
    if (findings) {
      count = findings.length;
      for (const f of findings) {
        const command = f.level === 'error' ? 'error' : f.level === 'warning' ? 'warning' : 'notice';
        const props = [
          `file=${escapeProperty(f.file)}`,
          `line=${f.line}`,
          `col=${f.col}`,
          `title=${escapeProperty(f.rule)}`,
        ];
        process.stdout.write(`::${command} ${props.join(',')}::${escapeData(f.message)}\n`);
      }
    } else {
      process.stdout.write(report);
      count = Number(/^(\d+) problems?/m.exec(report)?.[1] ?? 0);
    }
    process.stdout.write(`layerwise: ${count} finding${count === 1 ? '' : 's'}; report written to ${output}\n`);
  }
  setOutput('findings', count);
  setOutput('exit-code', r.status);
  if (process.env.GITHUB_STEP_SUMMARY)
    fs.appendFileSync(
      process.env.GITHUB_STEP_SUMMARY,
      `### Layerwise\n\n${count} finding${count === 1 ? '' : 's'} in \`${paths.join(' ') || '.'}\` (exit code ${r.status}); report: \`${output}\`.\n`,
    );
  return r.status;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stdout.write(`::error title=layerwise::${escapeData(e?.message ?? e)}\n`);
  process.exitCode = 2;
}
