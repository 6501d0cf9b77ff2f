// "Pin to `node:20.20.2-slim`" on an `unpinned-base-image` finding: the version comes from the image the
// local Docker daemon has under that tag (what a build here would use today), read without pulling. No
// daemon, no such image, or an image that declares no version: no action (the finding's message already
// shows the tag shape to write by hand).
import type { CodeAction } from 'vscode-languageserver/node';
import { pinnedReference } from '../actions/pinBaseImage';
import { lookupLocalImage } from '../sizes/daemon';
import { quickFix, toDiagnostic } from './convert';
import type { ActionProvider } from './codeActions';
import { sizeLookups } from './sizeFeatures';

const RULE = 'unpinned-base-image';
/** A code action is asked for on every cursor move: wait for the daemon this long at most. */
const DAEMON_WAIT_MS = 1_000;

export const pinActionProvider: ActionProvider = async ({ doc, params, analysis, settings }) => {
  const inRange = (line: number) => line >= params.range.start.line && line <= params.range.end.line;
  const findings = analysis.findings.filter((f) => f.rule === RULE && inRange(f.range.start.line));
  if (!findings.length) return [];
  const daemon = sizeLookups.daemon(settings.docker.host ?? '');
  if (!daemon) return [];
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    const stage = analysis.model.stages.find((s) => s.image.range.start.line === finding.range.start.line);
    const written = stage?.image.raw;
    if (!stage || !written || !stage.image.resolved) continue;
    const local = await lookupLocalImage(daemon, stage.image.resolved, { timeoutMs: DAEMON_WAIT_MS });
    if (!local.ok) continue;
    const pinned = pinnedReference(written, local.image);
    if (!pinned) continue;
    const id = local.image.id.replace(/^sha256:/, '').slice(0, 12);
    actions.push(
      quickFix(
        {
          title: `Pin to \`${pinned.reference}\` (version ${pinned.version}: ${pinned.from} of the local image ${local.image.ref}, id ${id})`,
          safe: false,
          edits: [{ range: stage.image.range, newText: pinned.reference }],
        },
        toDiagnostic(finding),
        doc.uri,
        doc.version,
      ),
    );
  }
  return actions;
};
