// Hover on an instruction that makes a layer (RUN, COPY, ADD) when the local daemon has an image
// built from this Dockerfile (label dev.layerwise.dockerfile=<workspace-relative path>): the
// actual size of that layer in the newest such image. Translation only: docker/ does the work.
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import type { HoverSection } from './hover';
import { filePathOf } from './analysisCache';
import { instructionAt } from '../core/queries';
import { imageDetail, listImages, WORKSPACE_LABEL, workspaceId } from '../docker/images';
import { mapHistoryToDockerfile } from '../docker/layerMap';
import { formatBytes } from '../core/format';
import type { DockerfileModel } from '../core/model';
import type { ServerSettings } from './settings';

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const MEMO_MS = 10_000;

interface BuiltLayers {
  image: { id: string; tag?: string; created: number };
  rows: ReturnType<typeof mapHistoryToDockerfile>;
}

export class BuiltLayerLookups {
  roots: string[] = [];
  private memo = new Map<string, { at: number; result: Promise<BuiltLayers | undefined> }>();

  /** `daemon` picks the daemon for the document's settings (`layerwise.docker.host`). */
  constructor(private readonly daemon: (settings: Pick<ServerSettings, 'docker'>) => Dockerode | undefined) {}

  private rootOf(file: string): string {
    return (
      this.roots.filter((r) => file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0] ??
      path.dirname(file)
    );
  }

  /** The label value the extension's builds carry for this file: its workspace-relative path. */
  labelFor(file: string): string {
    return path.relative(this.rootOf(file), file).split(path.sep).join('/');
  }

  layers(
    file: string,
    text: string,
    model: DockerfileModel,
    settings: Pick<ServerSettings, 'target' | 'docker'>,
  ): Promise<BuiltLayers | undefined> {
    const docker = this.daemon(settings);
    if (!docker) return Promise.resolve(undefined);
    const { target } = settings;
    const label = this.labelFor(file);
    const key = `${label}|${target ?? ''}|${settings.docker.host ?? ''}|${text}`;
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < MEMO_MS) return hit.result;
    const result = (async () => {
      // Another workspace's `app/Dockerfile` is not this one: its workspace label must be this folder's
      // (images without one, e.g. `docker build --label dev.layerwise.dockerfile=…`, still count).
      const workspace = workspaceId(this.rootOf(file));
      const [newest] = (await listImages(docker, { dockerfileLabel: label })).filter(
        (r) => r.labels[WORKSPACE_LABEL] === undefined || r.labels[WORKSPACE_LABEL] === workspace,
      );
      if (!newest) return undefined;
      const detail = await imageDetail(docker, newest.id);
      return {
        image: { id: detail.id, tag: detail.tags[0], created: detail.created },
        rows: mapHistoryToDockerfile(detail.history, model, target),
      };
    })().catch(() => undefined);
    this.memo.set(key, { at: Date.now(), result });
    return result;
  }
}

function age(createdSeconds: number): string {
  const minutes = Math.max(0, Math.round((Date.now() / 1000 - createdSeconds) / 60));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

export function builtLayerHover(lookups: BuiltLayerLookups): HoverSection {
  return async ({ doc, position, analysis, settings }) => {
    const instruction = instructionAt(analysis.model, position.line);
    if (!instruction || !LAYER_KEYWORDS.has(instruction.keyword)) return undefined;
    const file = filePathOf(doc.uri);
    if (!file) return undefined;
    const built = await lookups.layers(file, doc.getText(), analysis.model, settings);
    if (!built) return undefined;
    const line = instruction.range.start.line;
    const rows = built.rows.filter((r) => r.line === line);
    if (rows.length === 0) return undefined;
    const bytes = rows.reduce((sum, r) => sum + r.size, 0);
    const name = built.image.tag ?? built.image.id.replace(/^sha256:/, '').slice(0, 12);
    return `**Layer size in the last build: ${formatBytes(bytes)}** — \`${name}\`, built ${age(built.image.created)} (local Docker daemon)`;
  };
}
