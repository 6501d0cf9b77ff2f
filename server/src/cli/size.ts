// `layerwise size IMAGE… [--format text|json]`: the same figures as the hover, with their sources.
import type { CliCommand, CliIO } from './io';
import { parseArgs, UsageError } from './io';
import { parseImageReference } from '../sizes/reference';
import type { LabelledFigure, ResolvedImageSize } from '../sizes/resolve';
import { SizeLookups, type LookupSettings } from '../sizes/lookups';
import {
  describeSource,
  formatBytes,
  lineChangeLabel,
  sizeKindLabel,
  sizeText,
  endOfLifeSentence,
} from '../core/format';
import { isEndOfLife } from '../sizes/catalogue';

const USAGE = `layerwise size IMAGE... [--format text|json] [--platform os/arch] [--offline] [--no-daemon] [--cache-dir DIR]
  Download and on-disk size of each image, each figure with its source and date:
  the local Docker daemon (DOCKER_HOST, docker context, usual sockets), the image's registry (anonymous, no pull counted, cached on disk),
  else the bundled catalogue. Lighter alternatives with their saving and what they cost.
  --offline     never ask a registry   --no-daemon   never ask the Docker daemon
  Exit code: 0 every size known, 1 some size unknown, 2 bad arguments.`;

const LABEL_WIDTH = 'download (compressed)'.length;

function figureLine(label: string, figure: LabelledFigure | undefined): string {
  if (!figure) return `  ${label.padEnd(LABEL_WIDTH)} unknown\n`;
  const note = figure.note ? `; ${figure.note}` : '';
  const size = sizeText(figure.bytes, figure.approximate || !!figure.inexact);
  return `  ${label.padEnd(LABEL_WIDTH)} ${size.padEnd(10)} ${figure.source}, ${figure.date}${note}\n`;
}

function line(label: string, text: string): string {
  return `  ${label.padEnd(LABEL_WIDTH)} ${text}\n`;
}

function textReport(size: ResolvedImageSize): string {
  let out = `${size.ref} (${size.platform})\n`;
  out += figureLine(sizeKindLabel('compressed'), size.download);
  out += figureLine(sizeKindLabel('onDisk'), size.onDisk);
  if (size.daemonChecked)
    out += line(
      'local',
      size.local
        ? `yes, ${formatBytes(size.local.sizeBytes)} on disk, ${size.local.id.replace(/^sha256:/, '').slice(0, 12)}, ${size.local.layers.length} layers`
        : 'not present',
    );
  const lifecycle = size.catalogue?.lifecycle;
  if (lifecycle?.eol && isEndOfLife(lifecycle))
    out += line(
      'end of life',
      `${endOfLifeSentence(size.catalogue!.entry.family, lifecycle.line, lifecycle.eol)} (${describeSource(lifecycle.source)})`,
    );
  for (const alt of size.alternatives) {
    const change = alt.lineChange ? ` (${lineChangeLabel(alt.lineChange.from, alt.lineChange.to)})` : '';
    out += line(
      'lighter',
      `${alt.entry.ref}${change}: ${sizeText(alt.compressed.bytes, !!alt.compressed.approximate)} download (-${alt.savedPercent}%), ${describeSource(alt.compressed.source)}, ${alt.compressed.date}; costs: ${alt.cost}`,
    );
  }
  for (const alt of size.unmeasured) {
    const figure = alt.onDisk
      ? `${sizeText(alt.onDisk.bytes, !!alt.onDisk.approximate)} on disk, ${describeSource(alt.onDisk.source)}, ${alt.onDisk.date}`
      : 'size unknown';
    out += line('lighter', `${alt.entry.ref}: ${figure}; costs: ${alt.cost}`);
  }
  const base = size.catalogue?.compressed;
  if (size.alternatives.length > 0 && base)
    out += line(
      'savings',
      `against the catalogue's download (compressed) size of ${size.catalogue!.entry.ref}, ${sizeText(base.bytes, !!base.approximate)} (${describeSource(base.source)}, ${base.date})`,
    );
  for (const note of size.notes) out += line('note', note);
  return out;
}

function jsonReport(size: ResolvedImageSize): object {
  return {
    ref: size.ref,
    platform: size.platform,
    download: size.download ?? null,
    onDisk: size.onDisk ?? null,
    local: size.daemonChecked
      ? size.local
        ? { id: size.local.id, sizeBytes: size.local.sizeBytes, layers: size.local.layers }
        : false
      : null,
    alternatives: size.alternatives.map((a) => ({
      ref: a.entry.ref,
      kind: a.compressed.kind,
      bytes: a.compressed.bytes,
      lineChange: a.lineChange ? { from: a.lineChange.from, to: a.lineChange.to } : undefined,
      savedBytes: a.savedBytes,
      savedPercent: a.savedPercent,
      cost: a.cost,
      date: a.compressed.date,
      source: a.compressed.source,
    })),
    unmeasured: size.unmeasured.map((a) => ({ ref: a.entry.ref, onDisk: a.onDisk ?? null, cost: a.cost })),
    notes: size.notes,
  };
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(args, ['format', 'platform', 'cache-dir'], ['offline', 'no-daemon']);
  if (positionals.length === 0) throw new UsageError('name at least one image, e.g. `layerwise size node:20`');
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, got ${String(format)}`);
  for (const ref of positionals) if (!parseImageReference(ref)) throw new UsageError(`not an image reference: ${ref}`);

  const lookups = new SizeLookups();
  if (typeof flags['cache-dir'] === 'string') lookups.cacheDir = flags['cache-dir'];
  const settings: LookupSettings = {
    daemonHost: flags['no-daemon'] ? false : '',
    platform: typeof flags.platform === 'string' ? flags.platform : undefined,
    registry: flags.offline ? false : {},
  };
  const sizes: ResolvedImageSize[] = [];
  for (const ref of positionals) sizes.push(await lookups.resolve(ref, settings));
  if (format === 'json') io.out(`${JSON.stringify(sizes.map(jsonReport), null, 2)}\n`);
  else io.out(sizes.map(textReport).join('\n'));
  return sizes.every((s) => s.download || s.onDisk) ? 0 : 1;
}

export const sizeCommand: CliCommand = {
  name: 'size',
  summary: 'download and on-disk size of images, with sources, dates and lighter alternatives',
  usage: USAGE,
  run,
};
