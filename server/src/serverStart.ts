// Entry of dist/server.js: starts the language server (dist/languageServer.js, built from server.ts)
// from V8's code cache when an earlier start left one (codeCache.ts). Inside VS Code it runs over IPC;
// elsewhere `node dist/server.js --stdio`.
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'languageServer.js'));
