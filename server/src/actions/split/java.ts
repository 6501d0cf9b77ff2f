// Java: the original stage (Maven or Gradle on a JDK) becomes the `build` stage; the runner is a
// JRE of the same major (eclipse-temurin:<n>-jre, -jre-alpine, or distroless java) with the jar only.
import * as path from 'node:path';
import type { WorkspaceFacts } from '../../core/workspace';
import { isCommand } from '../../core/queries';
import type { PlanNode, PlanOutcome, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { replayAsBuilder } from './nodes';
import { runnerFor } from './runners';
import { startItems, NO_START, runnerTail, assemblePlan } from './assembly';

const BUILD_TOOLS = ['mvn', 'mvnw', 'gradle', 'gradlew'];
const BUILD_GOALS = ['package', 'install', 'verify', 'build', 'bootJar', 'assemble', 'jar', 'shadowJar'];

/** Java major from JDK image tags: eclipse-temurin:17-jdk, maven:3.9-eclipse-temurin-21, gradle:8-jdk17, openjdk:17. */
export function javaMajor(image: string): number | undefined {
  const m = /(?:temurin[:-]|jdk-?|openjdk:|amazoncorretto:|jre-?)(\d+)/.exec(image);
  return m ? Number(m[1]) : undefined;
}

export function planJava(src: SourceFacts, _facts: WorkspaceFacts, runner: RunnerKind): PlanOutcome {
  const image = src.stage.image.resolved!;
  const major = javaMajor(image);
  if (major === undefined) return { refused: `cannot tell the Java version of ${image}` };
  const builds = src.items.filter(
    (i) =>
      i.role === 'run' &&
      i.ins.commands.some((c) => isCommand(c, BUILD_TOOLS) && c.words.some((w) => BUILD_GOALS.includes(w.value))),
  );
  if (!builds.length) return { refused: 'no Maven or Gradle build (package, install, build, bootJar …) in the file' };
  const { start: startItem } = startItems(src);
  if (!startItem) return NO_START;
  const words = startItem.ins.execForm
    ? startItem.ins.args.map((w) => w.value)
    : startItem.ins.commands.length === 1
      ? startItem.ins.commands[0].words.map((w) => w.value)
      : [];
  const jarAt = words.indexOf('-jar');
  if (words[0] !== 'java' || jarAt < 0 || !words[jarAt + 1] || /[*?]/.test(words[jarAt + 1]))
    return { refused: 'the start command is not `java … -jar <file>.jar`' };
  const jar = path.posix.resolve(startItem.workdir, words[jarAt + 1]);
  const jvmArgs = words.slice(1, jarAt);
  const appArgs = words.slice(jarAt + 2);

  const chosen = runnerFor('java', runner, { original: image, javaMajor: major });
  if ('refused' in chosen) return chosen;
  const runnerImage = chosen.image;

  const used = new Set<SourceItem>();
  const runnerNodes: PlanNode[] = [
    { kind: 'workdir', path: startItem.workdir },
    { kind: 'copy', from: 'build', sources: [jar], dest: jar },
  ];
  const start: PlanNode = {
    kind: 'exec',
    keyword: 'ENTRYPOINT',
    args: ['java', ...jvmArgs, '-jar', jar, ...appArgs],
    comments: startItem.comments,
  };
  runnerNodes.push(
    ...runnerTail(src, used, {
      roles: ['env', 'meta', 'healthcheck'],
      user: { kind: 'user', user: chosen.user },
      start: [start],
    }),
  );
  const warnings = [
    `the build must write ${jar} (the path the start command runs): check the build's final name if the build fails to copy it.`,
  ];
  return assemblePlan(
    src,
    runner,
    runnerImage,
    [
      {
        name: 'build',
        image: src.stage.image.raw,
        purpose: 'the JDK and the build',
        nodes: replayAsBuilder(src, used),
      },
      { name: 'runner', image: runnerImage, purpose: 'a JRE and the jar, nothing else', nodes: runnerNodes },
    ],
    warnings,
  );
}
