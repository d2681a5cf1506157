// Registry HTTP API v2 client on global fetch: ping, catalog/tags with Link paging, manifests and platforms,
// delete. Basic credentials (the ECR token) or a Bearer token from the WWW-Authenticate challenge (bearer.ts).
// Reading answers and turning failures into RegistryErrors: exchange.ts.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { ResolveHost } from './addresses';
import { BearerAuth, type ConfirmRealm, type RegistryAuth } from './bearer';
import { RegistryError, registryMessage, RegistryMessages, RegistryWhat, type RegistryMessage } from './errors';
import { discard, errorFrom, networkFailure, parseJsonObject, readBody, type CallContext, type Exchange } from './exchange';
import { parseLinkNext } from './headers';
import { MANIFEST_ACCEPT, isIndexMediaType, readPlatforms, resolveMediaType, type ManifestInfo, type PlatformInfo } from './manifest';
import { isValidDigest, isValidRepositoryName, isValidTag } from './reference';

export interface RegistryClientOptions {
  /** e.g. https://123456789012.dkr.ecr.us-east-1.amazonaws.com or http://127.0.0.1:5000 (a path prefix is kept). */
  baseUrl: string;
  auth: RegistryAuth;
  /** Per HTTP exchange, body included; default 30000. */
  timeoutMs?: number;
  /** Largest manifest or page body read; default 4 MiB. */
  maxBytes?: number;
  /** Most platforms kept from one index; default 1000 (the rest are counted in omittedPlatforms). */
  maxPlatforms?: number;
  /** Most pages followed by one catalog/tags listing; default 10000. */
  maxPages?: number;
  /** Replaces global fetch (e.g. a proxy-aware one). */
  fetch?: typeof fetch;
  /**
   * An undici Dispatcher passed to fetch, e.g. `new Agent({ connect: { ca } })` for a registry with a private CA.
   * Node's global fetch reads NODE_EXTRA_CA_CERTS only at process start, so this is the way to add a CA later.
   */
  dispatcher?: RequestInit['dispatcher'];
  /** Wall clock for bearer-token lifetimes and Retry-After dates; default Date.now. */
  clock?: () => number;
  userAgent?: string;
  /**
   * Asked before the Basic credentials go to a Bearer token realm on another host than the registry's (e.g. a
   * registry on one host with its token service on another); resolves true to send them. Without it they are never
   * sent to another host. Callers ask the user once per host and remember the answer.
   */
  confirmRealm?: ConfirmRealm;
  /** Host name → addresses, for the realm checks; default node:dns lookup (all addresses). */
  resolveHost?: ResolveHost;
}

