// Pure functions of a string that every rule calls on the same few strings (image references,
// their families): answer each string once. The answers are frozen (shared by every caller) and
// the table is emptied when it grows past `limit`, so a long session cannot grow it without bound.
export function perString<T>(compute: (text: string) => T, limit = 2_000): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    if (answers.size >= limit) answers.clear();
    const answer = compute(text);
    answers.set(text, answer !== null && typeof answer === 'object' ? Object.freeze(answer) : answer);
    return answer;
  };
}
