// Everything dockerfile-language-service already does well, served as is: completion,
// instruction docs on hover, formatting, semantic tokens, symbols, folding, links, rename,
// signature help, highlights, definition, and its validator's diagnostics and code actions.
import {
  type Connection, type TextDocuments, type InitializeParams, type ServerCapabilities,
  type SemanticTokensLegend, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory, type DockerfileLanguageService, CommandIds } from 'dockerfile-language-service';
import { SemanticTokenTypes, SemanticTokenModifiers } from 'vscode-languageserver-types';
import { completionQueriesDockerHub } from './registryGuard';
import './semanticTokensSpeedup';

export const service: DockerfileLanguageService = DockerfileLanguageServiceFactory.createLanguageService();

// The token legend dockerfile-language-service encodes with (its own order).
const LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    SemanticTokenTypes.keyword, SemanticTokenTypes.comment, SemanticTokenTypes.parameter, SemanticTokenTypes.property,
    SemanticTokenTypes.namespace, SemanticTokenTypes.class, SemanticTokenTypes.macro, SemanticTokenTypes.string,
    SemanticTokenTypes.variable, SemanticTokenTypes.operator, SemanticTokenTypes.modifier,
  ],
  tokenModifiers: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.definition, SemanticTokenModifiers.deprecated],
};

export const SERVICE_COMMANDS = Object.values(CommandIds) as string[];

export function serviceCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['=', ' ', '$', '-'], resolveProvider: true },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
    semanticTokensProvider: { legend: LEGEND, full: true },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    documentLinkProvider: { resolveProvider: true },
    renameProvider: { prepareProvider: true },
    signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
    documentHighlightProvider: true,
    definitionProvider: true,
  };
}

/**
 * The service's semantic tokens grow faster than quadratically with the lines of one instruction
 * (250 continuation lines: ~1 s, 1 000: ~24 s, blocking every other request). Past this many the
 * editor keeps its grammar colouring instead.
 */
export const MAX_TOKENIZED_CONTINUATION = 100;

/** Most consecutive lines ending in a line continuation (`\` or `` ` ``), a cheap upper bound on one instruction's height. */
export function longestContinuation(content: string): number {
  let longest = 0;
  let run = 0;
  for (const line of content.split(/\r\n|\r|\n/)) {
    const end = line.trimEnd();
    run = end.endsWith('\\') || end.endsWith('`') ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Wires every delegated request. Layerwise's own hover and code actions are added elsewhere. */
export function registerServiceFeatures(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams, registryLookups: (uri: string) => Promise<boolean>): void {
  const caps = params.capabilities.textDocument;
  service.setCapabilities({
    completion: { completionItem: caps?.completion?.completionItem as never },
    hover: { contentFormat: caps?.hover?.contentFormat },
    foldingRange: { lineFoldingOnly: caps?.foldingRange?.lineFoldingOnly, rangeLimit: caps?.foldingRange?.rangeLimit },
  });
  const text = (uri: string) => documents.get(uri)?.getText();

  connection.onCompletion(async (p) => {
    const content = text(p.textDocument.uri);
    if (content === undefined) return [];
    // Completing a FROM image tag makes the service ask Docker Hub; honour the look-ups setting.
    if (!(await registryLookups(p.textDocument.uri)) && completionQueriesDockerHub(content, p.position)) return [];
    return service.computeCompletionItems(content, p.position);
  });
  connection.onCompletionResolve((item) => service.resolveCompletionItem(item));
  connection.onDocumentFormatting((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.format(content, p.options);
  });
  connection.onDocumentRangeFormatting((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.formatRange(content, p.range, p.options);
  });
  connection.onDocumentOnTypeFormatting((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.formatOnType(content, p.position, p.ch, p.options);
  });
  connection.languages.semanticTokens.on((p) => {
    const content = text(p.textDocument.uri);
    if (content === undefined || longestContinuation(content) > MAX_TOKENIZED_CONTINUATION) return { data: [] };
    try {
      return service.computeSemanticTokens(content);
    } catch {
      // The service recurses without end on `ENV E hello\` + a line holding only `\` (moby's
      // trailing-backslash test file): plain text beats an error popup on every keystroke.
      return { data: [] };
    }
  });
  connection.onDocumentSymbol((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.computeSymbols(p.textDocument, content);
  });
  connection.onFoldingRanges((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.computeFoldingRanges(content);
  });
  connection.onDocumentLinks((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.computeLinks(content);
  });
  connection.onDocumentLinkResolve((link) => service.resolveLink(link));
  connection.onPrepareRename((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? null : service.prepareRename(content, p.position);
  });
  connection.onRenameRequest((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? null : { changes: { [p.textDocument.uri]: service.computeRename(p.textDocument, content, p.position, p.newName) } };
  });
  connection.onSignatureHelp((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? null : service.computeSignatureHelp(content, p.position);
  });
  connection.onDocumentHighlight((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? [] : service.computeHighlightRanges(content, p.position);
  });
  connection.onDefinition((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined ? null : service.computeDefinition(p.textDocument, content, p.position);
  });
  connection.onExecuteCommand(async (p) => {
    if (!SERVICE_COMMANDS.includes(p.command)) return;
    const [uri] = (p.arguments ?? []) as string[];
    const content = typeof uri === 'string' ? text(uri) : undefined;
    if (content === undefined) return;
    const edits = service.computeCommandEdits(content, p.command, p.arguments ?? []);
    if (edits.length) await connection.workspace.applyEdit({ changes: { [uri]: edits } });
  });
}
