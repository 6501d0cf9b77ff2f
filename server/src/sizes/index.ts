// The sizes API in one import for rules, actions, the LSP and the CLI. See docs/sizes.md.
export { estimateImageSize, lighterAlternatives, catalogue, type SizeEstimate, type LighterAlternative, type CatalogueEntry, type SizeFigure } from './catalogue';
export { resolveFamily, type ImageFamily } from './family';
export { parseImageReference, type ParsedImageReference } from './reference';
export { formatBytes } from './format';
export { resolveImageSize, type ResolvedImageSize, type LabelledFigure } from './resolve';
export { buildImageHover } from './hover';
export { measureContext, measureCopySources, type ContextMeasure } from './context';
export { imageReferenceSites, imageSiteAt, type ImageReferenceSite } from './imageRefs';
