// Turns AWS SDK errors into actionable ProblemInfo (code, human message, next step) without leaking secrets.
import { debugText, message, type Message, type MessageArg } from '../model/message';
import type { ProblemCode, ProblemInfo } from '../model/types';
// The one sanitiser of the project, imported from its module (not registry/index) so the AWS bundle does not pull in
// the registry client.
import { sanitizeText } from '../model/sanitize';

export { sanitizeText };

/** What kind of credentials a profile uses (from listProfiles); lets messages name the right fix. */
export type ProfileKind = 'static' | 'sso' | 'process' | 'assumeRole' | 'web' | 'other';

export interface ProblemContext {
  /** Profile involved; undefined = the default credential chain. */
  profile?: string;
  /** ECR operation name, e.g. "DescribeImages" (names the IAM action on access denied). */
  operation?: string;
  /** Credential kind of the profile, when known. */
  profileKind?: ProfileKind;
  /** Region involved, for messages. */
  region?: string;
}

/** Every message id this folder produces (problems, repository-name validation); src/l10n/awsMessages.ts renders them. */
export const AWS_MESSAGE_IDS = [
  'aws.profile',
  'aws.defaultChain',
  'aws.noCredentials',
  'aws.noCredentialsAction',
  'aws.profileMissing',
  'aws.profileMissingAction',
  'aws.ssoExpired',
  'aws.ssoActionProfile',
  'aws.ssoAction',
  'aws.credentialsExpired',
  'aws.credentialsExpiredAction',
  'aws.credentialsInvalid',
  'aws.credentialsInvalidAction',
  'aws.credentialsFailed',
  'aws.accessDeniedFor',
  'aws.accessDenied',
  'aws.accessDeniedActionFor',
  'aws.accessDeniedAction',
  'aws.repositoryNotFound',
  'aws.registryNotFound',
  'aws.imageNotFound',
  'aws.throttled',
  'aws.throttledAction',
  'aws.unreachable',
  'aws.unreachableAction',
  'aws.serverErrorStatusName',
  'aws.serverErrorStatus',
  'aws.serverError',
  'aws.serverErrorAction',
  'aws.timeout',
  'aws.timeoutAction',
  'aws.badResponseStatus',
  'aws.badResponse',
  'aws.badResponseAction',
  'aws.repeatingToken',
  'aws.foreignProxyEndpoint',
  'aws.foreignProxyEndpointAction',
  'aws.cancelled',
  'aws.unknown',
  'aws.retryAction',
  'aws.showLogAction',
  'aws.repositoryNameRules',
  'aws.repositoryNameTooShort',
  'aws.repositoryNameTooLong',
  'aws.repositoryNameUppercase',
  'aws.repositoryNameInvalid',
  'aws.enterAnotherName',
] as const;
export type AwsMessageId = (typeof AWS_MESSAGE_IDS)[number];
export type AwsMessage = Message<AwsMessageId>;

/** A message of this folder (the id is checked against AwsMessageId). */
export const awsMessage = (id: AwsMessageId, ...args: MessageArg[]): AwsMessage => message(id, ...args);

/** Thrown by EcrService methods: carries the classified problem; Error.message is its language-neutral debug text. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: ProblemInfo;
  constructor(problem: ProblemInfo, options?: { cause?: unknown }) {
    super(debugText(problem.message), options);
    this.problem = problem;
  }

  /** What went wrong, for the user (the problem's message). */
  get userMessage(): Message {
    return this.problem.message;
  }
}

const m = awsMessage;
const who = (p?: string): AwsMessage => (p ? m('aws.profile', p) : m('aws.defaultChain'));

// Every message of this module in one place, as structured messages (src/l10n/awsMessages.ts renders them).
const text = {
  noCredentials: (p?: string) => m('aws.noCredentials', who(p)),
  noCredentialsAction: m('aws.noCredentialsAction'),
  profileMissing: (p?: string) => m('aws.profileMissing', p ?? 'default'),
  profileMissingAction: m('aws.profileMissingAction'),
  ssoExpired: (p?: string) => m('aws.ssoExpired', who(p)),
  ssoAction: (p?: string) => (p ? m('aws.ssoActionProfile', p) : m('aws.ssoAction')),
  credentialsExpired: (p?: string) => m('aws.credentialsExpired', who(p)),
  credentialsExpiredAction: m('aws.credentialsExpiredAction'),
  credentialsInvalid: (p?: string) => m('aws.credentialsInvalid', who(p)),
  credentialsInvalidAction: m('aws.credentialsInvalidAction'),
  credentialsFailed: (p: string | undefined, detail: string) => m('aws.credentialsFailed', who(p), detail),
  accessDenied: (iam: string | undefined, p?: string) => (iam ? m('aws.accessDeniedFor', iam, who(p)) : m('aws.accessDenied', who(p))),
  accessDeniedAction: (iam: string | undefined) => (iam ? m('aws.accessDeniedActionFor', iam) : m('aws.accessDeniedAction')),
  repositoryNotFound: m('aws.repositoryNotFound'),
  registryNotFound: m('aws.registryNotFound'),
  imageNotFound: m('aws.imageNotFound'),
  throttled: m('aws.throttled'),
  throttledAction: m('aws.throttledAction'),
  unreachable: (detail: string) => m('aws.unreachable', detail),
  unreachableAction: m('aws.unreachableAction'),
  serverError: (status: number | undefined, name: string) =>
    status ? (name ? m('aws.serverErrorStatusName', status, name) : m('aws.serverErrorStatus', status)) : m('aws.serverError'),
  serverErrorAction: m('aws.serverErrorAction'),
  timeout: m('aws.timeout'),
  timeoutAction: m('aws.timeoutAction'),
  badResponse: (status: number | undefined) => (status ? m('aws.badResponseStatus', status) : m('aws.badResponse')),
  badResponseAction: m('aws.badResponseAction'),
  repeatingToken: m('aws.repeatingToken'),
  foreignProxyEndpoint: (got: string, expected: string) => m('aws.foreignProxyEndpoint', got, expected),
  foreignProxyEndpointAction: m('aws.foreignProxyEndpointAction'),
  cancelled: m('aws.cancelled'),
  unknown: (detail: string) => m('aws.unknown', detail),
  retryAction: m('aws.retryAction'),
  showLogAction: m('aws.showLogAction'),
} as const;

