// Images pushed to a real Distribution registry (Debian's docker-registry, startRegistry()) through
// its own HTTP API: blobs, OCI manifests, indexes. For tests that need exact, known layer sizes.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { LocalRegistry } from './docker-env';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export function digestOf(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Monolithic blob upload: POST an upload session, PUT the bytes with their digest. */
export async function pushBlob(
  registry: LocalRegistry,
  repo: string,
  data: Buffer,
): Promise<{ digest: string; size: number }> {
  const digest = digestOf(data);
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  assert.equal(start.status, 202, `upload session for ${repo}`);
  const location = new URL(start.headers.get('location')!, registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    body: data,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(put.status, 201, `blob upload: ${await put.text()}`);
  return { digest, size: data.length };
}

export async function pushManifest(
  registry: LocalRegistry,
  repo: string,
  reference: string,
  mediaType: string,
  body: object,
): Promise<{ digest: string; size: number }> {
  const text = JSON.stringify(body);
  const response = await fetch(`${registry.url}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    body: text,
    headers: { 'Content-Type': mediaType },
  });
  assert.equal(response.status, 201, `manifest ${repo}:${reference}: ${await response.text()}`);
  return { digest: digestOf(text), size: Buffer.byteLength(text) };
}

/** Pushes an OCI image manifest with layers of the given sizes; returns the manifest descriptor and the layer byte total. */
export async function pushImage(
  registry: LocalRegistry,
  repo: string,
  reference: string,
  layerSizes: number[],
  config: object = { architecture: 'amd64', os: 'linux' },
) {
  const configBlob = await pushBlob(
    registry,
    repo,
    Buffer.from(JSON.stringify({ ...config, rootfs: { type: 'layers', diff_ids: [] } })),
  );
  const layers = [];
  for (const size of layerSizes) layers.push(await pushBlob(registry, repo, randomBytes(size)));
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l })),
  };
  const descriptor = await pushManifest(registry, repo, reference, OCI_MANIFEST, manifest);
  return { descriptor, layerBytes: layerSizes.reduce((a, b) => a + b, 0) };
}
