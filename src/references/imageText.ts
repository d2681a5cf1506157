// Parses one literal piece of text (a YAML scalar, a JSON or HCL string, a Dockerfile word) as an ECR image
// reference, keeping the offset of every part so that hovers, diagnostics and quick fixes can point at it exactly.
import { isValidDigest, isValidRepositoryName, isValidTag } from '../registry/reference';
import { parseEcrHost, type EcrHost } from './ecrHost';

/** [start, end) offsets inside the parsed text. */
export type Span = readonly [start: number, end: number];

export interface ParsedImageText {
  readonly host: string;
  readonly ecr: EcrHost;
  /** The repository name inside the registry (for ECR Public: `<alias>/<name>`). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** The whole reference (without a `docker://` prefix). */
  readonly span: Span;
  readonly hostSpan: Span;
  readonly repositorySpan: Span;
  readonly tagSpan?: Span;
  /** `sha256:…` without the `@`. */
  readonly digestSpan?: Span;
}

const MAX_LENGTH = 1024;

/**
 * True for values a templating engine fills in (`${…}`, `{{ … }}`, `$(…)`, `$VAR`, Terraform `%{…}`, ERB): such
 * references are ignored rather than guessed.
 */
export function isTemplated(text: string): boolean {
  return text.includes('$') || text.includes('{{') || text.includes('}}') || text.includes('%{') || text.includes('<%');
}

/**
 * The ECR image reference that `text` consists of (optionally prefixed by `docker://`), or undefined when the text is
 * not exactly one reference to an ECR host (other registries, templated values, invalid names, extra characters).
 */
export function parseImageText(text: string, opts: { allowDockerScheme?: boolean } = {}): ParsedImageText | undefined {
  if (text.length === 0 || text.length > MAX_LENGTH || isTemplated(text)) return undefined;
  let start = 0;
  if (opts.allowDockerScheme && text.startsWith('docker://')) start = 'docker://'.length;
  const slash = text.indexOf('/', start);
  if (slash < 0) return undefined;
  const host = text.slice(start, slash);
  const ecr = parseEcrHost(host);
  if (!ecr) return undefined;
  let end = text.length;
  let digest: string | undefined;
  let digestSpan: Span | undefined;
  const at = text.indexOf('@', slash);
  if (at >= 0) {
    digest = text.slice(at + 1);
    if (!isValidDigest(digest)) return undefined;
    digestSpan = [at + 1, end];
    end = at;
  }
  let tag: string | undefined;
  let tagSpan: Span | undefined;
  const colon = text.lastIndexOf(':', end - 1);
  if (colon > slash) {
    tag = text.slice(colon + 1, end);
    if (!isValidTag(tag)) return undefined;
    tagSpan = [colon + 1, end];
    end = colon;
  }
  const repository = text.slice(slash + 1, end);
  if (!isValidRepositoryName(repository)) return undefined;
  // ECR Public names are <alias>/<repository>: a bare alias is not an image.
  if (ecr.kind === 'public' && !repository.includes('/')) return undefined;
  return {
    host,
    ecr,
    repository,
    ...(tag !== undefined ? { tag, tagSpan } : {}),
    ...(digest !== undefined ? { digest, digestSpan } : {}),
    span: [start, text.length],
    hostSpan: [start, slash],
    repositorySpan: [slash + 1, end],
  };
}

/** `host/repository` when the text is exactly an ECR repository URI without tag or digest (Helm `repository:`). */
export function parseRepositoryText(text: string): ParsedImageText | undefined {
  const parsed = parseImageText(text);
  return parsed && parsed.tag === undefined && parsed.digest === undefined ? parsed : undefined;
}