export const problemText = text;

interface ErrorShape {
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number };
  $fault?: string;
  cause?: unknown;
}

/**
 * The `name` of a thrown value: SDK service exceptions (ImageNotFoundException, LimitExceededException, …) are told
 * apart by name, not by class. '' for anything without a string name (null, strings, plain objects).
 */
export function errorName(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

/** Whether `err` is the AWS error called `name`, e.g. isAwsError(err, 'ImageNotFoundException'). */
export function isAwsError(err: unknown, name: string): boolean {
  return name !== '' && errorName(err) === name;
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : { message: String(err) };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const EXPIRED_NAMES = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID_CREDENTIAL_NAMES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);
const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'NotAuthorized']);

function statusOf(e: ErrorShape): number | undefined {
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
}

/** Network error codes can sit on the error itself or on a wrapped cause (Node's fetch / AggregateError). */
function networkCode(err: unknown, depth = 0): string | undefined {
  const e = shape(err);
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (depth < 3 && e.cause) return networkCode(e.cause, depth + 1);
  const errors = (err as { errors?: unknown[] } | undefined)?.errors;
  if (depth < 3 && Array.isArray(errors)) {
    for (const inner of errors) {
      const c = networkCode(inner, depth + 1);
      if (c) return c;
    }
  }
  if (typeof e.message === 'string' && /socket hang up/i.test(e.message)) return 'ECONNRESET';
  return undefined;
}

function make(code: ProblemCode, msg: Message, extra: Omit<ProblemInfo, 'code' | 'message'>, ctx: ProblemContext): ProblemInfo {
  const info: ProblemInfo = { code, message: msg, ...extra };
  if (ctx.profile !== undefined && info.profile === undefined) info.profile = ctx.profile;
  // Problems of several regions (same profile, same message) must stay distinguishable rows.
  if (ctx.region !== undefined && info.region === undefined) info.region = ctx.region;
  return info;
}

/** True for SDK credential/token provider failures that mean "the SSO session needs a new login". */
function isSsoSessionFailure(message: string): boolean {
  return (
    (/\bSSO\b/i.test(message) && /(expired|invalid|not found|refresh|sso login|Cannot refresh)/i.test(message)) ||
    /Token is expired/i.test(message)
  );
}

/** The IAM action for an ECR operation name ("DescribeImages" → "ecr:DescribeImages"). */
export function iamActionFor(operation: string | undefined): string | undefined {
  if (!operation) return undefined;
  return operation.includes(':') ? operation : `ecr:${operation}`;
}

/**
 * Classifies any error from the AWS SDK (or the credential providers, or our own ProblemError) into a ProblemInfo.
 * Never copies response bodies or raw SDK messages of deserialization errors into the message (they can contain
 * the response, e.g. an authorization token); service messages are sanitised and bounded.
 */
