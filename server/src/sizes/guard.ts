// Where a registry look-up may go. A Dockerfile names the registry (`FROM 127.0.0.1:25000/x:1`) and
// the registry names its token service (`WWW-Authenticate: Bearer realm=…`), so both are the
// document's choice, not the user's. Two rules:
//  - in an untrusted workspace only public hosts are asked: no loopback, private, link-local,
//    shared (CGNAT), multicast or reserved address, neither written nor behind a name (names are
//    resolved first and the connection is pinned to the checked address);
//  - a token realm is fetched only on the registry's own host or its known token service.
import type * as Dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import * as net from 'node:net';

/** Node's resolver, loaded on the first look-up (the server's first diagnostics resolve no name). */
const dns = () => (require('node:dns') as typeof Dns).promises;

/**
 * The addresses that are not public, built on the first check: Node's BlockList parses each subnet on
 * its way in (~2 ms of every start of the server, whose first diagnostics check no address).
 */
let notPublic: net.BlockList | undefined;
function notPublicAddresses(): net.BlockList {
  if (notPublic) return notPublic;
  notPublic = new net.BlockList();
  for (const [prefix, bits] of [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local (cloud metadata services live here)
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, broadcast
  ] as const)
    notPublic.addSubnet(prefix, bits, 'ipv4');
  for (const [prefix, bits] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
    ['2001:db8::', 32], // documentation
  ] as const)
    notPublic.addSubnet(prefix, bits, 'ipv6');
  return notPublic;
}

/** The IPv4 address an IPv6 address carries (`::ffff:10.0.0.1`, NAT64 `64:ff9b::a00:1`), if any. */
function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const [hi, lo] = [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** True for an address on the public internet; false for loopback, private, link-local and the like. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(bare);
  if (family === 0) return false;
  if (family === 4) return !notPublicAddresses().check(bare, 'ipv4');
  const v4 = embeddedIPv4(bare);
  if (v4) return isPublicAddress(v4);
  return !notPublicAddresses().check(bare, 'ipv6');
}

/** Why `hostname` may not be asked in an untrusted workspace, or undefined when it is public. */
export async function notPublicReason(hostname: string): Promise<string | undefined> {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIP(host)) return isPublicAddress(host) ? undefined : `${host} is not a public address`;
  if (host.endsWith('.localhost')) return `${host} is this machine`;
  let addresses: LookupAddress[];
  try {
    addresses = await dns().lookup(host, { all: true });
  } catch {
    return undefined; // Unresolvable: the request fails on its own, and reaches nobody.
  }
  const inside = addresses.find((a) => !isPublicAddress(a.address));
  return inside ? `${host} resolves to ${inside.address}, not a public address` : undefined;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request/net.connect that only yields public addresses, so a name cannot be
 * re-pointed at a private address between the check and the connection.
 */
export function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dns()
    .lookup(hostname, { all: true })
    .then((addresses) => {
      const found = addresses.filter((a) => isPublicAddress(a.address));
      if (found.length === 0 || found.length !== addresses.length) {
        const err: NodeJS.ErrnoException = new Error(`${hostname}: not a public address (untrusted workspace)`);
        err.code = 'ENOTPUBLIC';
        return callback(err, '');
      }
      if (options.all) return callback(null, found);
      callback(null, found[0].address, found[0].family);
    })
    .catch((err: NodeJS.ErrnoException) => callback(err, ''));
}

/** Token services that are not on the registry's own host (by the registry API host they serve). */
const KNOWN_TOKEN_SERVICES: Record<string, string[]> = {
  'registry-1.docker.io': ['auth.docker.io'],
  'registry.gitlab.com': ['gitlab.com'],
};

/** Why the token realm `realm` may not be fetched for the registry at `registryUrl`, or undefined. */
export function realmRefusal(realm: URL, registryUrl: URL): string | undefined {
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') return `token realm ${realm.protocol} is not HTTP`;
  if (realm.protocol === 'http:' && registryUrl.protocol === 'https:')
    return `token realm ${realm.origin} is plain HTTP for an HTTPS registry`;
  const host = realm.hostname.toLowerCase();
  const registryHost = registryUrl.hostname.toLowerCase();
  if (host === registryHost || KNOWN_TOKEN_SERVICES[registryHost]?.includes(host)) return undefined;
  return `token realm ${realm.origin} is neither ${registryHost} nor its known token service`;
}
