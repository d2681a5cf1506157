// Registry HTTP API v2 client on global fetch: ping, catalog/tags with Link paging, manifests and platforms,
// delete. Basic credentials (the ECR token) or a Bearer token from the WWW-Authenticate challenge. Reading answers
// and turning failures into RegistryErrors: exchange.ts.
import { createHash } from 'node:crypto';
import { TokenCache } from '../token/tokenCache';
import { RegistryError, registryMessage, RegistryMessages, RegistryWhat, type RegistryMessage } from './errors';
import { discard, errorFrom, networkFailure, parseJsonObject, readBody, type CallContext, type Exchange } from './exchange';
import { parseLinkNext, parseWwwAuthenticate, type AuthChallenge } from './headers';
import { MANIFEST_ACCEPT, isIndexMediaType, readPlatforms, resolveMediaType, type ManifestInfo, type PlatformInfo } from './manifest';
import { isValidDigest, isValidRepositoryName, isValidTag } from './reference';
import { mayReach } from './addresses';

export type RegistryAuth = { kind: 'basic'; token: string /* base64 user:pass */ } | { kind: 'none' };

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
  confirmRealm?: (realmOrigin: string, signal?: AbortSignal) => Promise<boolean>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PageOptions extends RequestOptions {
  /** `n` query parameter; omitted → the registry's default page size. */
  pageSize?: number;
}

interface BearerToken {
  token: string;
  expiresAt: Date;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_PLATFORMS = 1000;
const DEFAULT_MAX_PAGES = 10_000;
const TOKEN_BODY_LIMIT = 64 * 1024;
const MAX_REDIRECTS = 5;
// The token spec's default and minimum lifetime for a bearer token whose response omits expires_in.
const DEFAULT_BEARER_SECONDS = 60;

export class RegistryClient {
  readonly baseUrl: URL;
  private readonly auth: RegistryAuth;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxPlatforms: number;
  private readonly maxPages: number;
  private readonly fetchImpl: typeof fetch;
  private readonly dispatcher: RequestInit['dispatcher'];
  private readonly clock: () => number;
  private readonly userAgent: string;
  /** Learnt from the first Bearer challenge; later calls fetch their scope's token up front. */
  private bearer?: { realm: URL; service?: string };
  private readonly bearerTokens: TokenCache<BearerToken>;
  private readonly confirmRealm: RegistryClientOptions['confirmRealm'];
  /** One answer per realm origin for this client's lifetime (concurrent calls share one question). */
  private readonly realmAnswers = new Map<string, Promise<boolean>>();

