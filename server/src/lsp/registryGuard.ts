// dockerfile-language-service completes FROM image tags by asking Docker Hub over HTTPS
// (auth.docker.io, registry-1.docker.io). With `layerwise.sizes.registryLookups` off no request
// may leave the machine, so completion is not delegated exactly where that request would start.
import { DockerfileParser, From } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';

/** Inclusive at both ends, as the service's own check is. */
function inside(position: Position, range: Range | null): boolean {
  if (!range) return false;
  const afterStart =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** True when completing at `position` would make the service query Docker Hub for tags. */
export function completionQueriesDockerHub(content: string, position: Position): boolean {
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (!(instruction instanceof From)) continue;
    if (inside(position, instruction.getInstructionRange())) return false;
    if (!inside(position, instruction.getRange())) continue;
    return inside(position, instruction.getImageTagRange());
  }
  return false;
}
