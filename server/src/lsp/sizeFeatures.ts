// Sizes in the editor: the hover on image references (FROM, COPY --from=image) and an inlay
// hint `≈ 1.1 GB` after each FROM. Translation only: the figures come from server/src/sizes.
import type { InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import * as path from 'node:path';
import type { FeatureContext, FeatureRegistration } from './features';
import type { HoverSection } from './hover';
import type { ServerSettings } from './settings';
import { imageReferenceSites, imageSiteAt, type ImageReferenceSite } from '../sizes/imageRefs';
import { resolveImageSize, type ResolvedImageSize } from '../sizes/resolve';
import { buildImageHover } from '../sizes/hover';
import { formatBytes } from '../sizes/format';
import { daemonPlatform, defaultDaemon } from '../sizes/daemon';
import { defaultCacheDir } from '../sizes/cache';
import { measureCopySources, type ContextMeasure } from '../sizes/context';
import { instructionAt } from '../core/queries';
import { fileSystemView } from '../core/workspace';
import { filePathOf } from './analysisCache';
import { BuiltLayerLookups, builtLayerHover } from './layerHover';
import { fileURLToPath } from 'node:url';

/** Look-ups are reused for a few minutes: hovers and hints ask for the same images repeatedly. */
const MEMO_MS = 5 * 60_000;

class SizeLookups {
  private memo = new Map<string, { at: number; result: Promise<ResolvedImageSize> }>();
  private daemonPlatformPromise: Promise<string | undefined> | undefined;
  cacheDir = defaultCacheDir();
  daemon = defaultDaemon();

  async platform(settings: ServerSettings): Promise<string> {
    if (settings.sizes.platform) return settings.sizes.platform;
    if (!this.daemon) return 'linux/amd64';
    this.daemonPlatformPromise ??= daemonPlatform(this.daemon);
    return (await this.daemonPlatformPromise) ?? 'linux/amd64';
  }

  /** `stagePlatform` is a `FROM --platform=` value, which wins over the setting and the daemon. */
  async resolve(image: string, settings: ServerSettings, stagePlatform?: string): Promise<ResolvedImageSize> {
    const platform = stagePlatform ?? (await this.platform(settings));
    const key = `${image}|${platform}|${settings.sizes.registryLookups}`;
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < MEMO_MS) return hit.result;
    const result = resolveImageSize(image, {
      platform,
      daemon: this.daemon,
      registry: settings.sizes.registryLookups ? { cacheDir: this.cacheDir } : false,
    });
    this.memo.set(key, { at: Date.now(), result });
    return result;
  }
}

export const sizeLookups = new SizeLookups();
const builtLayers = new BuiltLayerLookups(() => sizeLookups.daemon);

/** Hover section: a RUN/COPY/ADD layer's size in the newest image built from this Dockerfile. */
export const layerSizeHover = builtLayerHover(builtLayers);

function siteHeading(site: ImageReferenceSite): string | undefined {
  if (site.viaStage !== undefined) return `_Stage \`${site.viaStage}\` is based on this image:_`;
  return undefined;
}

/** Hover section for image references; registered in HOVER_SECTIONS. */
export const imageSizeHover: HoverSection = async ({ position, analysis, settings }) => {
  const site = imageSiteAt(analysis.model, position.line, position.character);
  if (!site) return undefined;
  if (!site.image) return `_Size unknown: \`${site.raw}\` uses a build argument without a default._`;
  const markdown = buildImageHover(await sizeLookups.resolve(site.image, settings, site.platform));
  if (!markdown) return undefined;
  const heading = siteHeading(site);
  return heading ? `${heading}\n\n${markdown}` : markdown;
};

/** Context walks are reused briefly: moving the mouse over one COPY must not re-walk the folder. */
const CONTEXT_MEMO_MS = 10_000;
const contextMemo = new Map<string, { at: number; measure: ContextMeasure }>();

