// Problems and quick fixes for resolved image references [pure]: structured messages, ranges and severities in;
// the vscode side only turns them into Diagnostics and CodeActions.
import { message, type Message } from '../model/message';
import { SEVERITY_ORDER, severityRank } from '../model/severity';
import type { Severity, SeverityCounts } from '../model/types';
import type { ImageReference, TextPosition, TextRange } from './imageReference';
import type { ReferenceResolution } from './batches';

export type ProblemSeverity = 'error' | 'warning' | 'information';

export type ReferenceProblemCode =
  'repositoryNotFound' | 'tagNotFound' | 'digestNotFound' | 'digestMismatch' | 'vulnerable' | 'newerTag' | 'tooManyReferences';

export interface ReferenceProblem {
  readonly code: ReferenceProblemCode;
  readonly severity: ProblemSeverity;
  readonly range: TextRange;
  readonly message: Message;
}

/** Findings at or above this severity make a Warning; 'none' turns the check off. */
export type FindingsThreshold = Exclude<Severity, 'INFORMATIONAL' | 'UNDEFINED'> | 'none';

/** "CRITICAL 2, HIGH 5" for the severities at or above the threshold that have findings. */
function findingsSummary(counts: SeverityCounts, threshold: Severity): { total: number; text: string } {
  const parts: string[] = [];
  let total = 0;
  for (const sev of SEVERITY_ORDER.slice(0, severityRank(threshold) + 1)) {
    const n = counts[sev] ?? 0;
    if (n > 0) {
      total += n;
      parts.push(`${sev} ${n}`);
    }
  }
  return { total, text: parts.join(', ') };
}

export function shortDigestOf(digest: string): string {
  return digest.startsWith('sha256:') ? `sha256:${digest.slice(7, 19)}` : digest.slice(0, 19);
}

/** The problems of one reference given what ECR said about it. Unavailable answers make no problem (said once elsewhere). */
export function referenceProblems(
  ref: ImageReference,
  resolution: ReferenceResolution | undefined,
  opts: { threshold: FindingsThreshold },
): ReferenceProblem[] {
  if (!resolution || resolution.state === 'unavailable') return [];
  if (resolution.state === 'repositoryMissing') {
    return [
      {
        code: 'repositoryNotFound',
        severity: 'error',
        range: ref.repositoryRange ?? ref.range,
        message: message('references.repositoryNotFound', ref.repository, ref.ecr.kind === 'private' ? ref.ecr.registryId : ref.host),
      },
    ];
  }
  const out: ReferenceProblem[] = [];
  if (resolution.tagMissing && ref.tag !== undefined) {
    out.push({
      code: 'tagNotFound',
      severity: 'error',
      range: ref.tagRange ?? ref.range,
      message: message('references.tagNotFound', ref.tag, ref.repository),
    });
  }
  if (resolution.digestMissing && ref.digest !== undefined) {
    out.push({
      code: 'digestNotFound',
      severity: 'error',
      range: ref.digestRange ?? ref.range,
      message: message('references.digestNotFound', shortDigestOf(ref.digest), ref.repository),
    });
  }
  if (resolution.digestMismatch && resolution.tagImage && ref.tag !== undefined && ref.digest !== undefined) {
    out.push({
      code: 'digestMismatch',
      severity: 'warning',
      range: ref.digestRange ?? ref.range,
      message: message('references.digestMismatch', ref.tag, shortDigestOf(resolution.tagImage.digest), shortDigestOf(ref.digest)),
    });
  }
  // The image that runs: the pinned digest when there is one, else what the tag points to.
  const image = resolution.digestImage ?? (ref.digest === undefined ? resolution.tagImage : undefined);
  if (image?.scan && opts.threshold !== 'none') {
    const { total, text } = findingsSummary(image.scan.counts, opts.threshold);
    if (total > 0) {
      out.push({
        code: 'vulnerable',
        severity: 'warning',
        range: ref.range,
        message: message('references.vulnerable', total, opts.threshold, text),
      });
    }
  }
  if (resolution.newerInLine && ref.tag !== undefined) {
    out.push({
      code: 'newerTag',
      severity: 'information',
      range: ref.tagRange ?? ref.range,
      message: message('references.newerTag', resolution.newerInLine.tag, ref.tag),
    });
  }
  return out;
}

