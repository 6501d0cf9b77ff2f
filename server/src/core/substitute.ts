// Docker's variable substitution ($VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt}) on a single word.
// Unknown variables are left as written so callers can tell "unresolved" from "empty".

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export type Variables = ReadonlyMap<string, string | undefined>;

/** Longer results are given up as unresolved: `ARG B=${A}${A}` chains double in length per line. */
export const MAX_SUBSTITUTED_LENGTH = 64 * 1024;

/** Substitutes known variables; returns the text and whether every variable was known. */
export function substitute(text: string, vars: Variables, escapeChar = '\\'): { value: string; complete: boolean } {
  if (!text.includes('$')) return { value: text, complete: true }; // most words: nothing to do
  let complete = true;
  let grown = 0;
  const value = text.replace(
    VARIABLE,
    (
      match,
      braced: string | undefined,
      op: string | undefined,
      operand: string | undefined,
      bare: string | undefined,
      offset: number,
    ) => {
      if (grown > MAX_SUBSTITUTED_LENGTH || (offset > 0 && text[offset - 1] === escapeChar)) return match;
      const replaced = replaceOne(match, braced, op, operand, bare);
      grown += replaced.length;
      return replaced;
    },
  );
  if (grown > MAX_SUBSTITUTED_LENGTH) return { value: text, complete: false };
  return { value, complete };

  function replaceOne(
    match: string,
    braced: string | undefined,
    op: string | undefined,
    operand: string | undefined,
    bare: string | undefined,
  ): string {
    const name = braced ?? bare ?? '';
    const known = vars.has(name) && vars.get(name) !== undefined;
    const current = known ? (vars.get(name) as string) : undefined;
    if (op === '-')
      return current !== undefined && current !== '' ? current : substitute(operand ?? '', vars, escapeChar).value;
    if (op === '+')
      return current !== undefined && current !== '' ? substitute(operand ?? '', vars, escapeChar).value : '';
    if (current === undefined) {
      complete = false;
      return match;
    }
    return current;
  }
}

/**
 * Strips a quote at the start and one at the end of a word, paired or not: the parser may split a quoted
 * path with spaces into halves (`"C:\\Program` / `Files\\Tools"`), and each half must lose its quote. The one
 * quote-stripping function of the project.
 */
export function unquote(text: string): string {
  return text.replace(/^["']|["']$/g, '');
}
