// Next.js's `output: 'standalone'` in next.config.*: whether the config has it, and the edit that adds
// it (or creates next.config.js). The split's Next.js plan and next-without-standalone both use it.
import * as path from 'node:path';
import type { FileEdit } from './findings';
import type { WorkspaceFacts } from './workspace';

const STANDALONE = /output\s*:\s*['"]standalone['"]/;
/** Where the config object literal opens: `const nextConfig = {`, `module.exports = {`, `export default {`. */
const CONFIG_OPEN = /(const\s+\w+\s*(?::\s*[\w.]+\s*)?=\s*\{|module\.exports\s*=\s*\{|export\s+default\s*\{)/;

/** The edits that give the Next.js config `output: 'standalone'` (none when it has it), or why they cannot. */
export function nextStandaloneEdits(facts: WorkspaceFacts): FileEdit[] | { refused: string } {
  const config = facts.nextConfig;
  if (!config)
    return [
      {
        createFile: path.join(facts.contextDir, 'next.config.js'),
        text: "module.exports = {\n  output: 'standalone',\n};\n",
      },
    ];
  if (STANDALONE.test(config.text)) return [];
  const m = CONFIG_OPEN.exec(config.text);
  if (!m) return { refused: `${config.file} has no config object the split can add \`output: 'standalone'\` to` };
  const offset = m.index + m[0].length;
  const before = config.text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = before.length - before.lastIndexOf('\n') - 1;
  const at = { line, character };
  return [
    {
      file: path.join(facts.contextDir, config.file),
      range: { start: at, end: at },
      newText: "\n  output: 'standalone',",
    },
  ];
}
