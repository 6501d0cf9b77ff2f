// No litter: Layerwise's builds of a Dockerfile share one tag (each build moves it), the builds it
// moved off stay as the Dockerfile's history (untagged, found by their labels) up to a limit, and
// the untagged stage images the classic builder leaves go once the build is done. A command removes
// every image Layerwise built. Nothing here removes an image without Layerwise's label, and nothing
// is forced: an image a container uses stays, and the failure says why.
import type Dockerode from 'dockerode';
import {
  createdNanoseconds,
  DOCKERFILE_LABEL,
  WORKSPACE_LABEL,
  type ImageRow,
  listImages,
  newestFirst,
} from './images';

/** How many builds of one Dockerfile the panel keeps as its history (the tagged one included). */
export const BUILD_HISTORY = 5;

/** Whether Layerwise built the image (its Dockerfile label), optionally from this workspace folder. */
export function isLayerwiseImage(row: ImageRow, workspace?: string): boolean {
  return DOCKERFILE_LABEL in row.labels && (workspace === undefined || row.labels[WORKSPACE_LABEL] === workspace);
}

/**
 * Of one Dockerfile's builds, the untagged ones past the newest `keep`. Newest by `createdNs` where known
 * (the list's whole seconds tie for builds made within one second); on a tie the tagged build counts as
 * newer, since every build moves the tag to itself.
 */
export function buildsPastHistory(
  builds: ImageRow[],
  keep = BUILD_HISTORY,
  createdNs: ReadonlyMap<string, bigint> = new Map(),
): ImageRow[] {
  return [...builds]
    .sort(newestFirst((r) => createdNs.get(r.id) ?? BigInt(r.created) * 1_000_000_000n))
    .slice(keep)
    .filter((r) => r.tags.length === 0);
}

export interface Removal {
  removed: string[];
  failed: { id: string; reason: string }[];
}

/** Removes images, never forced: a tagged image by each of its tags, then by id if it is still there. */
export async function removeImages(docker: Dockerode, rows: Pick<ImageRow, 'id' | 'tags'>[]): Promise<Removal> {
  const out: Removal = { removed: [], failed: [] };
  for (const row of rows) {
    try {
      for (const tag of row.tags) await docker.getImage(tag).remove();
      if (row.tags.length === 0) await docker.getImage(row.id).remove();
      out.removed.push(row.id);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 && row.tags.length > 0) {
        out.removed.push(row.id); // the last tag took the image with it
        continue;
      }
      const reason = String((err as { json?: { message?: string } }).json?.message ?? (err as Error).message ?? err);
      out.failed.push({ id: row.id, reason: reason.trim() });
    }
  }
  return out;
}

/** After a build of a Dockerfile: its untagged builds past the history limit go. */
export async function pruneBuilds(
  docker: Dockerode,
  dockerfileLabel: string,
  workspace: string | undefined,
  keep = BUILD_HISTORY,
): Promise<Removal> {
  const builds = await listImages(docker, { dockerfileLabel, workspace });
  const own = workspace === undefined ? builds.filter((r) => !(WORKSPACE_LABEL in r.labels)) : builds;
  if (own.length <= keep) return { removed: [], failed: [] };
  // Exact creation times: which build is older must not depend on the order the daemon lists a tie in.
  const createdNs = new Map<string, bigint>();
  await Promise.all(
    own.map(async (r) => {
      const info = await docker
        .getImage(r.id)
        .inspect()
        .catch(() => undefined);
      const ns = typeof info?.Created === 'string' ? createdNanoseconds(info.Created) : undefined;
      if (ns !== undefined) createdNs.set(r.id, ns);
    }),
  );
  return removeImages(docker, buildsPastHistory(own, keep, createdNs));
}
