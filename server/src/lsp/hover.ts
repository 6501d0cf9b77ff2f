// Hover: Layerwise's size information (where it has any) above the service's instruction docs.
import type { Connection, Hover, MarkupContent, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { serviceHover } from './languageService';
import { clampRanges, documentLines } from './validAnswers';
import type { AnalysisCache } from './analysisCache';
import type { SettingsStore, ServerSettings } from './settings';
import type { LintTextResult } from '../lint/lintFile';
import { imageSizeHover, layerSizeHover } from './sizeFeatures';
import { contextSizeHover } from './contextHover';

/** A provider of Layerwise hover sections; returns markdown or undefined. */
export type HoverSection = (args: {
  doc: TextDocument;
  position: Position;
  analysis: LintTextResult;
  settings: ServerSettings;
}) => Promise<string | undefined> | string | undefined;

export const HOVER_SECTIONS: HoverSection[] = [imageSizeHover, contextSizeHover, layerSizeHover];

export function registerHover(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  settings: SettingsStore,
): void {
  connection.onHover(async (p): Promise<Hover | null> => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const s = await settings.get(doc.uri);
    const parts: string[] = [];
    const analysis = cache.get(doc, s);
    for (const section of HOVER_SECTIONS) {
      try {
        const md = await section({ doc, position: p.position, analysis, settings: s });
        if (md) parts.push(md);
      } catch (e) {
        connection.console.error(`hover section failed: ${(e as Error)?.message ?? e}`);
      }
    }
    const base = serviceHover(doc.getText(), p.position, (what, e) =>
      connection.console.warn(
        `dockerfile-language-service ${what} failed on ${doc.uri}: ${(e as Error)?.message ?? e}`,
      ),
    );
    if (base)
      parts.push(typeof base.contents === 'string' ? base.contents : ((base.contents as MarkupContent).value ?? ''));
    if (parts.length === 0) return null;
    return clampRanges(
      { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: base?.range },
      documentLines(doc.getText()),
    );
  });
}