/** The single note of a document with more references than are checked. */
export function tooManyReferencesProblem(limit: number, at: TextRange): ReferenceProblem {
  return { code: 'tooManyReferences', severity: 'information', range: at, message: message('references.tooManyReferences', limit) };
}

export interface TextEditSpec {
  readonly range: TextRange;
  readonly newText: string;
}

export type ReferenceFixKind = 'pinDigest' | 'updateTag' | 'removeDigest' | 'updateDigest';

export interface ReferenceFix {
  readonly kind: ReferenceFixKind;
  readonly title: Message;
  readonly edits: readonly TextEditSpec[];
  /** The problem this fix resolves (the code action lists that diagnostic). */
  readonly fixes?: ReferenceProblemCode;
  readonly preferred?: boolean;
}

const at = (p: TextPosition): TextRange => ({ start: p, end: p });

/** The quick fixes for a reference, computed from the same answer as its problems. */
export function referenceFixes(ref: ImageReference, resolution: ReferenceResolution | undefined): ReferenceFix[] {
  if (!resolution || resolution.state !== 'resolved') return [];
  const fixes: ReferenceFix[] = [];
  const tagImage = resolution.tagImage;
  if (tagImage && ref.digest === undefined && ref.pinPosition) {
    const text = ref.pinIntoDigestKey ? tagImage.digest : `${ref.implicitLatest ? ':latest' : ''}@${tagImage.digest}`;
    fixes.push({
      kind: 'pinDigest',
      title: message('references.fix.pinDigest', shortDigestOf(tagImage.digest)),
      edits: [{ range: at(ref.pinPosition), newText: text }],
    });
  }
  if (resolution.newerInLine && ref.tagRange && !ref.implicitLatest) {
    const newer = resolution.newerInLine;
    const edits: TextEditSpec[] = [{ range: ref.tagRange, newText: newer.tag }];
    // A pinned digest moves with the tag, or the reference would still run the old image.
    if (ref.digest !== undefined) {
      if (!ref.digestRange) return fixes.concat(staleDigestFixes(ref, resolution));
      edits.push({ range: ref.digestRange, newText: newer.image.digest });
    }
    fixes.push({ kind: 'updateTag', title: message('references.fix.updateTag', newer.tag), edits, fixes: 'newerTag', preferred: true });
  }
  return fixes.concat(staleDigestFixes(ref, resolution));
}

function staleDigestFixes(ref: ImageReference, resolution: Extract<ReferenceResolution, { state: 'resolved' }>): ReferenceFix[] {
  const fixes: ReferenceFix[] = [];
  const stale = resolution.digestMismatch || (resolution.digestMissing && !!resolution.tagImage);
  if (!stale || ref.digest === undefined) return fixes;
  const code: ReferenceProblemCode = resolution.digestMismatch ? 'digestMismatch' : 'digestNotFound';
  if (resolution.tagImage && ref.digestRange) {
    fixes.push({
      kind: 'updateDigest',
      title: message('references.fix.updateDigest', ref.tag ?? '', shortDigestOf(resolution.tagImage.digest)),
      edits: [{ range: ref.digestRange, newText: resolution.tagImage.digest }],
      fixes: code,
      preferred: true,
    });
  }
  if (ref.digestRemovalRange && ref.tag !== undefined) {
    fixes.push({
      kind: 'removeDigest',
      title: message('references.fix.removeDigest'),
      edits: [{ range: ref.digestRemovalRange, newText: '' }],
      fixes: code,
    });
  }
  return fixes;
}
