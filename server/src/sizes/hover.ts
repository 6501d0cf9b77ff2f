// Hover markdown for an image reference (FROM, COPY --from=image). A pure function of the
// resolved data, so the LSP, tests and the CLI show the same words.
import type { LabelledFigure, ResolvedImageSize } from './resolve';
import { isEndOfLife, today, type SizeFigure } from './catalogue';
import { describeSource, endOfLifeSentence, formatBytes, lineChangeLabel, sizeText, sourceUrl } from '../core/format';

function linked(source: { repository?: string; commit?: string; path?: string; url?: string }): string {
  const url = sourceUrl(source);
  const label = describeSource(source);
  return url ? `[${label}](${url})` : label;
}

function figureText(figure: LabelledFigure): string {
  const source = figure.sourceUrl ? `[${figure.source}](${figure.sourceUrl})` : figure.source;
  const note = figure.note ? `; ${figure.note}` : '';
  return `**${sizeText(figure.bytes, figure.approximate || !!figure.inexact)}** — ${source}, ${figure.date}${note}`;
}

/** An alternative's own figure with its source and date: `[docker-library/repo-info@3179cb4](…), 2026-09-19`. */
function provenance(figure: SizeFigure): string {
  return `${linked(figure.source)}, ${figure.date}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Markdown for a hover on an image reference: download (compressed) and on-disk size with source
 * and date, whether the image is local, whether its release line is past end of life, and a table
 * of lighter alternatives, each with its own figure, source and date, the saving and the cost.
 * Savings compare catalogue download figures with each other, and the hover says which figure of
 * the reference they are computed from. Returns undefined when nothing is known about the image.
 */
export function buildImageHover(size: ResolvedImageSize, on: string = today()): string | undefined {
  if (!size.download && !size.onDisk && !size.local) return undefined;
  const lines: string[] = [`**${size.ref}** (${size.platform})`, ''];
  if (size.download) lines.push(`- Download (compressed): ${figureText(size.download)}`);
  if (size.onDisk) lines.push(`- On disk: ${figureText(size.onDisk)}`);
  if (size.local) {
    lines.push(
      `- Local image: yes, ${formatBytes(size.local.sizeBytes)} on disk (${size.local.layers.length} layers, id ${size.local.id.replace(/^sha256:/, '').slice(0, 12)})`,
    );
  } else if (size.daemonChecked) {
    lines.push('- Local image: not present in the Docker daemon');
  }
  const lifecycle = size.catalogue?.lifecycle;
  if (lifecycle?.eol && isEndOfLife(lifecycle, on)) {
    const name = size.catalogue!.entry.family;
    lines.push(
      `- End of life: ${endOfLifeSentence(name, lifecycle.line, lifecycle.eol, on)} (${linked(lifecycle.source)})`,
    );
  }

  const unmeasured = size.unmeasured ?? [];
  if (size.alternatives.length > 0 || unmeasured.length > 0) {
    lines.push(
      '',
      '| Lighter alternative | Download (compressed) | Saves | Source, date | Costs |',
      '|---|---:|---:|---|---|',
    );
    for (const alt of size.alternatives) {
      const change = alt.lineChange ? ` (${lineChangeLabel(alt.lineChange.from, alt.lineChange.to)})` : '';
      lines.push(
        `| \`${alt.entry.ref}\`${change} | ${sizeText(alt.compressed.bytes, !!alt.compressed.approximate)} | ${alt.savedPercent}% | ${provenance(alt.compressed)} | ${escapeCell(alt.cost)} |`,
      );
    }
    for (const alt of unmeasured) {
      const figure = alt.onDisk ? `— (${sizeText(alt.onDisk.bytes, !!alt.onDisk.approximate)} on disk)` : 'unknown';
      const source = alt.onDisk ? provenance(alt.onDisk) : '—';
      lines.push(`| \`${alt.entry.ref}\` | ${figure} | — | ${source} | ${escapeCell(alt.cost)} |`);
    }
    const base = size.catalogue?.compressed;
    if (size.alternatives.length > 0 && base) {
      const basis = `\`${size.catalogue!.entry.ref}\` ${sizeText(base.bytes, !!base.approximate)} (${describeSource(base.source)}, ${base.date})`;
      lines.push(
        '',
        `_Savings compare catalogue download (compressed) sizes for ${size.platform}: each alternative's with ${basis}._`,
      );
    }
  }
  if (size.notes.length > 0) lines.push('', ...size.notes.map((n) => `_${n}_`));
  return lines.join('\n');
}
