// dockerfile-language-service's Docker Hub client requires https when it loads, and with it tls and
// crypto (~3 ms of every start of the language server, issue 16 §3); the server's first answers never
// call it. scripts/build.mjs hands that one file this stand-in: the one function it calls, loading
// https on the first call. (Layerwise's own registry look-ups load their modules when they run.)
import type * as Https from 'node:https';

let https: typeof Https | undefined;

export const get = ((...args: unknown[]) => {
  if (!https) https = require('node:https') as typeof Https;
  return (https.get as (...a: unknown[]) => ReturnType<typeof Https.get>)(...args);
}) as typeof Https.get;
