// dockerfile-language-service appends every semantic token with `tokens = tokens.concat([...])`,
// copying the whole array each time: quadratic in the tokens of the file (a 1 000-line Dockerfile
// took ~0.5 s, 10 000 lines ~45 s, on every edit VS Code re-requests them). Its tokens array is
// made one whose concat appends in place; the data returned are identical (robustness test).
import { DockerSemanticTokens } from 'dockerfile-language-service/lib/dockerSemanticTokens';

/** concat that appends to the array it is called on, in place. */
function appendInPlace(this: number[], ...items: (number | ConcatArray<number>)[]): number[] {
  for (const item of items) {
    if (typeof item === 'number') this.push(item);
    else for (let i = 0; i < item.length; i++) this.push(item[i]);
  }
  return this;
}

type TokensComputer = { tokens: number[]; computeSemanticTokens(): { data: number[] } };

const proto = DockerSemanticTokens.prototype as unknown as TokensComputer;
const compute = proto.computeSemanticTokens;
let enabled = true;

if (typeof compute === 'function') {
  proto.computeSemanticTokens = function computeWithAppendingTokens(this: TokensComputer) {
    if (!enabled) return compute.call(this);
    // A plain array with its own concat (a subclass of Array pushes slower, and had to be copied back
    // into a plain array for the answer); the property goes before the array is handed out.
    const tokens: number[] = [];
    Object.defineProperty(tokens, 'concat', { value: appendInPlace, configurable: true, writable: true });
    this.tokens = tokens;
    const result = compute.call(this);
    delete (tokens as { concat?: unknown }).concat;
    return result;
  };
}

/** For the equivalence test only. */
export function setSemanticTokensSpeedup(on: boolean): void {
  enabled = on;
}
