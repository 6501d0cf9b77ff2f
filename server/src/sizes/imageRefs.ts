// Where a Dockerfile names images: each FROM (a stage reference resolves to that stage's base)
// and each `COPY --from=<image>` that is not a stage. Ranges are the model's, ARGs substituted.
import type { DockerfileModel, Range } from '../core/model';
import { rootImageStage } from '../core/queries';

export interface ImageReferenceSite {
  kind: 'from' | 'copy-from';
  /** Where the reference is written. */
  range: Range;
  /** As written, e.g. `node:${NODE_VERSION}` or `build`. */
  raw: string;
  /** The external image, ARGs substituted; null when a variable has no known value. */
  image: string | null;
  /** Set for `FROM <stage>`: the stage whose base image `image` is. */
  viaStage?: string;
  /** Line of the instruction (the inlay hint goes at its end). */
  line: number;
  /** `FROM --platform=...` when written without unresolved variables. */
  platform?: string;
}

function contains(range: Range, line: number, character: number): boolean {
  const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.character);
  const beforeEnd = line < range.end.line || (line === range.end.line && character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Every image reference in the document, in order. */
export function imageReferenceSites(model: DockerfileModel): ImageReferenceSite[] {
  const sites: ImageReferenceSite[] = [];
  for (const stage of model.stages) {
    const line = stage.from.range.start.line;
    const platform = stage.platform && !stage.platform.includes('$') ? stage.platform : undefined;
    if (stage.baseStage !== undefined) {
      const root = rootImageStage(model, stage);
      const base = model.stages[stage.baseStage];
      sites.push({
        kind: 'from',
        range: stage.image.range,
        raw: stage.image.raw,
        image: root.scratch ? 'scratch' : root.image.resolved,
        viaStage: base.name ?? String(base.index),
        line,
        platform,
      });
    } else {
      sites.push({
        kind: 'from',
        range: stage.image.range,
        raw: stage.image.raw,
        image: stage.scratch ? 'scratch' : stage.image.resolved,
        line,
        platform,
      });
    }
    for (const copy of stage.copiesFrom) {
      if (copy.stageIndex !== undefined || !copy.image || !copy.refRange) continue;
      sites.push({
        kind: 'copy-from',
        range: copy.refRange,
        raw: copy.ref,
        image: copy.image.includes('$') ? null : copy.image,
        line: copy.instruction.range.start.line,
      });
    }
  }
  return sites;
}

/** The image reference under the cursor, if any. */
export function imageSiteAt(model: DockerfileModel, line: number, character: number): ImageReferenceSite | undefined {
  return imageReferenceSites(model).find((s) => contains(s.range, line, character));
}
