// One HTTP exchange with a registry [pure]: its answer read with a size bound, network failures and error
// statuses turned into RegistryErrors (with the registry's JSON `errors` body when it has one).
import { sanitizeText } from '../model/sanitize';
import { NETWORK_REASONS, RegistryError, RegistryMessages } from './errors';
import { parseRetryAfter } from './headers';

const ERROR_BODY_LIMIT = 64 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|DEPTH_ZERO/;

export interface CallContext {
  what: string;
  scope?: string;
  accept?: string;
  signal?: AbortSignal;
}

export interface Exchange {
  res: Response;
  url: URL;
  timeout: AbortSignal;
  /** The timeout's length (for the message). */
  timeoutMs: number;
  ctx: CallContext;
}

export function networkFailure(err: unknown, ctx: CallContext, timeout: AbortSignal, timeoutMs: number, midBody = false): RegistryError {
  if (err instanceof RegistryError) return err;
  if (ctx.signal?.aborted) return new RegistryError('cancelled', RegistryMessages.cancelled(ctx.what), { cause: err });
  if (timeout.aborted) return new RegistryError('timeout', RegistryMessages.timeout(ctx.what, timeoutMs), { cause: err });
  if (midBody) return new RegistryError('unreachable', RegistryMessages.connectionDropped(ctx.what), { cause: err });
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const raw = code ?? (typeof cause?.message === 'string' ? cause.message : String(err));
  const reason = sanitizeText(code && NETWORK_REASONS[code] ? `${NETWORK_REASONS[code]}, ${code}` : raw, 120);
  if (code && TLS_CODES.test(code)) {
    return new RegistryError('unreachable', RegistryMessages.untrustedCertificate(ctx.what, reason), { cause: err });
  }
  return new RegistryError('unreachable', RegistryMessages.unreachable(ctx.what, reason), { cause: err });
}

/** Reads the body as a stream and stops at `limit` bytes (tooLarge), so a huge answer is never buffered. */
export async function readBody(ex: Exchange, limit: number): Promise<Buffer> {
  const { res, ctx } = ex;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await discard(res);
    throw new RegistryError('tooLarge', RegistryMessages.tooLarge(ctx.what, limit), { status: res.status });
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw new RegistryError('tooLarge', RegistryMessages.tooLarge(ctx.what, limit), { status: res.status });
      }
      chunks.push(value);
    }
  } catch (err) {
    throw networkFailure(err, ctx, ex.timeout, ex.timeoutMs, true);
  }
  return Buffer.concat(chunks, total);
}

/** Turns a non-2xx answer into a RegistryError, using the registry's JSON `errors` body when it has one. */
export async function errorFrom(ex: Exchange, clock: () => number): Promise<RegistryError> {
  const { res, ctx } = ex;
  let registryCode: string | undefined;
  let registryMessage: string | undefined;
  try {
    const body = await readBody(ex, ERROR_BODY_LIMIT);
    const json: unknown = JSON.parse(body.toString('utf8'));
    const first = (json as { errors?: unknown })?.errors;
    const e0: unknown = Array.isArray(first) ? first[0] : undefined;
    if (typeof e0 === 'object' && e0 !== null) {
      const c = (e0 as { code?: unknown }).code;
      const m = (e0 as { message?: unknown }).message;
      if (typeof c === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(c)) registryCode = c;
      if (typeof m === 'string') registryMessage = sanitizeText(m, 200);
    }
  } catch (err) {
    // An error body that is not JSON (an HTML 502 page) or too big adds nothing; a cancel still counts.
    if (err instanceof RegistryError && (err.code === 'cancelled' || err.code === 'timeout')) return err;
    await discard(res);
  }
  const detail = registryCode ? ` (${registryCode}${registryMessage ? `: ${registryMessage}` : ''})` : '';
  const details = { status: res.status, registryCode };
  const s = res.status;
  if (s === 401 || s === 403) {
    return new RegistryError('unauthorized', RegistryMessages.unauthorized(ctx.what, s, detail), details);
  }
  if (s === 404) return new RegistryError('notFound', RegistryMessages.notFound(ctx.what, detail), details);
  if (s === 429) {
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'), clock());
    return new RegistryError('tooManyRequests', RegistryMessages.tooManyRequests(ctx.what, retryAfterSeconds), {
      ...details,
      retryAfterSeconds,
    });
  }
  if (s >= 500) return new RegistryError('server', RegistryMessages.server(ctx.what, s, detail), details);
  return new RegistryError('badResponse', RegistryMessages.unexpectedStatus(ctx.what, s, detail), details);
}

export function parseJsonObject(body: Buffer, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('badResponse', RegistryMessages.notJson(what));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RegistryError('badResponse', RegistryMessages.malformed(what, 'not a JSON object'));
  }
  return json as Record<string, unknown>;
}

/** Releases a response body we do not need, so the connection can be reused. */
export async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already consumed or errored: nothing to release
  }
}
