// What the reference scanners return: one image reference with the exact ranges (0-based line/character in UTF-16
// code units, as VS Code counts them) of the text it was read from and of each part a quick fix may edit.
import type { EcrHost } from './ecrHost';
import type { ParsedImageText, Span } from './imageText';

/** At most this many references per document; beyond it the document gets a single note. */
export const MAX_REFERENCES_PER_DOCUMENT = 500;

export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** The kind of file (and construct) a reference was read from. */
export type ReferenceSource = 'dockerfile' | 'yaml' | 'helm' | 'json' | 'terraform';

export interface ImageReference {
  /** `host/repository[:tag][@digest]` as the reference resolves (Dockerfile ARG defaults substituted). */
  readonly uri: string;
  readonly host: string;
  readonly ecr: EcrHost;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** Neither tag nor digest is written: the image is `:latest`. */
  readonly implicitLatest?: boolean;
  /** Where the reference is written (hover anchor, diagnostics). */
  readonly range: TextRange;
  /** Other places that belong to the same reference and show its hover (a Helm `tag:`, a Dockerfile ARG default). */
  readonly otherRanges?: readonly TextRange[];
  /** The repository part (`host/name`), for the document link. Absent when it is not written in one piece. */
  readonly repositoryRange?: TextRange;
  /** The tag as written (possibly in an ARG default or a Helm `tag:`): what Update to newest tag replaces. */
  readonly tagRange?: TextRange;
  /** `sha256:…` as written. */
  readonly digestRange?: TextRange;
  /** What Remove stale digest deletes (`@sha256:…`, or a Helm `digest:` value). */
  readonly digestRemovalRange?: TextRange;
  /**
   * Where Pin to digest inserts `@sha256:…` (end of the tag; for an implicit :latest, end of the repository, where
   * `:latest@sha256:…` goes); absent when the reference cannot be pinned in place.
   */
  readonly pinPosition?: TextPosition;
  /** Pin to digest writes a bare `sha256:…` at pinPosition (an empty Helm `digest:` value) instead of `@sha256:…`. */
  readonly pinIntoDigestKey?: boolean;
  readonly source: ReferenceSource;
}

/** Offsets → positions. Line breaks are `\n`, `\r\n` and a lone `\r`, like VS Code's text model. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  range(start: number, end: number): TextRange {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * Maps each character of a (possibly substituted) text to its offset in the document. A part of the text can be
 * edited in place only if its characters are consecutive in the document.
 */
export type OffsetMap = (index: number) => number;

export const identityAt =
  (base: number): OffsetMap =>
  (i) =>
    base + i;

function spanRange(lines: LineIndex, map: OffsetMap, span: Span | undefined, contiguous: (s: Span) => boolean): TextRange | undefined {
  if (!span || !contiguous(span)) return undefined;
  if (span[1] === span[0]) return lines.range(map(span[0]), map(span[0]));
  return lines.range(map(span[0]), map(span[1] - 1) + 1);
}

/** Builds the reference for a parsed text whose characters sit in the document at `map(i)`. */
export function referenceFromParsed(
  parsed: ParsedImageText,
  lines: LineIndex,
  map: OffsetMap,
  source: ReferenceSource,
  opts: { contiguous?: (s: Span) => boolean; range?: TextRange; implicitLatest?: boolean } = {},
): ImageReference {
  const contiguous = opts.contiguous ?? (() => true);
  const range = opts.range ?? lines.range(map(parsed.span[0]), map(parsed.span[1] - 1) + 1);
  const repositoryRange = spanRange(lines, map, [parsed.hostSpan[0], parsed.repositorySpan[1]], contiguous);
  const tagRange = spanRange(lines, map, parsed.tagSpan, contiguous);
  const digestRange = spanRange(lines, map, parsed.digestSpan, contiguous);
  const removal = parsed.digestSpan ? spanRange(lines, map, [parsed.digestSpan[0] - 1, parsed.digestSpan[1]], contiguous) : undefined;
  // Pin after the tag (or after the repository for an implicit :latest) when that point is in the document.
  const pinAfter = parsed.tagSpan ?? (parsed.digestSpan ? undefined : parsed.repositorySpan);
  const pinRange = pinAfter ? spanRange(lines, map, pinAfter, contiguous) : undefined;
  const tag = parsed.tag ?? (opts.implicitLatest ? 'latest' : undefined);
  return {
    uri: formatUri(parsed.host, parsed.repository, parsed.tag, parsed.digest),
    host: parsed.host,
    ecr: parsed.ecr,
    repository: parsed.repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
    ...(opts.implicitLatest ? { implicitLatest: true } : {}),
    range,
    ...(repositoryRange ? { repositoryRange } : {}),
    ...(tagRange ? { tagRange } : {}),
    ...(digestRange ? { digestRange } : {}),
    ...(removal ? { digestRemovalRange: removal } : {}),
    ...(pinRange ? { pinPosition: pinRange.end } : {}),
    source,
  };
}

export function formatUri(host: string, repository: string, tag?: string, digest?: string): string {
  return `${host}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
}

/** True when `position` lies inside `range` (ends inclusive, as VS Code's Range.contains). */
export function rangeContains(range: TextRange, p: TextPosition): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The reference at a position (its main range first, then its other ranges). */
export function referenceAt(refs: readonly ImageReference[], p: TextPosition): ImageReference | undefined {
  return refs.find((r) => rangeContains(r.range, p)) ?? refs.find((r) => r.otherRanges?.some((o) => rangeContains(o, p)));
}