function measureSources(root: string, dockerignore: string | undefined, sources: string[]): ContextMeasure {
  const key = `${root}|${dockerignore ?? ''}|${sources.join('\0')}`;
  const hit = contextMemo.get(key);
  if (hit && Date.now() - hit.at < CONTEXT_MEMO_MS) return hit.measure;
  const measure = measureCopySources(fileSystemView(root), dockerignore, sources);
  contextMemo.set(key, { at: Date.now(), measure });
  return measure;
}

/** Hover section for COPY/ADD from the build context: the bytes sent and the largest entries. */
export const contextSizeHover: HoverSection = ({ doc, position, analysis }) => {
  const instruction = instructionAt(analysis.model, position.line);
  if (!instruction || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD')) return undefined;
  if (instruction.flags.some((f) => f.name === 'from') || instruction.heredocs.length > 0) return undefined;
  const sources = instruction.args.slice(0, -1);
  const onKeyword = position.line === instruction.keywordRange.start.line && position.character <= instruction.keywordRange.end.character;
  const onSource = sources.some((w) => position.line === w.range.start.line && position.character >= w.range.start.character && position.character <= w.range.end.character);
  if (!onKeyword && !onSource) return undefined;
  const local = sources.map((w) => w.value).filter((v) => !/^(https?:\/\/|git@)/.test(v));
  const file = filePathOf(doc.uri);
  if (!file || local.length === 0) return undefined;
  const root = path.dirname(file);
  const dockerignore = fileSystemView(root).readText('.dockerignore');
  const m = measureSources(root, dockerignore, local);
  const lines = [
    `**${instruction.keyword} sends ${m.truncated ? 'at least ' : ''}${formatBytes(m.bytes)} from the build context** (${m.files} files, ${dockerignore === undefined ? 'no `.dockerignore`' : 'honouring `.dockerignore`'})`,
  ];
  if (m.largest.length > 0) lines.push('', `Largest: ${m.largest.map((e) => `\`${e.path}\` ${formatBytes(e.bytes)}`).join(', ')}`);
  return lines.join('\n');
};

/** The short label of an inlay hint, e.g. `≈ 1.1 GB`. */
export function inlayLabel(size: ResolvedImageSize): string | undefined {
  const figure = size.download ?? size.onDisk;
  return figure ? `≈ ${formatBytes(figure.bytes)}` : undefined;
}

async function inlayHints(ctx: FeatureContext, params: InlayHintParams): Promise<InlayHint[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const settings = await ctx.settings.get(doc.uri);
  if (!settings.sizes.inlayHints) return [];
  const model = ctx.cache.get(doc, settings).model;
  const hints: InlayHint[] = [];
  for (const site of imageReferenceSites(model)) {
    // FROM <stage> builds on that stage's layers, so the base image's size would mislead there.
    if (site.kind !== 'from' || site.viaStage !== undefined || !site.image || site.image === 'scratch') continue;
    if (site.line < params.range.start.line || site.line > params.range.end.line) continue;
    const label = inlayLabel(await sizeLookups.resolve(site.image, settings, site.platform));
    if (!label) continue;
    const lineText = model.lines[site.line] ?? '';
    hints.push({ position: { line: site.line, character: lineText.replace(/\s+$/, '').length }, label, paddingLeft: true });
  }
  return hints;
}

/** Feature registration (lsp/features.ts): inlay hints, and the client's storage path for the cache. */
export function sizeFeature(ctx: FeatureContext): Partial<FeatureRegistration> {
  const options = ctx.params.initializationOptions as { storagePath?: unknown } | undefined;
  if (typeof options?.storagePath === 'string' && options.storagePath) sizeLookups.cacheDir = path.join(options.storagePath, 'sizes');
  builtLayers.roots = (ctx.params.workspaceFolders ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  ctx.connection.languages.inlayHint.on((params) => inlayHints(ctx, params));
  return { capabilities: { inlayHintProvider: true } };
}
