// Everything dockerfile-language-service already does well, served as is: completion,
// instruction docs on hover, formatting, semantic tokens, symbols, folding, links, rename,
// signature help, highlights, definition, and its validator's diagnostics and code actions.
import {
  type Connection,
  type TextDocuments,
  type InitializeParams,
  type ServerCapabilities,
  type SemanticTokensLegend,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type * as ServiceModule from 'dockerfile-language-service';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { SemanticTokenTypes, SemanticTokenModifiers } from 'vscode-languageserver-types';
import type { Diagnostic, Hover, Position, SemanticTokens } from 'vscode-languageserver-types';
import { completionQueriesDockerHub } from './registryGuard';
import { clampRanges, documentLines, singleLineCompletions, validTokens } from './validAnswers';
import './validatorSpeedup';
import './linksSpeedup';

// The service (~150 KB of the bundle with its own protocol types, its Docker Hub client, its
// instruction docs) is loaded on its first use: the first diagnostics need only its validator,
// dockerfile-utils' validate, which service.validate calls as is (issue 16 §3, cold start).
let loaded: DockerfileLanguageService | undefined;
let capabilities: Parameters<DockerfileLanguageService['setCapabilities']>[0] | undefined;
function loadService(): DockerfileLanguageService {
  if (!loaded) {
    require('./semanticTokensSpeedup');
    const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service') as typeof ServiceModule;
    loaded = DockerfileLanguageServiceFactory.createLanguageService();
    if (capabilities) loaded.setCapabilities(capabilities);
  }
  return loaded;
}

/** dockerfile-language-service, loaded when a member is first read. */
export const service = new Proxy({} as DockerfileLanguageService, {
  get(_, key) {
    const real = loadService();
    const value = real[key as keyof DockerfileLanguageService];
    return typeof value === 'function' ? value.bind(real) : value;
  },
});

// The token legend dockerfile-language-service encodes with (its own order).
const LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    SemanticTokenTypes.keyword,
    SemanticTokenTypes.comment,
    SemanticTokenTypes.parameter,
    SemanticTokenTypes.property,
    SemanticTokenTypes.namespace,
    SemanticTokenTypes.class,
    SemanticTokenTypes.macro,
    SemanticTokenTypes.string,
    SemanticTokenTypes.variable,
    SemanticTokenTypes.operator,
    SemanticTokenTypes.modifier,
  ],
  tokenModifiers: [
    SemanticTokenModifiers.declaration,
    SemanticTokenModifiers.definition,
    SemanticTokenModifiers.deprecated,
  ],
};

/**
 * The service's commands (its `CommandIds`, written out so that initialize does not load the service;
 * test/unit/service-commands.test.ts keeps them equal).
 */
export const SERVICE_COMMANDS: string[] = [
  'docker.command.convertToLowercase',
  'docker.command.convertToUppercase',
  'docker.command.removeExtraArgument',
  'docker.command.directiveToBacktick',
  'docker.command.directiveToBackslash',
  'docker.command.flagToChown',
  'docker.command.flagToCopyFrom',
  'docker.command.flagToHealthcheckInterval',
  'docker.command.flagToHealthcheckRetries',
  'docker.command.flagToHealthcheckStartPeriod',
  'docker.command.flagToHealthcheckTimeout',
  'docker.command.removeEmptyContinuationLine',
  'docker.command.convertToAS',
];

