// Typed failures of the Registry HTTP API v2 client, each carrying a structured message (all made here).
import { debugText, message, type Message, type MessageArg } from '../model/message';
import type { ProblemInfo } from '../model/types';
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
  /** What went wrong, for the user (src/l10n/registryMessages.ts renders it); Error.message is its debug text. */
  readonly userMessage: RegistryMessage;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly registryCode?: string;

  constructor(code: RegistryErrorCode, detail: RegistryMessage, details: RegistryErrorDetails = {}) {
    super(debugText(detail), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.userMessage = detail;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.registryCode = details.registryCode;
  }
}

/** Structural, not instanceof: the client lives in its own lazily loaded bundle (dist/registry.js). */
export const isRegistryError = (e: unknown): e is RegistryError =>
  e instanceof Error && e.name === 'RegistryError' && typeof (e as { code?: unknown }).code === 'string';

/** Every message id of the registry client; src/l10n/registryMessages.ts renders them. */
export const REGISTRY_MESSAGE_IDS = [
  'registry.unauthorized',
  'registry.notFound',
  'registry.tooManyRequests',
  'registry.tooManyRequestsRetryAfter',
  'registry.server',
  'registry.unexpectedStatus',
  'registry.timeout',
  'registry.cancelled',
  'registry.unreachable',
  'registry.untrustedCertificate',
  'registry.connectionDropped',
  'registry.tooLarge',
  'registry.notJson',
  'registry.malformed',
  'registry.digestMismatch',
  'registry.paginationLoop',
  'registry.foreignLink',
  'registry.tokenService',
  'registry.untrustedRealm',
  'registry.realmDeclined',
  'registry.internalRealm',
  'registry.invalidRepositoryNames',
  'registry.invalidTags',
  'registry.invalidNamesAction',
  'registry.badBaseUrl',
  'registry.credentialsInUrl',
  'registry.badRepository',
  'registry.badTag',
  'registry.badDigest',
  'registry.badReference',
  'registry.badHost',
  'registry.badPageSize',
  'registry.deleteNeedsDigest',
  // What was being done (the first argument of most messages above).
  'registry.what.check',
  'registry.what.repositoryList',
  'registry.what.tags',
  'registry.what.manifest',
  'registry.what.delete',
  'registry.what.tokenService',
  // Details of malformed answers.
  'registry.detail.tooManyPages',
  'registry.detail.notAList',
  'registry.detail.badNextLink',
  'registry.detail.tooManyRedirects',
  'registry.detail.realmNotUrl',
  'registry.detail.noToken',
  'registry.detail.notObject',
  'registry.detail.indexWithoutManifests',
  'registry.detail.indexEntryNotObject',
  'registry.detail.indexEntryNoDigest',
  // Network error codes in words (the code itself is the argument, kept for searching).
  'registry.net.connectionRefused',
  'registry.net.connectionReset',
  'registry.net.hostNotFound',
  'registry.net.lookupFailed',
  'registry.net.hostUnreachable',
  'registry.net.networkUnreachable',
  'registry.net.connectTimeout',
  'registry.net.socketClosed',
  'registry.net.headersTimeout',
  'registry.net.bodyTimeout',
  'registry.net.tlsProtocol',
  // Failures of a registry as tree problems: the suggested next step, and any other failure.
  'registry.failed',
  'registry.action.logInAgain',
  'registry.action.addAgain',
  'registry.action.refresh',
  'registry.action.waitRetry',
  'registry.action.raiseTimeout',
  'registry.action.retry',
  'registry.action.checkUrl',
  'registry.action.retryOrLog',
  // A generic registry setting that is not a URL.
  'registry.settingNotUrl',
  'registry.action.fixSetting',
] as const;
export type RegistryMessageId = (typeof REGISTRY_MESSAGE_IDS)[number];
export type RegistryMessage = Message<RegistryMessageId>;

export const registryMessage = (id: RegistryMessageId, ...args: MessageArg[]): RegistryMessage => message(id, ...args);
const m = registryMessage;