/** Every address DNS gives for a host name. */
const lookupAll: ResolveHost = async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address);

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PageOptions extends RequestOptions {
  /** `n` query parameter; omitted → the registry's default page size. */
  pageSize?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_PLATFORMS = 1000;
const DEFAULT_MAX_PAGES = 10_000;
const MAX_REDIRECTS = 5;

export class RegistryClient {
  readonly baseUrl: URL;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxPlatforms: number;
  private readonly maxPages: number;
  private readonly fetchImpl: typeof fetch;
  private readonly dispatcher: RequestInit['dispatcher'];
  private readonly clock: () => number;
  private readonly userAgent: string;
  private readonly authentication: BearerAuth;

  constructor(opts: RegistryClientOptions) {
    this.baseUrl = parseBaseUrl(opts.baseUrl);
    this.timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES);
    this.maxPlatforms = positive(opts.maxPlatforms, DEFAULT_MAX_PLATFORMS);
    this.maxPages = positive(opts.maxPages, DEFAULT_MAX_PAGES);
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.dispatcher = opts.dispatcher;
    this.clock = opts.clock ?? Date.now;
    this.userAgent = opts.userAgent ?? 'ecr-explorer';
    this.authentication = new BearerAuth({
      baseUrl: this.baseUrl,
      auth: opts.auth,
      clock: this.clock,
      confirmRealm: opts.confirmRealm,
      resolveHost: opts.resolveHost ?? lookupAll,
      send: (method, url, ctx, authorization) => this.send(method, url, ctx, authorization),
    });
  }

  /** GET /v2/: proves the registry speaks API v2 and the credentials are accepted. */
  async ping(opts: RequestOptions = {}): Promise<{ ok: true }> {
    const ex = await this.request('GET', this.url('/v2/'), { what: RegistryWhat.check(), signal: opts.signal });
    await discard(ex.res);
    return { ok: true };
  }

  /**
   * Repository names, one array per page, following `Link: <…>; rel="next"` on the same origin only.
   * Invalid options reject on the first iteration, like every other failure.
   */
  async *catalog(opts: PageOptions = {}): AsyncGenerator<string[], void, undefined> {
    const url = this.url('/v2/_catalog');
    setPageSize(url, opts.pageSize);
    yield* this.pages(url, 'repositories', { what: RegistryWhat.repositoryList(), scope: 'registry:catalog:*', signal: opts.signal });
  }

  /** Tags of a repository, one array per page (a registry may return all in one page, unsorted). */
  async *tags(repo: string, opts: PageOptions = {}): AsyncGenerator<string[], void, undefined> {
    checkRepository(repo);
    const url = this.url(`/v2/${repo}/tags/list`);
    setPageSize(url, opts.pageSize);
    yield* this.pages(url, 'tags', { what: RegistryWhat.tags(repo), scope: pullScope(repo), signal: opts.signal });
  }

  /** A manifest by tag or digest, with every manifest media type accepted (so indexes are served). */
  async manifest(repo: string, reference: string, opts: RequestOptions = {}): Promise<ManifestInfo> {
    checkRepository(repo);
    const byDigest = isValidDigest(reference);
    if (!byDigest && !isValidTag(reference)) {
      throw new RegistryError(
        'invalidInput',
        reference.startsWith('sha256:') ? RegistryMessages.badDigest(reference) : RegistryMessages.badTag(reference),
      );
    }
    const what = RegistryWhat.manifest(`${repo}${byDigest ? '@' : ':'}${reference}`);
    const ex = await this.request('GET', this.url(`/v2/${repo}/manifests/${reference}`), {
      what,
      scope: pullScope(repo),
      accept: MANIFEST_ACCEPT,
      signal: opts.signal,
    });
    const body = await readBody(ex, this.maxBytes);
    const computed = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (byDigest && computed !== reference) {
      throw new RegistryError('badResponse', RegistryMessages.digestMismatch(what));
    }
    // The digest is always the one computed from the bytes received: a Docker-Content-Digest header is the
    // server's claim, and what users copy (digest and pinned URIs) must name exactly these bytes.
    const digest = computed;
    const manifest = parseJsonObject(body, what);
    const mediaType = resolveMediaType(ex.res.headers.get('content-type'), manifest);
    const isIndex = isIndexMediaType(mediaType) || (Array.isArray(manifest.manifests) && !('layers' in manifest));
    const { platforms, skippedAttestations, omittedPlatforms } = isIndex
      ? readPlatforms(manifest, this.maxPlatforms, what)
      : { platforms: [], skippedAttestations: 0, omittedPlatforms: 0 };
    return { mediaType, digest, size: body.length, manifest, isIndex, platforms, skippedAttestations, omittedPlatforms };
  }

  /** The platform manifests of a multi-arch image; [] for a single-platform image. */
  async platforms(repo: string, reference: string, opts: RequestOptions = {}): Promise<PlatformInfo[]> {
    return (await this.manifest(repo, reference, opts)).platforms;
  }

  /** Deletes a manifest by digest (removes every tag pointing at it). Registries refuse deletion by tag. */
  async deleteManifest(repo: string, digest: string, opts: RequestOptions = {}): Promise<void> {
    checkRepository(repo);
    if (!isValidDigest(digest)) {
      throw new RegistryError('invalidInput', RegistryMessages.deleteNeedsDigest(digest));
    }
    const ex = await this.request('DELETE', this.url(`/v2/${repo}/manifests/${digest}`), {
      what: RegistryWhat.delete(`${repo}@${digest}`),
      scope: `repository:${repo}:delete`,
      signal: opts.signal,
    });
    await discard(ex.res);
  }

  // ---- paging -------------------------------------------------------------------------------------------

  private async *pages(first: URL, field: 'repositories' | 'tags', ctx: CallContext): AsyncGenerator<string[]> {
    const seen = new Set<string>();
    let next: URL | undefined = first;
    while (next) {
      if (seen.has(next.href)) throw new RegistryError('badResponse', RegistryMessages.paginationLoop(ctx.what));
      if (seen.size >= this.maxPages) {
        throw new RegistryError(
          'tooLarge',
          RegistryMessages.malformed(ctx.what, registryMessage('registry.detail.tooManyPages', this.maxPages)),
        );
      }
      seen.add(next.href);
      const ex: Exchange = await this.request('GET', next, { ...ctx, accept: 'application/json' });
      const json = parseJsonObject(await readBody(ex, this.maxBytes), ctx.what);
      const list = json[field];
      // docker-registry answers `"tags": null` for a repository whose tags were all deleted.
      if (list !== undefined && list !== null && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
        throw new RegistryError('badResponse', RegistryMessages.malformed(ctx.what, registryMessage('registry.detail.notAList', field)));
      }
      const link = parseLinkNext(ex.res.headers.get('link'));
      yield (list ?? []) as string[];
      next = link === undefined ? undefined : this.sameOrigin(link, ex.url, ctx.what);
    }
  }

  /** Resolves a Link/Location target against the URL that carried it; refuses another scheme, host or port. */
  private sameOrigin(target: string, against: URL, what: RegistryMessage): URL {
    let resolved: URL;
    try {
      resolved = new URL(target, against);
    } catch {
      throw new RegistryError('badResponse', RegistryMessages.malformed(what, registryMessage('registry.detail.badNextLink')));
    }
    if (resolved.origin !== this.baseUrl.origin) {
      throw new RegistryError('foreignLink', RegistryMessages.foreignLink(what, resolved.origin));
    }
    return resolved;
  }

  // ---- HTTP with authentication ---------------------------------------------------------------------------

  private url(path: string): URL {
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return new URL(prefix + path, this.baseUrl.origin);
  }

  /** One logical call: credentials, at most one challenge answer, same-origin redirects; throws unless 2xx. */
  private async request(method: 'GET' | 'DELETE', url: URL, ctx: CallContext): Promise<Exchange> {
    let target = url;
    let answered = false;
    let authorization = await this.authentication.authorizationFor(ctx);
    for (let redirects = 0; ;) {
      const ex = await this.send(method, target, ctx, authorization);
      const { res } = ex;
      if (res.status === 401 && !answered) {
        answered = true;
        const retry = await this.authentication.answerChallenge(ex, authorization);
        if (retry !== undefined) {
          authorization = retry;
          continue;
        }
      }
      if (res.status >= 300 && res.status < 400 && res.headers.has('location') && method === 'GET') {
        await discard(res);
        if (++redirects > MAX_REDIRECTS) {
          throw new RegistryError(
            'badResponse',
            RegistryMessages.malformed(ctx.what, registryMessage('registry.detail.tooManyRedirects')),
            { status: res.status },
          );
        }
        target = this.sameOrigin(res.headers.get('location') ?? '', target, ctx.what);
        continue;
      }
      if (!res.ok) {
        throw await errorFrom(ex, this.clock);
      }
      return ex;
    }
  }

  /** One HTTP exchange with its own timeout joined to the caller's signal. */
  private async send(method: string, url: URL, ctx: CallContext, authorization: string | undefined): Promise<Exchange> {
    if (ctx.signal?.aborted) throw new RegistryError('cancelled', RegistryMessages.cancelled(ctx.what));
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'User-Agent': this.userAgent };
    if (ctx.accept) headers.Accept = ctx.accept;
    if (authorization) headers.Authorization = authorization;
    const init: RequestInit = { method, headers, signal, redirect: 'manual' };
    if (this.dispatcher) init.dispatcher = this.dispatcher;
    try {
      const res = await this.fetchImpl(url, init);
      return { res, url, timeout, timeoutMs: this.timeoutMs, ctx };
    } catch (err) {
      throw networkFailure(err, ctx, timeout, this.timeoutMs);
    }
  }
}

function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RegistryError('invalidInput', RegistryMessages.badBaseUrl(String(raw)));
  }
  if (url.username || url.password) throw new RegistryError('invalidInput', RegistryMessages.credentialsInUrl());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryError('invalidInput', RegistryMessages.badBaseUrl(raw));
  }
  url.search = '';
  url.hash = '';
  // A base given as …/v2 or …/v2/ means the registry root.
  url.pathname = url.pathname.replace(/\/v2\/?$/, '/');
  return url;
}

function checkRepository(repo: string): void {
  if (!isValidRepositoryName(repo)) throw new RegistryError('invalidInput', RegistryMessages.badRepository(repo));
}

function setPageSize(url: URL, n: number | undefined): void {
  if (n !== undefined) {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new RegistryError('invalidInput', RegistryMessages.badPageSize(n));
    }
    url.searchParams.set('n', String(n));
  }
}

const pullScope = (repo: string): string => `repository:${repo}:pull`;

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}
