import type { Rule } from './types';
import { osPackageInstall } from '../core/commands';
import { argumentsOf, hasOption, programOf, shippedChainRuns } from '../core/queries';
import { insertAfter } from '../core/edits';

// Judged on the layers that ship (final stage and its FROM chain, ONBUILD triggers included): a
// builder's recommended packages cost build time but do not reach the image.
export const rule: Rule = {
  meta: {
    id: 'apt-recommends',
    category: 'size',
    defaultSeverity: 'warning',
    summary: '`apt-get install` without `--no-install-recommends`.',
    why: 'By default apt also installs every "recommended" package: documentation tools, X11 libraries, extra locales. They routinely double what the install adds (e.g. `python3` pulls ~50 MB of recommends) and widen the attack surface. Recommends are sometimes relied on (e.g. `curl` recommends `ca-certificates`), so name those explicitly when adding the flag. Judged on the layers that ship (the final stage, the stages it is built FROM, and their ONBUILD triggers).',
    examples: {
      bad: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      good: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    fixable: true,
    hadolint: ['DL3015'],
  },
  check({ model, final }) {
    const runs = shippedChainRuns(model, final).map((r) => r.instruction);
    // An earlier `APT::Install-Recommends "false"` config file turns recommends off for good.
    const configuredAt = runs.findIndex((r) => /Install-Recommends/i.test(r.argsText));
    return runs.flatMap((ins, index) => {
      if (configuredAt >= 0 && configuredAt < index) return [];
      return ins.commands.flatMap((cmd) => {
        const install = osPackageInstall(cmd);
        if (install?.manager !== 'apt' || hasOption(cmd, '--no-install-recommends')) return [];
        if (argumentsOf(cmd).some((w) => /Install-Recommends=(false|0|no)/i.test(w.value))) return [];
        return [
          {
            range: install.verb.range,
            message: `\`${programOf(cmd)} ${install.verb.text}\` also pulls in recommended packages, often as much again as what you asked for: add \`--no-install-recommends\` (and list any recommended package you really need, such as ca-certificates).`,
            fixes: [
              {
                title: 'Add `--no-install-recommends`',
                // Not safe: the app may rely on a recommended package (ca-certificates via curl, for one).
                safe: false,
                edits: [insertAfter(install.verb, ' --no-install-recommends')],
              },
            ],
          },
        ];
      });
    });
  },
};
