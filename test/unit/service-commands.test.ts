// lsp/languageService.ts writes dockerfile-language-service's command ids out (initialize must not
// load the service, issue 16 §3): they stay the service's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandIds } from 'dockerfile-language-service';
import { SERVICE_COMMANDS } from '../../server/src/lsp/languageService';

test("SERVICE_COMMANDS are exactly dockerfile-language-service's CommandIds", () => {
  assert.deepEqual([...SERVICE_COMMANDS].sort(), (Object.values(CommandIds) as string[]).sort());
});
