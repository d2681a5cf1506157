// Typed failures of the Registry HTTP API v2 client. All message text lives here so it can be localised later.
import { sanitizeText } from '../model/sanitize';

/** Echoed user or server input, made printable and short. */
const q = (s: string): string => sanitizeText(String(s), 100);

export type RegistryErrorCode =
  | 'unauthorized'
  | 'notFound'
  | 'tooManyRequests'
  | 'server'
  | 'timeout'
  | 'cancelled'
  | 'badResponse'
  | 'unreachable'
  | 'tooLarge'
  | 'foreignLink'
  | 'invalidInput';

export interface RegistryErrorDetails {
  status?: number;
  retryAfterSeconds?: number;
  /** The registry's own error code from the JSON `errors` body, e.g. NAME_UNKNOWN, MANIFEST_UNKNOWN. */
  registryCode?: string;
  cause?: unknown;
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly registryCode?: string;

  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.registryCode = details.registryCode;
  }
}

/** Structural, not instanceof: the client lives in its own lazily loaded bundle (dist/registry.js). */
export const isRegistryError = (e: unknown): e is RegistryError =>
  e instanceof Error && e.name === 'RegistryError' && typeof (e as { code?: unknown }).code === 'string';

/** English message templates (the only place the client's user-facing text is written). */
export const RegistryMessages = {
  unauthorized: (what: string, status: number, detail: string) =>
    `${what}: access denied by the registry (HTTP ${status})${detail}. Log in again or check the credentials.`,
  notFound: (what: string, detail: string) => `${what}: not found${detail}.`,
  tooManyRequests: (what: string, retryAfter: number | undefined) =>
    `${what}: the registry is throttling requests (HTTP 429)` +
    (retryAfter === undefined ? '. Try again later.' : `. Try again in ${retryAfter} s.`),
  server: (what: string, status: number, detail: string) => `${what}: the registry failed (HTTP ${status})${detail}. Try again later.`,
  unexpectedStatus: (what: string, status: number, detail: string) => `${what}: unexpected HTTP ${status} from the registry${detail}.`,
  timeout: (what: string, ms: number) => `${what}: no answer from the registry within ${formatSeconds(ms)}.`,
  cancelled: (what: string) => `${what}: cancelled.`,
  unreachable: (what: string, reason: string) => `${what}: cannot reach the registry (${reason}).`,
  untrustedCertificate: (what: string, reason: string) =>
    `${what}: the registry's TLS certificate is not trusted (${reason}). Install its CA certificate or use the correct host name.`,
  connectionDropped: (what: string) => `${what}: the connection closed before the response was complete.`,
  tooLarge: (what: string, limit: number) => `${what}: the response is larger than the ${formatBytes(limit)} limit and was not read.`,
  notJson: (what: string) => `${what}: the registry answered with something that is not JSON.`,
  malformed: (what: string, detail: string) => `${what}: the registry's answer is malformed (${detail}).`,
  digestMismatch: (what: string) => `${what}: the manifest does not match the requested digest; it was rejected.`,
  paginationLoop: (what: string) => `${what}: the registry sent the same next page twice; paging stopped.`,
  foreignLink: (what: string, origin: string) =>
    `${what}: the registry pointed the next page at another server (${q(origin)}); it was not followed.`,
  tokenService: (detail: string) => `Token service: ${detail}.`,
  untrustedRealm: (realm: string) =>
    `The registry asked for credentials to be sent to ${q(realm)} over plain HTTP on another host; they were not sent.`,
  realmDeclined: (realm: string) =>
    `The registry asked for your credentials to be sent to another host (${q(realm)}); they were not sent. ` +
    'Allow that host when asked, or add the registry again.',
  internalRealm: (realm: string) =>
    `The registry pointed its token service at a loopback, private or link-local address (${q(realm)}) it is not on itself; it was not contacted.`,
  badBaseUrl: (url: string) => `Not a registry URL: "${q(url)}". Use https://host[:port] (or http:// for a local registry).`,
  credentialsInUrl: () => 'Put registry credentials in the login settings, not in the URL.',
  badRepository: (name: string) =>
    `Not a valid repository name: "${q(name)}". Use lowercase letters, digits and separators (. _ -), with / between path components.`,
  badTag: (tag: string) => `Not a valid tag: "${q(tag)}". A tag has up to 128 letters, digits, _ . -, and does not start with . or -.`,
  badDigest: (digest: string) => `Not a valid digest: "${q(digest)}". Expected sha256: followed by 64 lowercase hex digits.`,
  badReference: (ref: string) => `Not a valid image reference: "${q(ref)}". Expected repository[:tag][@sha256:digest].`,
  badHost: (host: string) => `Not a valid registry host: "${q(host)}".`,
  badPageSize: (n: number) => `Page size must be a positive whole number, not ${q(String(n))}.`,
  deleteNeedsDigest: (ref: string) => `Cannot delete "${q(ref)}": the registry deletes manifests by digest (sha256:…), not by tag.`,
} as const;

/** Network error codes in words (the code itself is kept for searching). */
export const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  EPROTO: 'TLS protocol error (is this an HTTP port?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS protocol error (is this an HTTP port?)',
};

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
