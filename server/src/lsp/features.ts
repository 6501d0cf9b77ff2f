// Extra features registered by modules (sizes: inlay hints, hovers; actions: split; ...).
// Each adds itself here so server.ts stays a list of wiring calls.
import type { Connection, InitializeParams, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysisCache';
import type { SettingsStore } from './settings';
import { sizeFeature } from './sizeFeatures';

export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: AnalysisCache;
  settings: SettingsStore;
  params: InitializeParams;
}

export interface FeatureRegistration {
  capabilities: Partial<ServerCapabilities>;
  commands: string[];
}

type Feature = (ctx: FeatureContext) => Partial<FeatureRegistration> | undefined;

/** Add a feature module here (one line each). */
const FEATURES: Feature[] = [sizeFeature];

export function registerFeatures(ctx: FeatureContext): FeatureRegistration {
  const out: FeatureRegistration = { capabilities: {}, commands: [] };
  for (const f of FEATURES) {
    const r = f(ctx);
    if (r?.capabilities) Object.assign(out.capabilities, r.capabilities);
    if (r?.commands) out.commands.push(...r.commands);
  }
  return out;
}
