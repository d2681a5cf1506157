// What every ECR call shares [pure]: the configuration and call options, the key of a (profile, region,
// endpoint) source, cancellation, and what the calls outside EcrService need of it.
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { EcrRegistry } from '../model/types';
import { ProblemError, problemText } from './problems';

export interface ExplorerConfig {
  /** [] → AWS_PROFILE or the default chain (one entry with profile undefined). */
  profiles: string[];
  /** [] → profile region → AWS_REGION/AWS_DEFAULT_REGION → 'us-east-1'. */
  regions: string[];
  /** Cross-account registry ids, shown in each region. */
  registryIds: string[];
  /** ECR endpoint override; else AWS_ENDPOINT_URL_ECR; else AWS. */
  endpoint?: string;
  /** Per-request socket timeout; default 30000. */
  requestTimeoutMs?: number;
  /** SDK attempts per request (retries with backoff for throttling, 5xx, network); default 3. */
  maxAttempts?: number;
  useFips?: boolean;
  useDualStack?: boolean;
  /** Environment for profile/region/endpoint decisions; defaults to process.env (see profiles.ts). */
  env?: Record<string, string | undefined>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** ECR's page-size maximum: N items cost ceil(N/1000) calls. */
export const PAGE_SIZE = 1000;
/** Where an ECR call goes: (profile, region, endpoint). */
export type Source = EcrRegistry['source'];

export function sourceKey(s: Source): string {
  return JSON.stringify([s.profile ?? null, s.region, s.endpoint ?? null]);
}

export function cancelledError(): ProblemError {
  return new ProblemError({ code: 'cancelled', message: problemText.cancelled });
}

/** Resolves with `p`, or rejects as cancelled when `signal` aborts first (the shared work `p` goes on). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** An answer ECR should never give (a token or repository missing from it). */
export function badResponseError(): ProblemError {
  return new ProblemError({
    code: 'badResponse',
    message: problemText.badResponse(undefined),
    action: problemText.badResponseAction,
    actionId: 'retry',
  });
}

/** A server that answered with a page token it had already given: the listing stops instead of looping. */
export function repeatingTokenError(source: Source): ProblemError {
  return new ProblemError({
    code: 'badResponse',
    message: problemText.repeatingToken,
    action: problemText.retryAction,
    actionId: 'retry',
    region: source.region,
    ...(source.profile !== undefined ? { profile: source.profile } : {}),
  });
}

/** What the calls outside EcrService need of it: the client of a source, and failures as problems. */
export interface EcrCalls {
  client(source: Source): ECRClient;
  fail(err: unknown, source: Source, operation: string, signal?: AbortSignal): Promise<ProblemError>;
}
