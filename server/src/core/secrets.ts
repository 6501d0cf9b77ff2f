// What counts as a secret: file names (and contents, where a name alone would be a false alarm)
// and variable names/values. Pure; used by the secret-in-image rule.
import * as path from 'node:path';

const TEMPLATE = /\.(example|sample|template|dist|defaults?|tmpl|tpl)$/i;
const KEY_FILES = /^(id_(rsa|dsa|ecdsa|ed25519)|.*\.(key|p12|pfx|jks|keystore))$/i;
const CREDENTIAL_FILES = new Set(['.npmrc', '.pypirc', '.netrc', '.git-credentials', '.yarnrc.yml']);
export const SECRET_DIRS = new Set(['.ssh', '.aws', '.gnupg', '.docker']);

/** Why a context file would be a secret in the image, or undefined. `read` gives its text when readable. */
export function secretFileKind(rel: string, read: () => string | undefined): string | undefined {
  const base = path.posix.basename(rel.replace(/\/+$/, ''));
  if (SECRET_DIRS.has(base)) return 'credentials folder';
  if (/^\.env(\..+)?$/i.test(base) && !TEMPLATE.test(base)) return 'environment file';
  if (KEY_FILES.test(base)) return 'private key';
  if (/\.pem$/i.test(base)) return /PRIVATE KEY-----/.test(read() ?? '') ? 'private key' : undefined;
  // A literal token/password (not `${VAR}`, which npm reads from the environment at run time).
  if (CREDENTIAL_FILES.has(base))
    return /(_authToken|_auth|_password|password|npmAuthToken)\s*[=:]\s*(?!\s*["']?\$\{)\S+/i.test(read() ?? '')
      ? 'token file'
      : undefined;
  return undefined;
}

const SECRET_PARTS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'TOKEN',
  'SECRET',
  'CREDENTIAL',
  'CREDENTIALS',
  'APIKEY',
  'KEY',
  'PRIVATEKEY',
]);
const POINTER_SUFFIXES = new Set([
  'FILE',
  'PATH',
  'DIR',
  'NAME',
  'ID',
  'URL',
  'URI',
  'HOST',
  'ENABLED',
  'LENGTH',
  'TYPE',
  'HEADER',
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'LOCATION',
  'SERVER',
  'SIZE',
  'ALGORITHM',
  'USER',
  'USERNAME',
]);
const PUBLIC_PARTS = new Set([
  'GPG',
  'PGP',
  'PUBLIC',
  'PUB',
  'FINGERPRINT',
  'KEYRING',
  'KEYSERVER',
  'KEYID',
  'SIGNING',
]);
/** Values that hold no secret: empty, booleans, small numbers, obvious placeholders. */
export const PLACEHOLDER_VALUE =
  /^(|changeme|change_me|dummy|placeholder|example|sample|test|none|null|todo|true|false|yes|no|on|off|\d{1,3}|x+|\*+|<[^>]*>|your[-_\w]*)$/i;

/** `API_TOKEN`, `DB_PASSWORD`, `STRIPE_SECRET_KEY`; not `KEY_PATH`, `AWS_ACCESS_KEY_ID`, `GPG_KEY`. */
export function isSecretName(name: string): boolean {
  const parts = name
    .toUpperCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  if (parts.length === 0 || POINTER_SUFFIXES.has(parts[parts.length - 1]) || parts.some((p) => PUBLIC_PARTS.has(p)))
    return false;
  return parts.some((p) => SECRET_PARTS.has(p)) && !(parts.length === 1 && parts[0] === 'KEY');
}
