// One answer to "how big is this image?", from the best source available, in order:
// the local daemon (exact on-disk size), the registry (download size), the bundled catalogue.
// Every figure says where it comes from and when; look-ups that fail leave a note, not an error.
import {
  estimateImageSize,
  lighterAlternatives,
  unmeasuredAlternatives,
  type LighterAlternative,
  type SizeEstimate,
  type SizeFigure,
  type UnmeasuredAlternative,
} from './catalogue';
import { lookupLocalImage, type DaemonImageSize, type DaemonTarget } from './daemon';
import { describeSource, registryFailureSentence, sourceUrl, type RegistryFailureKind } from '../core/format';
import { normalisePlatform } from './platform';
import { parseImageReference } from './reference';
import { lookupRegistrySize, type RegistryLookupOptions } from './registry';

export type FigureOrigin = 'daemon' | 'registry' | 'catalogue';

/** A size with its provenance, ready to show. */
export interface LabelledFigure {
  bytes: number;
  origin: FigureOrigin;
  /** `local Docker daemon`, `registry http://127.0.0.1:5000`, `docker-library/repo-info@3179cb4`. */
  source: string;
  /** Link to the source file, when there is one. */
  sourceUrl?: string;
  /** ISO date (or year-month) the figure was measured or published. */
  date: string;
  approximate: boolean;
  /** Catalogue figure for another release line or for the family's newest line. */
  inexact?: boolean;
  /** Extra words shown next to the figure (e.g. what a catalogue figure really measures). */
  note?: string;
}

export interface ResolvedImageSize {
  ref: string;
  platform: string;
  /** Compressed download size. */
  download?: LabelledFigure;
  /** Uncompressed size on disk. */
  onDisk?: LabelledFigure;
  /** Present when the local daemon has the image. */
  local?: DaemonImageSize;
  /** The daemon answered (so a missing `local` means the image is not there). */
  daemonChecked: boolean;
  catalogue?: SizeEstimate;
  alternatives: LighterAlternative[];
  /** Lighter alternatives without a comparable download figure (no saving shown). */
  unmeasured: UnmeasuredAlternative[];
  /** Why a source gave nothing, e.g. `registry: did not answer within 3000 ms`. */
  notes: string[];
}

export interface ResolveOptions {
  /** The local daemon, when one should be asked. */
  daemon?: DaemonTarget;
  /** Registry look-up options; absent or false = no network. */
  registry?: RegistryLookupOptions | false;
  /** `os/arch[/variant]`; default linux/amd64. */
  platform?: string;
  daemonTimeoutMs?: number;
}

/** Turns a catalogue figure into a labelled one. */
export function catalogueFigure(figure: SizeFigure, estimate: SizeEstimate): LabelledFigure {
  const s = figure.source;
  return {
    bytes: figure.bytes,
    origin: 'catalogue',
    source: describeSource(s),
    sourceUrl: sourceUrl(s),
    date: figure.date,
    approximate: figure.approximate === true,
    inexact: !estimate.exact || undefined,
    // Say why a figure is approximate (the source's own words), and whose figures an inexact match uses.
    note:
      [estimate.exact ? undefined : `figures for ${estimate.entry.ref}`, figure.approximate ? s.note : undefined]
        .filter(Boolean)
        .join('; ') || undefined,
  };
}

/** A registry failure as a sentence; a look-up not made (deferred, not a public host) keeps its own words. */
function registryNote(failure: { reason: string; message: string }, fromCatalogue: boolean): string {
  if (failure.reason === 'deferred' || failure.reason === 'refused') return failure.message;
  const kind: RegistryFailureKind =
    failure.reason === 'unreachable' || failure.reason === 'timeout' ? failure.reason : 'answered';
  return registryFailureSentence(kind, failure.message, fromCatalogue);
}

/**
 * Resolves the size of `ref` from the daemon, the registry and the catalogue, in that order,
 * each figure labelled with its source and date. Never rejects: unreachable sources add a note.
 */
export async function resolveImageSize(ref: string, options: ResolveOptions = {}): Promise<ResolvedImageSize> {
  const platform = normalisePlatform(options.platform);
  const parsed = parseImageReference(ref);
  const result: ResolvedImageSize = {
    ref: parsed?.familiar ?? ref,
    platform,
    daemonChecked: false,
    alternatives: [],
    unmeasured: [],
    notes: [],
  };
  if (!parsed) {
    result.notes.push(`not a resolvable image reference: ${ref}`);
    return result;
  }

  if (options.daemon !== undefined) {
    const local = await lookupLocalImage(options.daemon, ref, { timeoutMs: options.daemonTimeoutMs });
    result.daemonChecked = local.ok || local.reason === 'not-found';
    if (local.ok) {
      result.local = local.image;
      result.onDisk = {
        bytes: local.image.sizeBytes,
        origin: 'daemon',
        source: 'local Docker daemon',
        date: local.image.measuredAt.slice(0, 10),
        approximate: false,
        note:
          local.image.platform && local.image.platform !== platform
            ? `local image is ${local.image.platform}`
            : undefined,
      };
    } else if (local.reason !== 'not-found') result.notes.push(`daemon: ${local.message}`);
  }

  let registryFailure: { reason: string; message: string } | undefined;
  if (options.registry) {
    const remote = await lookupRegistrySize(ref, { ...options.registry, platform });
    if (remote.ok) {
      result.download = {
        bytes: remote.size.compressedBytes,
        origin: 'registry',
        source: `${remote.size.api === 'hub-tags' ? 'Docker Hub tags API' : 'registry'} ${remote.size.registryUrl}${remote.size.fromCache ? ' (cached)' : ''}`,
        // Hub says when the image was pushed; a registry figure is dated by its look-up.
        date: (remote.size.lastPushed ?? remote.size.fetchedAt).slice(0, 10),
        approximate: false,
      };
    } else registryFailure = remote;
  }

  const estimate = estimateImageSize(ref, platform);
  if (registryFailure) result.notes.push(registryNote(registryFailure, !!estimate?.compressed));
  if (estimate) {
    result.catalogue = estimate;
    if (!result.download && estimate.compressed) result.download = catalogueFigure(estimate.compressed, estimate);
    if (!result.onDisk && estimate.onDisk) result.onDisk = catalogueFigure(estimate.onDisk, estimate);
    result.alternatives = lighterAlternatives(ref, platform);
    result.unmeasured = unmeasuredAlternatives(ref, platform);
  }
  return result;
}
