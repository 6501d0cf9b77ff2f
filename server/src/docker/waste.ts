// Exact wasted space of an image: bytes that a layer ships but the final file system never shows,
// because a later layer deleted them (whiteout `.wh.name`, opaque dir `.wh..wh..opq`) or
// overwrote them. Every superseded copy counts once (a file written three times wastes the first
// two copies, not more); directories and hard links carry no bytes and never count.
// Whiteouts of a layer hide only lower layers, so each layer applies its deletions first.

export type LayerEntryKind = 'file' | 'dir' | 'link';

export interface LayerListing {
  /** Paths as absolute, normalised (`/usr/lib/gcc`), with their byte size. */
  entries: { path: string; size: number; kind: LayerEntryKind }[];
  /** Paths deleted by this layer (from `.wh.name`). */
  whiteouts: string[];
  /** Directories whose lower-layer contents this layer hides (from `.wh..wh..opq`). */
  opaqueDirs: string[];
  /** Sum of the sizes of the entries (what the layer ships, uncompressed file bytes). */
  bytes: number;
}

export interface WasteGroup {
  /** The deleted path, or the common folder of the overwritten files. */
  path: string;
  bytes: number;
  files: number;
  /** Layer indexes (0 = bottom layer). */
  addedLayer: number;
  removedLayer: number;
  how: 'removed' | 'overwritten';
}

export interface WasteReport {
  totalBytes: number;
  files: number;
  /** Per layer: bytes it added that the final image hides. */
  perLayer: number[];
  /** Largest first. */
  groups: WasteGroup[];
}

interface Node {
  children?: Map<string, Node>;
  /** The file or link here; absent for (implicit or explicit) directories. */
  file?: { layer: number; size: number };
}

/** Normalises a tar member name to `/a/b`; `''` for the root. */
export function normalizeTarPath(name: string): string {
  const parts = name.split('/').filter((p) => p && p !== '.');
  return parts.length ? `/${parts.join('/')}` : '';
}

