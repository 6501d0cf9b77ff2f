// dockerfile-language-service's document links look each FROM's image name up in the list of the file's
// stage names (`stages.indexOf(name)` per FROM): quadratic in stages (1 MB of independent stages, 46,000
// of them: 6.7 s per request, and clients ask after every edit). The same steps in the same order, with
// the stage names in a Set; every link is made as the original makes it (test/robustness/astMemo.test.ts
// compares the links with the original's, on real files, traps and mutations).
import { DockerfileParser } from 'dockerfile-ast';
import { DockerLinks } from 'dockerfile-language-service/lib/dockerLinks';
import { Range } from 'vscode-languageserver-types';
import type { DocumentLink } from 'vscode-languageserver-types';

type Links = { getLinks(content: string): DocumentLink[] };
const proto = DockerLinks.prototype as unknown as Links;
const original = proto.getLinks;
let enabled = true;

if (typeof original === 'function')
  proto.getLinks = function linksByStageSet(this: Links, content: string): DocumentLink[] {
    if (!enabled) return original.call(this, content);
    const dockerfile = DockerfileParser.parse(content);
    const links: DocumentLink[] = [];
    const stages = new Set<string>();
    for (const from of dockerfile.getFROMs()) {
      const stage = from.getBuildStage();
      if (stage !== null) stages.add(stage);
    }
    for (const from of dockerfile.getFROMs()) {
      const name = from.getImageName() as string;
      const registry = from.getRegistry();
      const registryRange = () => Range.create(from.getRegistryRange()!.start, from.getImageNameRange()!.end);
      if (registry === 'ghcr.io') {
        const idx = name.lastIndexOf('/');
        if (idx === -1) continue;
        links.push({
          range: registryRange(),
          target: `https://github.com/${name}/pkgs/container/${name.substring(idx + 1)}`,
        });
        continue;
      }
      if (registry === 'mcr.microsoft.com') {
        links.push({ range: registryRange(), target: `https://mcr.microsoft.com/artifact/mar/${name}` });
        continue;
      }
      if (registry === 'quay.io') {
        links.push({ range: registryRange(), target: `https://quay.io/repository/${name}` });
        continue;
      }
      if (name !== null && !stages.has(name))
        links.push({ range: from.getImageNameRange()!, data: `${name.indexOf('/') === -1 ? '_' : 'r'}/${name}/` });
    }
    return links;
  };

/** For the equivalence test only. */
export function setLinksSpeedup(on: boolean): void {
  enabled = on;
}