  constructor(opts: RegistryClientOptions) {
    this.baseUrl = parseBaseUrl(opts.baseUrl);
    this.auth = opts.auth;
    this.timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES);
    this.maxPlatforms = positive(opts.maxPlatforms, DEFAULT_MAX_PLATFORMS);
    this.maxPages = positive(opts.maxPages, DEFAULT_MAX_PAGES);
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.dispatcher = opts.dispatcher;
    this.clock = opts.clock ?? Date.now;
    this.userAgent = opts.userAgent ?? 'ecr-explorer';
    this.bearerTokens = new TokenCache<BearerToken>({ clock: this.clock });
    this.confirmRealm = opts.confirmRealm;
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
    let authorization = await this.authorizationFor(ctx);
    for (let redirects = 0; ;) {
      const ex = await this.send(method, target, ctx, authorization);
      const { res } = ex;
      if (res.status === 401 && !answered) {
        answered = true;
        const retry = await this.answerChallenge(ex, authorization);
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

  private async authorizationFor(ctx: CallContext): Promise<string | undefined> {
    if (this.bearer) {
      return `Bearer ${await this.bearerToken(ctx.scope, ctx.signal)}`;
    }
    // Basic goes with the first request: ECR and htpasswd registries accept it, and it saves a round trip.
    return this.auth.kind === 'basic' ? `Basic ${this.auth.token}` : undefined;
  }

  /** The Authorization value to retry with after a 401, or undefined when retrying cannot help. */
  private async answerChallenge(ex: Exchange, sent: string | undefined): Promise<string | undefined> {
    const challenges = parseWwwAuthenticate(ex.res.headers.get('www-authenticate'));
    const bearer = challenges.find((c): c is AuthChallenge => c.scheme === 'bearer' && !!c.params.realm);
    if (bearer) {
      let realm: URL;
      try {
        realm = new URL(bearer.params.realm);
      } catch {
        realm = new URL('invalid:');
      }
      if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
        throw new RegistryError('badResponse', RegistryMessages.malformed(ex.ctx.what, registryMessage('registry.detail.realmNotUrl')));
      }
      // A registry must not send the client (with or without credentials) into a loopback, private or link-local
      // network it is not on itself, e.g. to a metadata service on 169.254.169.254.
      if (!mayReach(this.baseUrl.hostname, realm.hostname)) {
        await discard(ex.res);
        throw new RegistryError('unauthorized', RegistryMessages.internalRealm(realm.origin));
      }
      await discard(ex.res);
      this.bearer = { realm, service: bearer.params.service };
      const scope = bearer.params.scope ?? ex.ctx.scope;
      // A bearer token that was just refused is stale (revoked or too narrow): fetch a new one.
      if (sent?.startsWith('Bearer ')) this.bearerTokens.invalidate(this.bearerKey(scope));
      return `Bearer ${await this.bearerToken(scope, ex.ctx.signal)}`;
    }
    const basic = challenges.some((c) => c.scheme === 'basic');
    if (basic && this.auth.kind === 'basic' && !sent?.startsWith('Basic ')) {
      await discard(ex.res);
      return `Basic ${this.auth.token}`;
    }
    return undefined;
  }

  private bearerKey(scope: string | undefined): string {
    return `${this.bearer?.realm.href ?? ''} ${this.bearer?.service ?? ''} ${scope ?? ''}`;
  }

  private bearerToken(scope: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    const bearer = this.bearer;
    if (!bearer) throw new Error('no bearer realm');
    return this.bearerTokens
      .get(this.bearerKey(scope), () => this.fetchBearerToken(bearer.realm, bearer.service, scope, signal))
      .then((t) => t.token);
  }

  /** GET realm?service=…&scope=… (Docker token protocol), with the Basic credentials when we have them. */
  private async fetchBearerToken(
    realm: URL,
    service: string | undefined,
    scope: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<BearerToken> {
    const url = new URL(realm.href);
    if (service) url.searchParams.set('service', service);
    for (const s of (scope ?? '').split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    let authorization: string | undefined;
    if (this.auth.kind === 'basic') {
      // Credentials go only to a TLS realm or the registry's own origin: a challenge from a plain-HTTP registry
      // must not be able to send them in clear text to a host of its choosing.
      if (realm.protocol !== 'https:' && realm.origin !== this.baseUrl.origin) {
        throw new RegistryError('unauthorized', RegistryMessages.untrustedRealm(realm.origin));
      }
      // The registry's own host (any port) gets them; another host only when the user said so for that host.
      if (realm.hostname !== this.baseUrl.hostname && !(await this.realmConfirmed(realm.origin, signal))) {
        throw new RegistryError('unauthorized', RegistryMessages.realmDeclined(realm.origin));
      }
      authorization = `Basic ${this.auth.token}`;
    }
    const ctx: CallContext = { what: RegistryWhat.tokenService(), accept: 'application/json', signal };
    const ex = await this.send('GET', url, ctx, authorization);
    if (!ex.res.ok) throw await errorFrom(ex, this.clock);
    const json = parseJsonObject(await readBody(ex, TOKEN_BODY_LIMIT), ctx.what);
    const token = typeof json.token === 'string' && json.token ? json.token : json.access_token;
    if (typeof token !== 'string' || !token || !/^[!-~]+$/.test(token)) {
      throw new RegistryError('badResponse', RegistryMessages.tokenService(registryMessage('registry.detail.noToken')));
    }
    const seconds =
      typeof json.expires_in === 'number' && Number.isFinite(json.expires_in) && json.expires_in > 0
        ? json.expires_in
        : DEFAULT_BEARER_SECONDS;
    return { token, expiresAt: new Date(this.clock() + seconds * 1000) };
  }

  private realmConfirmed(origin: string, signal: AbortSignal | undefined): Promise<boolean> {
    const ask = this.confirmRealm;
    if (!ask) return Promise.resolve(false);
    let answer = this.realmAnswers.get(origin);
    if (!answer) {
      answer = ask(origin, signal).then(
        (yes) => yes === true,
        () => false,
      );
      this.realmAnswers.set(origin, answer);
    }
    return answer;
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
