import { unquote } from '../core/substitute';
import type { Rule } from './types';
import type { Word } from '../core/model';
import { replaceWord } from '../core/edits';

/**
 * Names ADD may extract: Docker decides by content (a tar, plain or compressed with gzip, bzip2, xz or
 * zstd), so a `.gz`/`.bz2`/`.xz`/`.zst` file may be a tar and COPY would change what lands in the image.
 */
const ARCHIVE = /\.(tar|gz|tgz|bz2|tbz2?|xz|txz|zst|tzst)$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GIT = /^git@|\.git(#.*)?$/;
/** Flags only ADD understands; with them COPY would fail. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

// Every stage: the surprises of ADD (auto-extraction, remote fetches) bite builders too.
export const rule: Rule = {
  meta: {
    id: 'add-instead-of-copy',
    category: 'size',
    defaultSeverity: 'warning',
    summary: 'ADD used for local files or remote URLs where COPY (or RUN curl) says what is meant.',
    why: 'ADD silently extracts local tar archives and fetches URLs. For plain local files it does exactly what COPY does, but readers must check whether something gets unpacked. For a URL, the downloaded file stays in its own layer forever (extracting or deleting it later cannot shrink the image) and it is not verified unless `--checksum` is given: download, verify, extract and clean up in one RUN instead. ADD remains the right tool for extracting a local archive and for git sources; files named like a compressed archive (`.gz`, `.bz2`, `.xz`, `.zst`) are left alone, since Docker extracts them when their content is a tar. Every stage counts.',
    examples: {
      bad: 'FROM debian:bookworm-slim\nADD app.conf /etc/app/\nADD https://example.com/tool.tar.gz /tmp/\n',
      good: 'FROM debian:bookworm-slim\nCOPY app.conf /etc/app/\nRUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n',
    },
    fixable: true,
    hadolint: ['DL3020'],
    hadolintDifferences: {
      DL3020:
        'ADD of a URL is reported too (hadolint leaves URLs alone under this code): the download stays in its own layer and is not verified. That finding offers no COPY fix.',
    },
  },
  check({ model }) {
    return model.instructions
      .filter((i) => i.keyword === 'ADD' && !i.onbuild)
      .flatMap((ins) => {
        if (ins.flags.some((f) => ADD_ONLY_FLAGS.has(f.name)) || ins.heredocs.length > 0) return [];
        const sources: Word[] = ins.args.slice(0, -1);
        const strip = (w: Word) => unquote(w.value);
        if (sources.length === 0 || sources.some((w) => GIT.test(strip(w)))) return [];
        const remote = sources.filter((w) => URL.test(strip(w)));
        if (remote.length > 0) {
          return [
            {
              range: remote[0].range,
              message:
                'ADD of a URL keeps the download in its own layer for good (later extraction or deletion cannot shrink the image) and does not verify it: download, check, extract and delete in one RUN (`curl -fsSL … | tar -xz`), or add `--checksum`.',
            },
          ];
        }
        // A local archive is the one case where ADD's extraction is what is meant.
        if (sources.some((w) => ARCHIVE.test(strip(w)))) return [];
        const lowerCase =
          model.lines[ins.keywordRange.start.line].slice(
            ins.keywordRange.start.character,
            ins.keywordRange.end.character,
          ) === 'add';
        return [
          {
            range: ins.keywordRange,
            message:
              'ADD of local files does exactly what COPY does, but makes readers wonder whether something gets extracted or downloaded: use COPY.',
            fixes: [
              {
                title: 'Replace ADD with COPY',
                safe: true,
                edits: [replaceWord({ range: ins.keywordRange }, lowerCase ? 'copy' : 'COPY')],
              },
            ],
          },
        ];
      });
  },
};
