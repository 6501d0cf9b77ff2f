// Files beside a Dockerfile that change its findings (.dockerignore, package.json, lockfiles,
// next.config.*, go.mod, Python manifests, .layerwise.json). The server asks the client to watch
// them (dynamic registration, where the client supports it: VS Code, Neovim ≥ 0.9 …) instead of
// relying on one editor's own watchers, and re-analyses only the open Dockerfiles they concern.
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type Connection, type FileSystemWatcher } from 'vscode-languageserver/node';
import { WORKSPACE_FACT_FILES } from '../core/workspace';
import { CONFIG_FILE_NAME } from '../core/config';
import { filePathOf } from './analysisCache';

/** One glob per file name: brace patterns are not understood by every client's watcher. */
export function factFileWatchers(): FileSystemWatcher[] {
  return [...WORKSPACE_FACT_FILES, CONFIG_FILE_NAME].map((name) => ({ globPattern: `**/${name}` }));
}

export function registerFactFileWatchers(connection: Connection): Promise<unknown> {
  return connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: factFileWatchers() })
    .catch(() => undefined);
}

/**
 * The open documents a changed file concerns: workspace facts are read from the Dockerfile's own
 * folder; `.layerwise.json` applies to every Dockerfile below its folder.
 */
export function documentsConcerned(changedUris: readonly string[], openUris: readonly string[]): string[] {
  const changed = changedUris.map(filePathOf).filter((f): f is string => f !== undefined);
  return openUris.filter((uri) => {
    const file = filePathOf(uri);
    if (!file) return false;
    const dir = path.dirname(file);
    return changed.some((c) =>
      path.basename(c) === CONFIG_FILE_NAME
        ? dir === path.dirname(c) || dir.startsWith(path.dirname(c) + path.sep)
        : dir === path.dirname(c),
    );
  });
}