/** Turns raw tar entries of one layer into a listing, separating whiteouts. */
export function listingFromEntries(
  raw: { name: string; size: number; type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other' }[],
): LayerListing {
  const listing: LayerListing = { entries: [], whiteouts: [], opaqueDirs: [], bytes: 0 };
  for (const e of raw) addToListing(listing, e.name, e.size, e.type);
  return listing;
}

export function addToListing(listing: LayerListing, name: string, size: number, type: string): void {
  const p = normalizeTarPath(name);
  if (!p) return;
  const slash = p.lastIndexOf('/');
  const dir = p.slice(0, slash);
  const base = p.slice(slash + 1);
  if (base === '.wh..wh..opq') listing.opaqueDirs.push(dir || '/');
  else if (base.startsWith('.wh.')) listing.whiteouts.push(`${dir}/${base.slice(4)}`);
  else {
    const kind: LayerEntryKind = type === 'directory' ? 'dir' : type === 'file' || type === 'other' ? 'file' : 'link';
    const bytes = kind === 'file' ? size : 0;
    listing.entries.push({ path: p, size: bytes, kind });
    listing.bytes += bytes;
  }
}

interface Removal {
  path: string;
  size: number;
  addedLayer: number;
}

export function computeWaste(layers: LayerListing[]): WasteReport {
  const root: Node = { children: new Map() };
  const perLayer = layers.map(() => 0);
  const removed = new Map<string, WasteGroup>();
  const overwritten = new Map<string, { removals: Removal[]; addedLayer: number; removedLayer: number }>();

  /** Finds a path; with `displaced`, creates missing folders, and a file standing where a folder must be is displaced. */
  const lookup = (p: string, displaced?: Removal[]): { parent: Node; name: string; node?: Node } | undefined => {
    const parts = p.split('/').filter(Boolean);
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = node.children?.get(parts[i]);
      if (!displaced && (!next || next.file)) return undefined;
      if (!next || next.file) {
        if (next?.file)
          displaced!.push({
            path: `/${parts.slice(0, i + 1).join('/')}`,
            size: next.file.size,
            addedLayer: next.file.layer,
          });
        next = { children: new Map() };
        (node.children ??= new Map()).set(parts[i], next);
      }
      node = next;
    }
    const name = parts[parts.length - 1];
    return { parent: node, name, node: node.children?.get(name) };
  };

  const collect = (node: Node, p: string, out: Removal[]) => {
    if (node.file) out.push({ path: p, size: node.file.size, addedLayer: node.file.layer });
    for (const [name, child] of node.children ?? []) collect(child, `${p}/${name}`, out);
  };

  const recordRemoved = (groupPath: string, removals: Removal[], layer: number) => {
    for (const r of removals) {
      if (r.size === 0) continue;
      const key = `${r.addedLayer}\0${groupPath}`;
      const group = removed.get(key) ?? {
        path: groupPath,
        bytes: 0,
        files: 0,
        addedLayer: r.addedLayer,
        removedLayer: layer,
        how: 'removed' as const,
      };
      group.bytes += r.size;
      group.files++;
      removed.set(key, group);
      perLayer[r.addedLayer] += r.size;
    }
  };

  const recordOverwritten = (removals: Removal[], layer: number) => {
    for (const r of removals) {
      // Overwrites are grouped per top folder (`/usr/lib`, `/etc`) so a sentence names a place.
      const key = `${r.addedLayer}\0${layer}\0${topFolder(r.path)}`;
      const bucket = overwritten.get(key) ?? { removals: [], addedLayer: r.addedLayer, removedLayer: layer };
      bucket.removals.push(r);
      overwritten.set(key, bucket);
      perLayer[r.addedLayer] += r.size;
    }
  };

  layers.forEach((layer, index) => {
    for (const p of layer.whiteouts) {
      const hit = lookup(p);
      if (!hit?.node) continue;
      const out: Removal[] = [];
      collect(hit.node, p, out);
      hit.parent.children?.delete(hit.name);
      recordRemoved(p, out, index);
    }
    for (const dir of layer.opaqueDirs) {
      const hit = dir === '/' ? { parent: root, name: '', node: root } : lookup(dir);
      if (!hit?.node?.children) continue;
      const out: Removal[] = [];
      for (const [name, child] of hit.node.children) collect(child, `${dir === '/' ? '' : dir}/${name}`, out);
      hit.node.children = new Map();
      recordRemoved(dir, out, index);
    }
    for (const entry of layer.entries) {
      const superseded: Removal[] = [];
      const hit = lookup(entry.path, superseded)!;
      const existing = hit.node;
      if (existing) {
        if (existing.file)
          superseded.push({ path: entry.path, size: existing.file.size, addedLayer: existing.file.layer });
        // A file or link replacing a directory hides everything that was below it.
        if (entry.kind !== 'dir' && existing.children)
          for (const [name, child] of existing.children) collect(child, `${entry.path}/${name}`, superseded);
      }
      recordOverwritten(
        superseded.filter((r) => r.size > 0),
        index,
      );
      if (entry.kind === 'dir') {
        hit.parent.children!.set(hit.name, {
          children: existing?.file ? new Map() : (existing?.children ?? new Map()),
        });
      } else {
        hit.parent.children!.set(hit.name, { file: { layer: index, size: entry.size } });
      }
    }
  });

  const groups: WasteGroup[] = [...removed.values()].filter((g) => g.bytes > 0);
  for (const bucket of overwritten.values()) {
    const bytes = bucket.removals.reduce((sum, r) => sum + r.size, 0);
    if (bytes === 0) continue;
    groups.push({
      path: commonFolder(bucket.removals.map((r) => r.path)),
      bytes,
      files: bucket.removals.length,
      addedLayer: bucket.addedLayer,
      removedLayer: bucket.removedLayer,
      how: 'overwritten',
    });
  }
  groups.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return {
    totalBytes: groups.reduce((sum, g) => sum + g.bytes, 0),
    files: groups.reduce((sum, g) => sum + g.files, 0),
    perLayer,
    groups,
  };
}

function topFolder(p: string): string {
  const parts = p.split('/').filter(Boolean).slice(0, -1);
  return `/${parts.slice(0, 2).join('/')}`;
}

/** The one path itself, or the deepest folder holding every path. */
export function commonFolder(paths: string[]): string {
  if (paths.length === 1) return paths[0];
  let prefix = paths[0].split('/');
  for (const p of paths.slice(1)) {
    const parts = p.split('/');
    let i = 0;
    while (i < prefix.length && i < parts.length - 1 && prefix[i] === parts[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.join('/') || '/';
}
