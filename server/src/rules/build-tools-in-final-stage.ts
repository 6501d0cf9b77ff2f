import type { Rule } from './types';
import type { InstructionModel, ShellCommand } from '../core/model';
import { isBuildToolPackage, osPackageInstall, osPackageRemove } from '../core/commands';
import { argumentsOf, hasOption, isCommand, shippedChainRuns } from '../core/queries';

// Only the final stage and the stages it is built FROM ship their packages; compilers in a builder are the point of it.
export const rule: Rule = {
  meta: {
    id: 'build-tools-in-final-stage',
    category: 'size',
    defaultSeverity: 'warning',
    summary: 'Compilers, `build-essential`, `*-dev` headers, `make` or `git` installed in the final stage.',
    why: '`build-essential` alone is ~250 MB; `-dev` header packages, `make`, `g++` and `git` add more, and none of it is needed to run a compiled app. It also hands an attacker a compiler. Install build tools in a builder stage and copy the result, or install and remove them in the same RUN (`apk add --virtual .build-deps … && apk del .build-deps`). Only the final stage, the stages it is built FROM and their ONBUILD triggers count; compilers in a builder stage are the point of it.',
    examples: {
      bad: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir -r requirements.txt\n',
      good: 'FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /venv /venv\n',
    },
    fixable: false,
  },
  check({ model, final }) {
    return shippedChainRuns(model, final)
      .map((r) => r.instruction)
      .flatMap((ins) => {
        const removedAfter = removalsInRun(ins);
        return ins.commands.flatMap((cmd, index) => {
          const install = osPackageInstall(cmd);
          if (!install) return [];
          const removed = removedAfter(index, cmd);
          const tools = install.packages.filter(
            (p) => isBuildToolPackage(install.manager, p.value) && !removed(p.value),
          );
          if (tools.length === 0) return [];
          const names = tools.map((t) => `\`${t.value}\``).join(', ');
          return [
            {
              range: tools[0].range,
              message: `${names} ${tools.length > 1 ? 'are' : 'is a'} build tool${tools.length > 1 ? 's' : ''} shipped in the final image${ins.onbuild ? " (installed by an ONBUILD trigger: in this image when a stage it ships is built FROM the trigger's stage, and in every image built FROM this one)" : ''} (build-essential alone is ~250 MB): install ${tools.length > 1 ? 'them' : 'it'} in a builder stage and copy only the result, or remove ${tools.length > 1 ? 'them' : 'it'} in the same RUN.`,
            },
          ];
        });
      });
  },
};

/**
 * For the install at command `index` of a RUN: whether a later command of the same RUN removes a package
 * again (apk --virtual groups included). The RUN's removals are read once, each package with the last
 * command removing it, so a RUN of thousands of installs stays linear (rescanning the later commands per
 * install took 5 s for 5 000 `apt-get install`s).
 */
function removalsInRun(ins: InstructionModel): (index: number, install: ShellCommand) => (pkg: string) => boolean {
  const lastRemoval = new Map<string, number>();
  let lastAutoRemove = -1;
  ins.commands.forEach((c, i) => {
    for (const p of osPackageRemove(c)?.packages ?? []) lastRemoval.set(p.value, i);
    if (
      isCommand(c, ['apt-get', 'apt'], ['purge', 'autoremove', 'remove']) &&
      (hasOption(c, '--auto-remove', '--autoremove') || argumentsOf(c).some((w) => w.text === 'autoremove'))
    )
      lastAutoRemove = i;
  });
  // The official images' idiom: `apt-mark auto '.*'` then `apt-get purge --auto-remove` drops every package not re-marked manual.
  const marksAllAuto = ins.commands.some((c) => isCommand(c, ['apt-mark'], ['auto']));
  const removedAfter = (index: number) => (pkg: string) => (lastRemoval.get(pkg) ?? -1) > index;
  return (index, install) => {
    const all = () => true;
    if (marksAllAuto && lastAutoRemove > index) return all;
    const args = argumentsOf(install);
    const virtual = args.findIndex((w) => w.text === '--virtual' || w.text === '-t');
    const group =
      virtual >= 0 ? args[virtual + 1]?.value : args.find((w) => w.text.startsWith('--virtual='))?.value.slice(10);
    if (group && removedAfter(index)(group)) return all;
    return removedAfter(index);
  };
}
