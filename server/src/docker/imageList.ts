// The image list as the panel shows it: filtered and one page at a time, so 1 000 images never
// reach the webview at once.
import type { ImageRow } from './images';

export interface ImagePage {
  items: ImageRow[];
  /** Images matching the filter. */
  total: number;
  offset: number;
}

export const PAGE_SIZE = 50;

export function pageImages(
  rows: ImageRow[],
  options: { filter?: string; offset?: number; limit?: number } = {},
): ImagePage {
  const needle = options.filter?.trim().toLowerCase();
  const matching = needle
    ? rows.filter((r) => r.id.toLowerCase().includes(needle) || r.tags.some((t) => t.toLowerCase().includes(needle)))
    : rows;
  const limit = options.limit ?? PAGE_SIZE;
  const offset = Math.max(0, Math.min(options.offset ?? 0, Math.max(0, matching.length - 1)));
  return { items: matching.slice(offset, offset + limit), total: matching.length, offset };
}
