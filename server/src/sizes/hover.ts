// Hover markdown for an image reference (FROM, COPY --from=image). A pure function of the
// resolved data, so the LSP, tests and the CLI show the same words.
import type { LabelledFigure, ResolvedImageSize } from './resolve';
import { formatBytes } from '../core/format';

function figureText(figure: LabelledFigure): string {
  const approx = figure.approximate || figure.inexact ? '≈ ' : '';
  const source = figure.sourceUrl ? `[${figure.source}](${figure.sourceUrl})` : figure.source;
  const note = figure.note ? `; ${figure.note}` : '';
  return `${approx}**${formatBytes(figure.bytes)}** — ${source}, ${figure.date}${note}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Markdown for a hover on an image reference: download and on-disk size with source and date,
 * whether the image is local, and a table of lighter alternatives with their saving and cost.
 * Returns undefined when nothing is known about the image.
 */
export function buildImageHover(size: ResolvedImageSize): string | undefined {
  if (!size.download && !size.onDisk && !size.local) return undefined;
  const lines: string[] = [`**${size.ref}** (${size.platform})`, ''];
  if (size.download) lines.push(`- Download: ${figureText(size.download)}`);
  if (size.onDisk) lines.push(`- On disk: ${figureText(size.onDisk)}`);
  if (size.local) {
    lines.push(
      `- Local image: yes, ${formatBytes(size.local.sizeBytes)} on disk (${size.local.layers.length} layers, id ${size.local.id.replace(/^sha256:/, '').slice(0, 12)})`,
    );
  } else if (size.daemonChecked) {
    lines.push('- Local image: not present in the Docker daemon');
  }

  const unmeasured = size.unmeasured ?? [];
  if (size.alternatives.length > 0 || unmeasured.length > 0) {
    lines.push('', '| Lighter alternative | Download | Saves | Costs |', '|---|---:|---:|---|');
    for (const alt of size.alternatives) {
      const approx = alt.compressed.approximate ? '≈ ' : '';
      lines.push(
        `| \`${alt.entry.ref}\` | ${approx}${formatBytes(alt.compressed.bytes)} | ${alt.savedPercent}% | ${escapeCell(alt.cost)} |`,
      );
    }
    for (const alt of unmeasured) {
      const figure = alt.onDisk
        ? `${alt.onDisk.approximate ? '≈ ' : ''}${formatBytes(alt.onDisk.bytes)} on disk`
        : 'unknown';
      lines.push(`| \`${alt.entry.ref}\` | ${figure} | — | ${escapeCell(alt.cost)} |`);
    }
    lines.push('', `_Alternative sizes: Layerwise catalogue (${size.platform}, compressed)._`);
  }
  if (size.notes.length > 0) lines.push('', ...size.notes.map((n) => `_${n}_`));
  return lines.join('\n');
}