export function classifyAwsError(err: unknown, ctx: ProblemContext = {}): ProblemInfo {
  if (err instanceof ProblemError) return err.problem;
  const e = shape(err);
  const name = errorName(err);
  const message = typeof e.message === 'string' ? e.message : '';
  const status = statusOf(e);
  const p = ctx.profile;

  if (name === 'AbortError' || e.code === 'ABORT_ERR' || name === 'ProblemCancelled') {
    return make('cancelled', text.cancelled, {}, ctx);
  }

  // Credential resolution (before any request was sent).
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || name === 'ProviderError') {
    if (ctx.profileKind === 'sso' || isSsoSessionFailure(message)) {
      return make('expiredCredentials', text.ssoExpired(p), { action: text.ssoAction(p), actionId: 'ssoLogin' }, ctx);
    }
    if (/Could not load credentials from any providers/i.test(message)) {
      return make('noCredentials', text.noCredentials(p), { action: text.noCredentialsAction, actionId: 'chooseProfile' }, ctx);
    }
    if (/Profile .* (was not found|could not be found)|not found in/i.test(message)) {
      return make('noCredentials', text.profileMissing(p), { action: text.profileMissingAction, actionId: 'chooseProfile' }, ctx);
    }
    return make(
      'noCredentials',
      text.credentialsFailed(p, sanitizeText(message, 200)),
      {
        action: text.noCredentialsAction,
        actionId: 'chooseProfile',
      },
      ctx,
    );
  }

  if (EXPIRED_NAMES.has(name)) {
    if (ctx.profileKind === 'sso') {
      return make('expiredCredentials', text.ssoExpired(p), { action: text.ssoAction(p), actionId: 'ssoLogin' }, ctx);
    }
    return make(
      'expiredCredentials',
      text.credentialsExpired(p),
      { action: text.credentialsExpiredAction, actionId: 'chooseProfile' },
      ctx,
    );
  }
  if (INVALID_CREDENTIAL_NAMES.has(name)) {
    return make('unauthorized', text.credentialsInvalid(p), { action: text.credentialsInvalidAction, actionId: 'chooseProfile' }, ctx);
  }
  if (ACCESS_DENIED_NAMES.has(name) || status === 403) {
    const iam = iamActionFor(ctx.operation);
    return make(
      'accessDenied',
      text.accessDenied(iam, p),
      {
        action: text.accessDeniedAction(iam),
        actionId: 'showLog',
        ...(iam ? { iamAction: iam } : {}),
      },
      ctx,
    );
  }
  if (name === 'RepositoryNotFoundException') return make('notFound', text.repositoryNotFound, { actionId: 'retry' }, ctx);
  if (name === 'RegistryNotFoundException' || name === 'RegistryPolicyNotFoundException') {
    return make('notFound', text.registryNotFound, { actionId: 'openSettings' }, ctx);
  }
  if (name === 'ImageNotFoundException') return make('notFound', text.imageNotFound, { actionId: 'retry' }, ctx);
  if (THROTTLE_NAMES.has(name) || status === 429) {
    return make('throttled', text.throttled, { action: text.throttledAction, actionId: 'retry' }, ctx);
  }

  // Transport. The SDK renames a reset socket ("socket hang up", ECONNRESET) to TimeoutError so that it is
  // retried; a real timeout has code ETIMEDOUT or no network code at all.
  const net = networkCode(err);
  if (e.code === 'ETIMEDOUT' || (name === 'TimeoutError' && !net) || name === 'RequestTimeout' || name === 'RequestTimeoutException') {
    return make('timeout', text.timeout, { action: text.timeoutAction, actionId: 'retry' }, ctx);
  }
  if (net) return make('unreachable', text.unreachable(net), { action: text.unreachableAction, actionId: 'retry' }, ctx);

  // Unreadable responses: HTML error pages, malformed or truncated JSON. The SDK puts the body into these
  // messages, so the raw message is never used.
  if (
    name === 'SyntaxError' ||
    /Deserialization error|is not valid JSON|Unexpected (end|token)|JSON at position/i.test(message) ||
    Object.prototype.hasOwnProperty.call(e, '$responseBodyText')
  ) {
    return make('badResponse', text.badResponse(status), { action: text.badResponseAction, actionId: 'openSettings' }, ctx);
  }
  if (
    (status !== undefined && status >= 500) ||
    e.$fault === 'server' ||
    name === 'ServerException' ||
    name === 'InternalFailure' ||
    name === 'ServiceUnavailable' ||
    name === 'InternalServerError'
  ) {
    // A modelled service failure that persisted through the SDK's retries: the server answered, so it is not a
    // network problem; retrying later is the fix.
    return make(
      'serverError',
      text.serverError(status, sanitizeText(name, 60)),
      { action: text.serverErrorAction, actionId: 'retry' },
      ctx,
    );
  }
  if (status !== undefined && status >= 300 && status < 500 && !name) {
    return make('badResponse', text.badResponse(status), { action: text.badResponseAction, actionId: 'openSettings' }, ctx);
  }
  const detail = sanitizeText(name && message ? `${name}: ${message}` : name || message || 'unknown error', 240);
  return make('unknown', text.unknown(detail), { action: text.showLogAction, actionId: 'showLog' }, ctx);
}

/**
 * Wraps any error as a ProblemError (keeping an existing one). The original error stays as `cause` for the log,
 * except where it may carry a response body (unreadable responses, token calls): those could hold a password.
 */
export function toProblemError(err: unknown, ctx: ProblemContext): ProblemError {
  if (err instanceof ProblemError) return err;
  const problem = classifyAwsError(err, ctx);
  const keepCause = problem.code !== 'badResponse' && ctx.operation !== 'GetAuthorizationToken';
  return new ProblemError(problem, keepCause ? { cause: err } : undefined);
}
