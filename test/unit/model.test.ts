import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/parse';
import {
  finalStage,
  shippedStages,
  isCommand,
  hasOption,
  programOf,
  runCommands,
  envValueAt,
} from '../../server/src/core/queries';

test('stages: names, ARG-substituted base images, stage references and the final stage', () => {
  const m = parseDockerfile(
    [
      'ARG NODE_VERSION=20',
      'ARG VARIANT',
      'FROM node:${NODE_VERSION}-slim AS Deps',
      'FROM node:${NODE_VERSION} AS build',
      'FROM build AS test',
      'FROM gcr.io/distroless/nodejs${NODE_VERSION}-debian12',
      'FROM python:${VARIANT}',
      'FROM scratch',
    ].join('\n'),
  );
  assert.equal(m.stages.length, 6);
  assert.equal(m.stages[0].name, 'deps', 'stage names are case-insensitive, stored lower-case');
  assert.equal(m.stages[0].image.resolved, 'node:20-slim');
  assert.equal(m.stages[1].image.resolved, 'node:20');
  assert.equal(m.stages[2].baseStage, 1, 'FROM build refers to the stage');
  assert.equal(m.stages[3].image.resolved, 'gcr.io/distroless/nodejs20-debian12');
  assert.equal(m.stages[4].image.resolved, null, 'an ARG with no value leaves the reference unresolved');
  assert.equal(m.stages[5].scratch, true);
  assert.equal(finalStage(m)?.index, 5);
  assert.equal(finalStage(m, 'BUILD')?.index, 1, 'the build target picks the stage');
  assert.deepEqual(m.stages[0].image.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 30 } });
});

test('copies between stages: by name, by index, external images; shipped stages follow them', () => {
  const m = parseDockerfile(
    [
      'FROM node:20 AS deps',
      'RUN npm ci',
      'FROM node:20 AS build',
      'COPY --from=deps /app/node_modules ./node_modules',
      'FROM node:20 AS unused',
      'FROM gcr.io/distroless/nodejs20-debian12',
      'COPY --from=build /app/dist ./dist',
      'COPY --from=0 /app/node_modules ./node_modules',
      'COPY --from=nginx:alpine /etc/nginx/nginx.conf /x',
      'RUN --mount=type=bind,from=unused,target=/u true',
    ].join('\n'),
  );
  const final = m.stages[3];
  assert.deepEqual(
    final.copiesFrom.map((c) => c.stageIndex ?? c.image),
    [1, 0, 'nginx:alpine', 2],
  );
  assert.deepEqual(
    shippedStages(m, final).map((s) => s.index),
    [0, 1, 3],
    'the mount-only stage does not ship',
  );
});

test('shell commands: split on operators, including glued ones, with exact word ranges', () => {
  const m = parseDockerfile(
    'FROM debian\nRUN apt-get update&&apt-get install -y \\\n    curl \\\n  # a comment\n    git; rm -rf /var/lib/apt/lists/*\n',
  );
  const run = m.stages[0].instructions[0];
  assert.deepEqual(
    run.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['apt-get update', 'apt-get install -y curl git', 'rm -rf /var/lib/apt/lists/*'],
  );
  const install = run.commands[1];
  assert.ok(isCommand(install, ['apt-get'], ['install']));
  assert.ok(hasOption(install, '-y'));
  assert.ok(!hasOption(install, '--no-install-recommends'));
  assert.deepEqual(install.words[0].range, { start: { line: 1, character: 20 }, end: { line: 1, character: 27 } });
  assert.equal(runCommands(m.stages[0]).length, 3);
});

test('shell commands: env prefixes and sudo are skipped to find the program; exec form has none', () => {
  const m = parseDockerfile(
    'FROM debian\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl\nCMD ["npm", "start"]\nCMD npm start\n',
  );
  const [run, cmdJson, cmdShell] = m.stages[0].instructions;
  assert.equal(programOf(run.commands[0]), 'apt-get');
  assert.equal(cmdJson.execForm, true);
  assert.deepEqual(
    cmdJson.args.map((a) => a.text),
    ['npm', 'start'],
  );
  assert.equal(cmdJson.commands.length, 0);
  assert.equal(cmdShell.commands[0].words.map((w) => w.text).join(' '), 'npm start');
});

