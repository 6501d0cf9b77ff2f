// `layerwise size IMAGE… [--format text|json]`: the same figures as the hover, with their sources.
import type { CliCommand, CliIO } from './io';
import { parseArgs, UsageError } from './io';
import { parseImageReference } from '../sizes/reference';
import type { LabelledFigure, ResolvedImageSize } from '../sizes/resolve';
import { SizeLookups, type LookupSettings } from '../sizes/lookups';
import { formatBytes } from '../core/format';

const USAGE = `layerwise size IMAGE... [--format text|json] [--platform os/arch] [--offline] [--no-daemon] [--cache-dir DIR]
  Download and on-disk size of each image, each figure with its source and date:
  the local Docker daemon (DOCKER_HOST, docker context, usual sockets), the image's registry (anonymous, no pull counted, cached on disk),
  else the bundled catalogue. Lighter alternatives with their saving and what they cost.
  --offline     never ask a registry   --no-daemon   never ask the Docker daemon
  Exit code: 0 every size known, 1 some size unknown, 2 bad arguments.`;

function figureLine(label: string, figure: LabelledFigure | undefined): string {
  if (!figure) return `  ${label.padEnd(9)} unknown\n`;
  const approx = figure.approximate || figure.inexact ? '≈ ' : '';
  const note = figure.note ? `; ${figure.note}` : '';
  return `  ${label.padEnd(9)} ${(approx + formatBytes(figure.bytes)).padEnd(10)} ${figure.source}, ${figure.date}${note}\n`;
}

function textReport(size: ResolvedImageSize): string {
  let out = `${size.ref} (${size.platform})\n`;
  out += figureLine('download', size.download);
  out += figureLine('on disk', size.onDisk);
  if (size.daemonChecked)
    out += `  local     ${size.local ? `yes, ${size.local.id.replace(/^sha256:/, '').slice(0, 12)}, ${size.local.layers.length} layers` : 'not present'}\n`;
  for (const alt of size.alternatives) {
    out += `  lighter   ${alt.entry.ref}: ${alt.compressed.approximate ? '≈ ' : ''}${formatBytes(alt.compressed.bytes)} (-${alt.savedPercent}%), costs: ${alt.cost}\n`;
  }
  for (const alt of size.unmeasured) {
    const figure = alt.onDisk
      ? `${alt.onDisk.approximate ? '≈ ' : ''}${formatBytes(alt.onDisk.bytes)} on disk`
      : 'size unknown';
    out += `  lighter   ${alt.entry.ref}: ${figure}, costs: ${alt.cost}\n`;
  }
  for (const note of size.notes) out += `  note      ${note}\n`;
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
      bytes: a.compressed.bytes,
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
