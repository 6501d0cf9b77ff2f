// NO_PROXY matching and which variables/settings name the proxy (proxy.ts); the requests through a
// real proxy are tested in test/docker/sizes-proxy.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, proxyFor, proxyFromEnv, proxyFromSettings } from '../../../server/src/sizes/proxy';

test('NO_PROXY: hosts match themselves and their subdomains, .suffix and *.suffix, host:port, [v6]:port, *', () => {
  const cases: [string, string, boolean][] = [
    ['https://registry-1.docker.io/v2/', '*.docker.io', true],
    ['https://docker.io/', '.docker.io', true],
    ['https://registry-1.docker.io/', 'docker.io', true],
    ['https://evildocker.io/', 'docker.io', false],
    ['http://[::1]:5000/', '[::1]:5000', true],
    ['http://[::1]:5000/', '::1', true],
    ['http://[::1]:5001/', '[::1]:5000', false],
    ['https://ghcr.io/', 'GHCR.IO', true],
    ['https://ghcr.io/', 'ghcr.io:443', true],
    ['https://ghcr.io/', 'ghcr.io:80', false],
    ['http://127.0.0.1:5000/', 'localhost', false],
    ['https://quay.io/', 'a.example, quay.io b.example', true],
    ['https://quay.io/', '*', true],
    ['https://quay.io/', '', false],
  ];
  for (const [url, noProxy, expected] of cases)
    assert.equal(bypassesProxy(new URL(url), noProxy), expected, `${url} with NO_PROXY=${noProxy}`);
});

test('lower-case variables win, empty ones are unset; a proxy without a scheme is http://', () => {
  assert.deepEqual(
    proxyFromEnv({
      HTTPS_PROXY: 'http://upper:1',
      https_proxy: 'http://lower:2',
      HTTP_PROXY: 'http://p:3',
      no_proxy: '',
      NO_PROXY: 'x',
    }),
    { httpProxy: 'http://p:3', httpsProxy: 'http://lower:2', noProxy: 'x' },
  );
  assert.equal(
    proxyFor(new URL('https://ghcr.io/'), { httpsProxy: 'proxy.corp:3128' })?.href,
    'http://proxy.corp:3128/',
  );
  assert.equal(
    proxyFor(new URL('http://ghcr.io/'), { httpsProxy: 'proxy.corp:3128' }),
    undefined,
    'HTTPS_PROXY does not serve http://',
  );
});

test('VS Code http.proxy serves both schemes over the environment; http.noProxy adds to NO_PROXY; strictSSL defaults on', () => {
  const config = proxyFromSettings(
    { proxy: 'http://vs:8080', noProxy: ['internal.example'] },
    { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'a.example' },
  );
  assert.deepEqual(config, {
    httpProxy: 'http://vs:8080',
    httpsProxy: 'http://vs:8080',
    noProxy: 'a.example,internal.example',
    strictSSL: true,
  });
  assert.equal(
    proxyFromSettings({ proxyStrictSSL: false }, { HTTPS_PROXY: 'http://env:1' }).httpsProxy,
    'http://env:1',
  );
});