/** The client's messages (the only place they are made); `what` names what was being done (RegistryWhat). */
export const RegistryMessages = {
  unauthorized: (what: RegistryMessage, status: number, detail: string) => m('registry.unauthorized', what, status, detail),
  notFound: (what: RegistryMessage, detail: string) => m('registry.notFound', what, detail),
  tooManyRequests: (what: RegistryMessage, retryAfter: number | undefined) =>
    retryAfter === undefined ? m('registry.tooManyRequests', what) : m('registry.tooManyRequestsRetryAfter', what, retryAfter),
  server: (what: RegistryMessage, status: number, detail: string) => m('registry.server', what, status, detail),
  unexpectedStatus: (what: RegistryMessage, status: number, detail: string) => m('registry.unexpectedStatus', what, status, detail),
  timeout: (what: RegistryMessage, ms: number) => m('registry.timeout', what, formatSeconds(ms)),
  cancelled: (what: RegistryMessage) => m('registry.cancelled', what),
  unreachable: (what: RegistryMessage, reason: MessageArg) => m('registry.unreachable', what, reason),
  untrustedCertificate: (what: RegistryMessage, reason: MessageArg) => m('registry.untrustedCertificate', what, reason),
  connectionDropped: (what: RegistryMessage) => m('registry.connectionDropped', what),
  tooLarge: (what: RegistryMessage, limit: number) => m('registry.tooLarge', what, formatBytes(limit)),
  notJson: (what: RegistryMessage) => m('registry.notJson', what),
  malformed: (what: RegistryMessage, detail: RegistryMessage) => m('registry.malformed', what, detail),
  digestMismatch: (what: RegistryMessage) => m('registry.digestMismatch', what),
  paginationLoop: (what: RegistryMessage) => m('registry.paginationLoop', what),
  foreignLink: (what: RegistryMessage, origin: string) => m('registry.foreignLink', what, q(origin)),
  tokenService: (detail: RegistryMessage) => m('registry.tokenService', detail),
  untrustedRealm: (realm: string) => m('registry.untrustedRealm', q(realm)),
  realmDeclined: (realm: string) => m('registry.realmDeclined', q(realm)),
  internalRealm: (realm: string) => m('registry.internalRealm', q(realm)),
  badBaseUrl: (url: string) => m('registry.badBaseUrl', q(url)),
  credentialsInUrl: () => m('registry.credentialsInUrl'),
  badRepository: (name: string) => m('registry.badRepository', q(name)),
  badTag: (tag: string) => m('registry.badTag', q(tag)),
  badDigest: (digest: string) => m('registry.badDigest', q(digest)),
  badReference: (ref: string) => m('registry.badReference', q(ref)),
  badHost: (host: string) => m('registry.badHost', q(host)),
  badPageSize: (n: number) => m('registry.badPageSize', q(String(n))),
  deleteNeedsDigest: (ref: string) => m('registry.deleteNeedsDigest', q(ref)),
} as const;

/** What the client was doing, named in its messages ("Tags of team/app: not found."); names are validated already. */
export const RegistryWhat = {
  check: () => m('registry.what.check'),
  repositoryList: () => m('registry.what.repositoryList'),
  tags: (repo: string) => m('registry.what.tags', repo),
  manifest: (ref: string) => m('registry.what.manifest', ref),
  delete: (ref: string) => m('registry.what.delete', ref),
  tokenService: () => m('registry.what.tokenService'),
} as const;

/** Network error codes in words; the message's argument is the code itself (kept for searching). */
export const NETWORK_REASONS: Readonly<Record<string, RegistryMessageId>> = {
  ECONNREFUSED: 'registry.net.connectionRefused',
  ECONNRESET: 'registry.net.connectionReset',
  ENOTFOUND: 'registry.net.hostNotFound',
  EAI_AGAIN: 'registry.net.lookupFailed',
  EHOSTUNREACH: 'registry.net.hostUnreachable',
  ENETUNREACH: 'registry.net.networkUnreachable',
  ETIMEDOUT: 'registry.net.connectTimeout',
  UND_ERR_CONNECT_TIMEOUT: 'registry.net.connectTimeout',
  UND_ERR_SOCKET: 'registry.net.socketClosed',
  UND_ERR_HEADERS_TIMEOUT: 'registry.net.headersTimeout',
  UND_ERR_BODY_TIMEOUT: 'registry.net.bodyTimeout',
  EPROTO: 'registry.net.tlsProtocol',
  ERR_SSL_WRONG_VERSION_NUMBER: 'registry.net.tlsProtocol',
};

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * A registry failure as an actionable problem (tree row, notification). `registryType` says whose registry it is:
 * an ECR registry logs in again on 401/403, a generic one is re-added with the right credentials.
 */
export function registryProblem(err: unknown, registryType?: 'ecr' | 'generic'): ProblemInfo {
  if (!isRegistryError(err)) {
    const detail = sanitizeText(err instanceof Error ? err.message : String(err), 300);
    return { code: 'unknown', message: m('registry.failed', detail), action: m('registry.action.retryOrLog'), actionId: 'retry' };
  }
  const msg = err.userMessage;
  switch (err.code) {
    case 'unauthorized':
      return registryType === 'ecr'
        ? { code: 'unauthorized', message: msg, action: m('registry.action.logInAgain'), actionId: 'login' }
        : { code: 'unauthorized', message: msg, action: m('registry.action.addAgain'), actionId: 'retry' };
    case 'notFound':
      return { code: 'notFound', message: msg, action: m('registry.action.refresh'), actionId: 'retry' };
    case 'tooManyRequests':
      return { code: 'throttled', message: msg, action: m('registry.action.waitRetry'), actionId: 'retry' };
    case 'timeout':
      return { code: 'timeout', message: msg, action: m('registry.action.raiseTimeout'), actionId: 'retry' };
    case 'cancelled':
      return { code: 'cancelled', message: msg, action: m('registry.action.retry'), actionId: 'retry' };
    case 'unreachable':
      return { code: 'unreachable', message: msg, action: m('registry.action.checkUrl'), actionId: 'retry' };
    default:
      return { code: 'badResponse', message: msg, action: m('registry.action.retryOrLog'), actionId: 'showLog' };
  }
}