test('heredocs, ONBUILD triggers, ENV/ARG substitution in words', () => {
  const m = parseDockerfile(
    'FROM node:20\nARG DIR=/srv\nENV APP=$DIR/app\nWORKDIR ${APP}\nRUN <<EOF\nnpm ci\nnpm run build\nEOF\nONBUILD RUN npm install\n',
  );
  const ins = m.stages[0].instructions;
  assert.equal(ins[2].args[0].value, '/srv/app');
  const heredoc = ins[3];
  assert.deepEqual(
    heredoc.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['npm ci', 'npm run build'],
  );
  const trigger = ins.find((i) => i.onbuild);
  assert.equal(trigger?.keyword, 'RUN');
});

test("ENV substitutes the whole instruction with the values from before it (the Dockerfile reference's example)", () => {
  // The reference sets abc, then in one ENV sets abc again and def from $abc: def gets the old value,
  // and only the next instruction sees the new one. The model's substitution in later words and the
  // values the rules look up (envValueAt) must agree with it and with each other.
  const m = parseDockerfile(
    'FROM debian\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\nWORKDIR /$def/$ghi\nENV OLD legacy form kept\nRUN echo $OLD\n',
  );
  const stage = m.stages[0];
  const [, , , workdir, , run] = stage.instructions;
  assert.equal(workdir.args[0].value, '/hello/bye');
  assert.equal(envValueAt(m, stage, 'def'), 'hello');
  assert.equal(envValueAt(m, stage, 'ghi'), 'bye');
  assert.equal(envValueAt(m, stage, 'abc'), 'bye');
  // Before the second ENV's line, abc is still the first value.
  assert.equal(envValueAt(m, stage, 'abc', stage.instructions[1].range.start.line), 'hello');
  assert.equal(envValueAt(m, stage, 'OLD'), 'legacy form kept');
  assert.equal(run.args.map((w) => w.value).join(' '), 'echo legacy form kept');
});

test('an ENV value takes the escape directive: with a backtick escape, a backslash before $ is literal', () => {
  const m = parseDockerfile('# escape=`\nFROM debian\nENV A=1\nENV B=\\$A\nWORKDIR /x$B\n');
  const stage = m.stages[0];
  assert.equal(envValueAt(m, stage, 'B'), '\\1');
  assert.equal(stage.instructions[2].args[0].value, '/x\\1');
});

test('odd input never throws: empty, binary, BOM, CRLF, escape directive, unterminated heredoc', () => {
  for (const text of [
    '',
    '\u0000\u0001\u0002garbage\uffff',
    '\ufeffFROM node:20\n',
    'FROM node:20\r\nRUN echo hi\r\n',
    '# escape=`\nFROM windows\nRUN dir `\n  c:\\\n',
    'FROM x\nRUN <<EOF\necho never closed\n',
  ]) {
    const m = parseDockerfile(text);
    assert.ok(Array.isArray(m.stages));
  }
  const bom = parseDockerfile('\ufeffFROM node:20\n');
  assert.equal(bom.stages[0].image.resolved, 'node:20', 'a BOM does not hide the first FROM');
});

test('exec-form strings keep their spaces and are JSON-decoded (dockerfile-ast drops the spaces)', () => {
  const m = parseDockerfile(
    'FROM x\nCMD ["sh", "-c", "npm run migrate && npm start"]\nENTRYPOINT ["C:\\\\app\\\\run.exe", "a  b"]\n',
  );
  const [cmd, entry] = m.stages[0].instructions;
  assert.deepEqual(
    cmd.args.map((a) => a.value),
    ['sh', '-c', 'npm run migrate && npm start'],
  );
  assert.deepEqual(
    entry.args.map((a) => a.text),
    ['C:\\app\\run.exe', 'a  b'],
  );
});