export function serviceCapabilities(): ServerCapabilities {
  return {
    // `save`: clients send didSave only when asked; a save re-reads the files beside the Dockerfile.
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
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

/** The line ends in a line continuation (`\` or `` ` ``, the two escape characters a Dockerfile can choose). */
function continues(line: string): boolean {
  const end = line.trimEnd();
  return end.endsWith('\\') || end.endsWith('`');
}

/** Most consecutive lines ending in a line continuation (`\` or `` ` ``), a cheap upper bound on one instruction's height. */
export function longestContinuation(content: string): number {
  let longest = 0;
  let run = 0;
  for (const line of documentLines(content)) {
    run = continues(line) ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * The service's semantic tokens compare each token of an instruction with every variable in it (and the
 * shared tree hands each of those look-ups a copy of the instruction's variables): quadratic in the
 * variables of one instruction (`RUN echo $V0 … $V2999` on one line: 0.5 s; four times as many: 60 s).
 * Past this weight the editor keeps its grammar colouring instead, as for long continuations.
 */
export const MAX_TOKENIZED_VARIABLE_WEIGHT = 4_000_000;

/** The sum over instructions of (the `$` signs in it)², a cheap upper bound on that comparison work. */
export function variableWeight(content: string): number {
  let weight = 0;
  let inInstruction = 0;
  for (const line of documentLines(content)) {
    for (let at = line.indexOf('$'); at >= 0; at = line.indexOf('$', at + 1)) inInstruction++;
    if (continues(line)) continue;
    weight += inInstruction * inInstruction;
    inInstruction = 0;
  }
  return weight + inInstruction * inInstruction;
}

/** Reports a failure of the service (logged as a warning: the service's bugs are not the user's errors). */
type ServiceFailed = (what: string, e: unknown) => void;

/**
 * The service's validator: its syntax diagnostics, ranges inside the document. The service has crashes
 * of its own on odd text: a failure yields no built-in diagnostics rather than losing Layerwise's.
 */
export function validateText(content: string, failed?: ServiceFailed): Diagnostic[] {
  try {
    return clampRanges(validateDockerfile(content), documentLines(content));
  } catch (e) {
    failed?.('validate', e);
    return [];
  }
}

/** Semantic tokens as the server answers them: guarded, bounded (MAX_TOKENIZED_CONTINUATION) and valid. */
export function semanticTokensOf(content: string, failed?: ServiceFailed): SemanticTokens {
  if (
    longestContinuation(content) > MAX_TOKENIZED_CONTINUATION ||
    variableWeight(content) > MAX_TOKENIZED_VARIABLE_WEIGHT
  )
    return { data: [] };
  try {
    return { data: validTokens(service.computeSemanticTokens(content).data, documentLines(content)) };
  } catch (e) {
    failed?.('semantic tokens', e);
    return { data: [] };
  }
}

/** The service's instruction docs on hover, or null (also when it fails). */
export function serviceHover(content: string, position: Position, failed?: ServiceFailed): Hover | null {
  try {
    return clampRanges(service.computeHover(content, position), documentLines(content));
  } catch (e) {
    failed?.('hover', e);
    return null;
  }
}

/** Wires every delegated request. Layerwise's own hover and code actions are added elsewhere. */
export function registerServiceFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  params: InitializeParams,
  registryLookups: (uri: string) => Promise<boolean>,
): void {
  const caps = params.capabilities.textDocument;
  capabilities = {
    completion: { completionItem: caps?.completion?.completionItem as never },
    hover: { contentFormat: caps?.hover?.contentFormat },
    foldingRange: { lineFoldingOnly: caps?.foldingRange?.lineFoldingOnly, rangeLimit: caps?.foldingRange?.rangeLimit },
  };
  loaded?.setCapabilities(capabilities);
  const text = (uri: string) => documents.get(uri)?.getText();
  const serviceFailed = (uri: string, e: unknown) =>
    connection.console.warn(`dockerfile-language-service failed on ${uri}: ${(e as Error)?.message ?? e}`);
  /**
   * The service's answer for the document's text, every range in it inside the document. The service
   * has crashes of its own on odd text (found by test/robustness: an endless recursion completing after
   * a lone `$`, a null keyword in highlights of a cut file): an empty answer, logged as a warning, beats
   * an error popup per keystroke.
   */
  const onText = <T>(uri: string, fallback: T, compute: (content: string) => T): T => {
    const content = text(uri);
    if (content === undefined) return fallback;
    try {
      return clampRanges(compute(content), documentLines(content));
    } catch (e) {
      serviceFailed(uri, e);
      return fallback;
    }
  };
  /** For answers that carry no position in a document (resolve requests): guarded only. */
  const guarded = <T>(what: string, fallback: T, compute: () => T): T => {
    try {
      return compute();
    } catch (e) {
      serviceFailed(what, e);
      return fallback;
    }
  };

  connection.onCompletion(async (p) => {
    const content = text(p.textDocument.uri);
    if (content === undefined) return [];
    try {
      // Completing a FROM image tag makes the service ask Docker Hub; honour the look-ups setting.
      if (!(await registryLookups(p.textDocument.uri)) && completionQueriesDockerHub(content, p.position)) return [];
      return singleLineCompletions(
        await service.computeCompletionItems(content, p.position),
        p.position,
        documentLines(content),
      );
    } catch (e) {
      serviceFailed(p.textDocument.uri, e);
      return [];
    }
  });
  connection.onCompletionResolve((item) =>
    guarded('completion resolve', item, () => service.resolveCompletionItem(item)),
  );
  connection.onDocumentFormatting((p) => onText(p.textDocument.uri, [], (c) => service.format(c, p.options)));
  connection.onDocumentRangeFormatting((p) =>
    onText(p.textDocument.uri, [], (c) => service.formatRange(c, p.range, p.options)),
  );
  connection.onDocumentOnTypeFormatting((p) =>
    onText(p.textDocument.uri, [], (c) => service.formatOnType(c, p.position, p.ch, p.options)),
  );
  // The service recurses without end on `ENV E hello\` + a line holding only `\` (moby's trailing-backslash test file).
  connection.languages.semanticTokens.on((p) => {
    const content = text(p.textDocument.uri);
    return content === undefined
      ? { data: [] }
      : semanticTokensOf(content, (_, e) => serviceFailed(p.textDocument.uri, e));
  });
  connection.onDocumentSymbol((p) => onText(p.textDocument.uri, [], (c) => service.computeSymbols(p.textDocument, c)));
  connection.onFoldingRanges((p) => onText(p.textDocument.uri, [], (c) => service.computeFoldingRanges(c)));
  connection.onDocumentLinks((p) => onText(p.textDocument.uri, [], (c) => service.computeLinks(c)));
  connection.onDocumentLinkResolve((link) => guarded('link resolve', link, () => service.resolveLink(link)));
  connection.onPrepareRename((p) => onText(p.textDocument.uri, null, (c) => service.prepareRename(c, p.position)));
  connection.onRenameRequest((p) =>
    onText(p.textDocument.uri, null, (c) => ({
      changes: { [p.textDocument.uri]: service.computeRename(p.textDocument, c, p.position, p.newName) },
    })),
  );
  connection.onSignatureHelp((p) =>
    onText(p.textDocument.uri, null, (c) => service.computeSignatureHelp(c, p.position)),
  );
  connection.onDocumentHighlight((p) =>
    onText(p.textDocument.uri, [], (c) => service.computeHighlightRanges(c, p.position)),
  );
  connection.onDefinition((p) =>
    onText(p.textDocument.uri, null, (c) => service.computeDefinition(p.textDocument, c, p.position)),
  );
  connection.onExecuteCommand(async (p) => {
    if (!SERVICE_COMMANDS.includes(p.command)) return;
    const [uri] = (p.arguments ?? []) as string[];
    if (typeof uri !== 'string') return;
    const edits = onText(uri, [], (c) => service.computeCommandEdits(c, p.command, p.arguments ?? []));
    if (edits.length) await connection.workspace.applyEdit({ changes: { [uri]: edits } });
  });
}
