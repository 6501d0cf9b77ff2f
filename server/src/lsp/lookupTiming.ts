// When the editor may ask a registry (issue 15 §1): never while a FROM line is being typed. Typing
// `FROM node:20-slim` one key at a time names `n`, `no`, … `node:20-` — each a request, most of them
// 404s. An image is looked up for inlay hints only once it has stood unchanged in the document for
// STILL_MS; hovers and saves are explicit and ask at once. A bare repository name (`FROM node`, no
// tag) is never looked up: `latest` moves, and it is usually a name half typed.
import { parseImageReference } from '../sizes/reference';

export const STILL_MS = 1_500;

/** Why a look-up is not sent now, or undefined when it may be. */
export function bareNameReason(image: string): string | undefined {
  const parsed = parseImageReference(image);
  if (!parsed) return undefined;
  return parsed.tagImplied
    ? `not asked: \`${parsed.original}\` names no tag (add one, e.g. \`${parsed.original}:<version>\`, to look it up)`
    : undefined;
}

export const TYPING_REASON = `not asked yet: looked up once the FROM line has been still for ${STILL_MS / 1000} s, on hover or on save`;

interface DocumentTiming {
  /** When the document last changed (or was opened). */
  changedAt: number;
  /** Each image seen in the document, with the time since which it has been there. */
  since: Map<string, number>;
  timer?: NodeJS.Timeout;
}

/**
 * Per document: when it last changed, and since when each FROM image has stood in it. Nothing is
 * parsed per keystroke: the images are read when someone looks (an inlay-hint request, or the
 * timer STILL_MS after the last change). An image not there at the previous look is dated from the
 * last change, the latest moment it can have appeared.
 */
export class LookupTiming {
  private docs = new Map<string, DocumentTiming>();

  /** `onStill` runs STILL_MS after a document's last change. */
  constructor(private readonly onStill: (uri: string) => void) {}

  changed(uri: string, now = Date.now()): void {
    const doc: DocumentTiming = this.docs.get(uri) ?? { changedAt: now, since: new Map() };
    doc.changedAt = now;
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = setTimeout(() => {
      doc.timer = undefined;
      this.onStill(uri);
    }, STILL_MS + 20); // a little past STILL_MS: timers and Date.now() round differently
    doc.timer.unref?.();
    this.docs.set(uri, doc);
  }

  /** Records the images the document names now; returns those that have stood still for STILL_MS. */
  observe(uri: string, images: string[], now = Date.now()): Set<string> {
    const doc: DocumentTiming = this.docs.get(uri) ?? { changedAt: now, since: new Map() };
    this.docs.set(uri, doc);
    const current = new Set(images);
    for (const image of [...doc.since.keys()]) if (!current.has(image)) doc.since.delete(image);
    for (const image of current) if (!doc.since.has(image)) doc.since.set(image, doc.changedAt);
    return new Set([...current].filter((image) => now - (doc.since.get(image) ?? now) >= STILL_MS));
  }

  forget(uri: string): void {
    const doc = this.docs.get(uri);
    if (doc?.timer) clearTimeout(doc.timer);
    this.docs.delete(uri);
  }
}
