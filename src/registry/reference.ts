// Image reference grammar (distribution/reference, simplified to what registries and ECR accept):
// [host[:port]/]repository[:tag][@sha256:hex].
import { RegistryError, RegistryMessages, type RegistryMessage } from './errors';

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
// host name or IPv4 with optional port, or a bracketed IPv6 literal with optional port
const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const MAX_REPOSITORY_LENGTH = 255;

export const isValidRepositoryName = (name: string): boolean =>
  typeof name === 'string' && name.length <= MAX_REPOSITORY_LENGTH && REPOSITORY_RE.test(name);
export const isValidTag = (tag: string): boolean => typeof tag === 'string' && TAG_RE.test(tag);
export const isValidDigest = (digest: string): boolean => typeof digest === 'string' && DIGEST_RE.test(digest);
export const isValidHost = (host: string): boolean => typeof host === 'string' && host.length <= 255 && HOST_RE.test(host);

export interface ImageReference {
  /** Registry host[:port] when the reference names one (first component with '.', ':' or "localhost"). */
  host?: string;
  repo: string;
  tag?: string;
  digest?: string;
}

const invalid = (detail: RegistryMessage | undefined, ref: string): RegistryError =>
  new RegistryError('invalidInput', detail ?? RegistryMessages.badReference(ref));

/**
 * Parses `repo:tag`, `repo@sha256:…`, `repo:tag@sha256:…`, each optionally prefixed by `host[:port]/`.
 * Throws RegistryError('invalidInput') with a message naming what is wrong.
 */
export function parseImageReference(reference: string): ImageReference {
  const input = typeof reference === 'string' ? reference.trim() : '';
  if (input.length === 0 || input.length > 1024) {
    throw invalid(undefined, String(reference).slice(0, 80));
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) throw invalid(RegistryMessages.badDigest(digest), input);
  }
  let host: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      if (!isValidHost(first)) throw invalid(RegistryMessages.badHost(first), input);
      host = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw invalid(RegistryMessages.badTag(tag), input);
  }
  if (!isValidRepositoryName(rest)) throw invalid(RegistryMessages.badRepository(rest), input);
  return { host, repo: rest, tag, digest };
}

/**
 * `host/repo[:tag][@digest]`, validating every part. `host` may be given as a URL (https://host) as
 * GetAuthorizationToken's proxyEndpoint is; the scheme is dropped.
 */
export function formatImageUri(parts: { host: string; repo: string; tag?: string; digest?: string }): string {
  const host = parts.host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  if (!isValidHost(host)) throw new RegistryError('invalidInput', RegistryMessages.badHost(parts.host));
  if (!isValidRepositoryName(parts.repo)) {
    throw new RegistryError('invalidInput', RegistryMessages.badRepository(parts.repo));
  }
  if (parts.tag !== undefined && !isValidTag(parts.tag)) {
    throw new RegistryError('invalidInput', RegistryMessages.badTag(parts.tag));
  }
  if (parts.digest !== undefined && !isValidDigest(parts.digest)) {
    throw new RegistryError('invalidInput', RegistryMessages.badDigest(parts.digest));
  }
  return `${host}/${parts.repo}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}
