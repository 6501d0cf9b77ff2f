// Java: the original stage (Maven or Gradle on a JDK) becomes the `build` stage; the runner is a
// JRE of the same major (eclipse-temurin:<n>-jre, -jre-alpine, or distroless java) with the jar only.
import * as path from 'node:path';
import type { WorkspaceFacts } from '../../core/workspace';
import { isCommand } from '../../core/queries';
import type { PlanNode, PlanOutcome, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { replayAsBuilder } from './nodes';
import { runnerFor } from './runners';
import { startItems, NO_START, runnerTail, assemblePlan, runnerStartNode, runnerUserNode } from './assembly';

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

  const chosen = runnerFor('java', runner, { original: image, javaMajor: major });
  if ('refused' in chosen) return chosen;
  const runnerImage = chosen.image;

  const used = new Set<SourceItem>();
  const runnerNodes: PlanNode[] = [
    { kind: 'workdir', path: startItem.workdir },
    { kind: 'copy', from: 'build', sources: [jar], dest: jar },
  ];
  // The start command is kept as written (the jar keeps its path, the WORKDIR is the same): CMD
  // arguments after an ENTRYPOINT and variables like $JAVA_OPTS still reach java.
  const shellless = runner === 'distroless';
  const { cmd: cmdItem, entrypoint: entryItem } = startItems(src);
  const start: PlanNode[] = [];
  const probes = new Map<SourceItem, PlanNode>();
  for (const item of src.items.filter((i) => i === entryItem || i === cmdItem || i.role === 'healthcheck')) {
    const node = runnerStartNode(src, item, used, shellless);
    if ('refused' in node) return node;
    if (item.role === 'healthcheck') probes.set(item, node);
    else start.push(node);
  }
  const warnings: string[] = [];
  runnerNodes.push(
    ...runnerTail(src, used, {
      roles: ['arg', 'env', 'meta', 'healthcheck'],
      healthcheck: (item) => probes.get(item)!,
      user: runnerUserNode(src, used, chosen.user, shellless ? ['nonroot'] : [], warnings),
      start,
    }),
  );
  warnings.push(
    `the build must write ${jar} (the path the start command runs): check the build's final name if the build fails to copy it.`,
  );
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
