// Sizes in the editor: the hover on image references (FROM, COPY --from=image), an inlay hint
// `≈ 1.1 GB` after each FROM, and the built-layer hover's wiring. Translation only: the figures
// come from server/src/sizes (context sizes on COPY: contextHover.ts).
import type { InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import * as path from 'node:path';
import type { FeatureContext, FeatureRegistration } from './features';
import type { HoverSection } from './hover';
import type { ServerSettings } from './settings';
import { imageReferenceSites, imageSiteAt, type ImageReferenceSite } from '../sizes/imageRefs';
import type { LabelledFigure, ResolvedImageSize } from '../sizes/resolve';
import { SizeLookups, type LookupSettings } from '../sizes/lookups';
import { buildImageHover } from '../sizes/hover';
import { figureLabel, figureProvenance, type SizeKind } from '../core/format';
import { proxyFromSettings } from '../sizes/proxy';
import { BuiltLayerLookups, builtLayerHover } from './layerHover';
import { fileURLToPath } from 'node:url';
import type { DockerfileModel } from '../core/model';
import { bareNameReason, LookupTiming, TYPING_REASON } from './lookupTiming';

/**
 * Workspace trust as the client reports it (`initializationOptions.workspaceTrusted`, then the
 * `layerwise/workspaceTrusted` notification when the user grants it). Clients without a trust
 * model send nothing: trusted.
 */
export const workspaceTrust = { trusted: true };
export const WORKSPACE_TRUSTED_NOTIFICATION = 'layerwise/workspaceTrusted';

/** The editor's size settings as the shared look-up policy (sizes/lookups.ts) takes them. */
export function lookupSettings(settings: ServerSettings): LookupSettings {
  return {
    daemonHost: settings.docker.host ?? '',
    platform: settings.sizes.platform || undefined,
    registry: settings.sizes.registryLookups
      ? { proxy: proxyFromSettings(settings.http), publicOnly: !workspaceTrust.trusted }
      : false,
  };
}

export const sizeLookups = new SizeLookups();
const builtLayers = new BuiltLayerLookups((settings) => sizeLookups.daemon(settings.docker.host ?? ''));

/** Hover section: a RUN/COPY/ADD layer's size in the newest image built from this Dockerfile. */
export const layerSizeHover = builtLayerHover(builtLayers);

function siteHeading(site: ImageReferenceSite): string | undefined {
  if (site.viaStage !== undefined) return `_Stage \`${site.viaStage}\` is based on this image:_`;
  return undefined;
}

/** Hover section for image references; registered in HOVER_SECTIONS. A hover asks the registry at once (not for a bare name). */
export const imageSizeHover: HoverSection = async ({ position, analysis, settings }) => {
  const site = imageSiteAt(analysis.model, position.line, position.character);
  if (!site) return undefined;
  if (!site.image) return `_Size unknown: \`${site.raw}\` uses a build argument without a default._`;
  const size = await sizeLookups.resolve(
    site.image,
    lookupSettings(settings),
    site.platform,
    bareNameReason(site.image),
  );
  const markdown = buildImageHover(size);
  if (!markdown) return undefined;
  const heading = siteHeading(site);
  return heading ? `${heading}\n\n${markdown}` : markdown;
};

/** The figure an inlay hint shows: the download size, else the on-disk one. */
function inlayFigure(size: ResolvedImageSize): { figure: LabelledFigure; kind: SizeKind } | undefined {
  if (size.download) return { figure: size.download, kind: 'compressed' };
  return size.onDisk ? { figure: size.onDisk, kind: 'onDisk' } : undefined;
}

/** The short label of an inlay hint, e.g. `408 MB download`, `≈ 2.1 MB on disk` (`≈` only when not exact). */
export function inlayLabel(size: ResolvedImageSize): string | undefined {
  const shown = inlayFigure(size);
  return shown && figureLabel(shown.figure.bytes, shown.kind, shown.figure.approximate || !!shown.figure.inexact);
}

/** The inlay hint's tooltip: what the figure measures, its source and date (and whose figure an inexact one is). */
export function inlayTooltip(size: ResolvedImageSize): string | undefined {
  const shown = inlayFigure(size);
  if (!shown) return undefined;
  const note = shown.figure.note ? ` (${shown.figure.note})` : '';
  return `${figureProvenance(shown.kind, shown.figure.source, shown.figure.date)}${note}`;
}

/** The FROM sites that get an inlay hint: FROM <stage> builds on that stage's layers, so the base image's size would mislead there. */
function hintSites(model: DockerfileModel): (ImageReferenceSite & { image: string })[] {
  return imageReferenceSites(model).filter(
    (s): s is ImageReferenceSite & { image: string } =>
      s.kind === 'from' && s.viaStage === undefined && !!s.image && s.image !== 'scratch',
  );
}

/** When FROM images have stood still long enough to be looked up (lsp/lookupTiming.ts). */
let timing: LookupTiming | undefined;

async function inlayHints(ctx: FeatureContext, params: InlayHintParams): Promise<InlayHint[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const settings = await ctx.settings.get(doc.uri);
  if (!settings.sizes.inlayHints) return [];
  const model = ctx.cache.get(doc, settings).model;
  const all = hintSites(model);
  const still =
    timing?.observe(
      doc.uri,
      all.map((s) => s.image),
    ) ?? new Set(all.map((s) => s.image));
  const sites = all.filter((s) => s.line >= params.range.start.line && s.line <= params.range.end.line);
  // Look-ups run side by side: several FROMs must not wait for each other's registry answer. An
  // image still being typed gets what is already known (catalogue, daemon, caches), no request.
  const sizes = await Promise.all(
    sites.map((s) =>
      sizeLookups.resolve(
        s.image,
        lookupSettings(settings),
        s.platform,
        bareNameReason(s.image) ?? (still.has(s.image) ? undefined : TYPING_REASON),
      ),
    ),
  );
  const hints: InlayHint[] = [];
  sites.forEach((site, i) => {
    const label = inlayLabel(sizes[i]);
    if (!label) return;
    const lineText = model.lines[site.line] ?? '';
    hints.push({
      position: { line: site.line, character: lineText.replace(/\s+$/, '').length },
      label,
      tooltip: inlayTooltip(sizes[i]),
      paddingLeft: true,
    });
  });
  return hints;
}

/**
 * Looks up the document's FROM images (only those that stood still, unless on save), then asks the
 * client to refresh its inlay hints so they show the registry's figures.
 */
async function lookUpFromImages(ctx: FeatureContext, uri: string, onlyStill: boolean): Promise<void> {
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const settings = await ctx.settings.get(uri);
  if (!settings.sizes.registryLookups || !settings.sizes.inlayHints) return;
  const sites = hintSites(ctx.cache.get(doc, settings).model);
  const still = timing?.observe(
    uri,
    sites.map((s) => s.image),
  );
  const wanted = sites.filter((s) => (!onlyStill || still?.has(s.image)) && !bareNameReason(s.image));
  if (wanted.length === 0) return;
  await Promise.all(wanted.map((s) => sizeLookups.resolve(s.image, lookupSettings(settings), s.platform)));
  if (ctx.params.capabilities.workspace?.inlayHint?.refreshSupport)
    await ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
}

/** Feature registration (lsp/features.ts): inlay hints, and the client's storage path for the cache. */
export function sizeFeature(ctx: FeatureContext): Partial<FeatureRegistration> {
  const options = ctx.params.initializationOptions as { storagePath?: unknown; workspaceTrusted?: unknown } | undefined;
  if (typeof options?.storagePath === 'string' && options.storagePath)
    sizeLookups.cacheDir = path.join(options.storagePath, 'sizes');
  workspaceTrust.trusted = options?.workspaceTrusted !== false;
  ctx.connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    workspaceTrust.trusted = true;
  });
  builtLayers.roots = (ctx.params.workspaceFolders ?? [])
    .filter((f) => f.uri.startsWith('file:'))
    .map((f) => fileURLToPath(f.uri));
  ctx.connection.languages.inlayHint.on((params) => inlayHints(ctx, params));
  // No registry request while typing: FROM images are looked up once they stand still, or on save.
  timing = new LookupTiming((uri) => void lookUpFromImages(ctx, uri, true).catch(() => undefined));
  ctx.documents.onDidChangeContent((e) => timing?.changed(e.document.uri));
  ctx.documents.onDidSave((e) => void lookUpFromImages(ctx, e.document.uri, false).catch(() => undefined));
  ctx.documents.onDidClose((e) => timing?.forget(e.document.uri));
  return { capabilities: { inlayHintProvider: true } };
}
