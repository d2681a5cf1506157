// The ECR data layer: one ECRClient per (profile, region, endpoint), paged listings as lazy async iterables,
// cached single-flight authorization tokens, and the few write operations the tree offers.
import {
  BatchDeleteImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRegistryCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  paginateDescribeImages,
  paginateDescribeRepositories,
  type AuthorizationData,
} from '@aws-sdk/client-ecr';
import type { AuthToken, EcrRegistry, Image, Problem, Repository } from '../model/types';
import { TokenCache } from '../token/tokenCache';
import { hostOfEndpoint, isEcrRegistryHost, makeRegistry, registryHost, toImage, toRepository, validateRepositoryName } from './mapping';
import { ProblemError, problemText, sanitizeText, toProblemError, type ProblemContext, type ProfileKind } from './problems';
import {
  credentialProvider,
  effectiveEndpoint,
  effectiveProfiles,
  effectiveRegions,
  listProfiles,
  type Env,
  type ProfileInfo,
} from './profiles';

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
/** BatchDeleteImage accepts at most 100 image ids per call. */
const DELETE_BATCH = 100;

type Source = EcrRegistry['source'];

function sourceKey(s: Source): string {
  return JSON.stringify([s.profile ?? null, s.region, s.endpoint ?? null]);
}

function cancelledError(): ProblemError {
  return new ProblemError({ code: 'cancelled', message: problemText.cancelled });
}

/** Resolves with `p`, or rejects as cancelled when `signal` aborts first (the shared work `p` goes on). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
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

/** Decodes one authorizationData entry; the password is only ever held in the returned object. */
export function decodeAuthorizationData(d: AuthorizationData): AuthToken {
  if (!d.authorizationToken || !d.expiresAt || !d.proxyEndpoint) {
    throw new ProblemError({
      code: 'badResponse',
      message: problemText.badResponse(undefined),
      action: problemText.badResponseAction,
      actionId: 'retry',
    });
  }
  const decoded = Buffer.from(d.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    throw new ProblemError({
      code: 'badResponse',
      message: problemText.badResponse(undefined),
      action: problemText.badResponseAction,
      actionId: 'retry',
    });
  }
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    authorizationToken: d.authorizationToken,
    proxyEndpoint: d.proxyEndpoint,
    expiresAt: d.expiresAt,
  };
}

/**
 * Whether a token's proxyEndpoint may be used for registry `r` (pure; see EcrService.checkProxyEndpoint): on AWS
 * an https URL whose whole host is one of the account's ECR hosts in the registry's region; with an endpoint
 * override the host learnt at listing time, when there is one; a renewal's pinned host always exactly.
 */
export function proxyEndpointAccepted(
  r: Pick<EcrRegistry, 'registryId' | 'source'>,
  proxyEndpoint: string,
  known: { learnt?: string; pinnedHost?: string } = {},
): boolean {
  const host = hostOfEndpoint(proxyEndpoint);
  if (host === undefined) return false;
  if (known.pinnedHost !== undefined && host !== known.pinnedHost) return false;
  if (r.source.endpoint) return known.learnt === undefined || known.learnt === host;
  return /^https:\/\/[^/]+\/?$/i.test(proxyEndpoint) && isEcrRegistryHost(host, r.registryId, r.source.region);
}

export class EcrService {
  private readonly env: Env;
  private readonly endpoint: string | undefined;
  private readonly clients = new Map<string, ECRClient>();
  private readonly tokens = new TokenCache<AuthToken>();
  /** Login hosts learnt from proxyEndpoint (endpoint overrides only), by registry id (Registry.id). */
  private readonly learntHosts = new Map<string, string>();
  private profilesPromise?: Promise<Map<string, ProfileInfo>>;
  private disposed = false;

  constructor(readonly config: ExplorerConfig) {
    this.env = config.env ?? process.env;
    this.endpoint = effectiveEndpoint(config.endpoint, this.env);
  }

  /** The ECRClient for a source, created once and reused. */
  client(source: Source): ECRClient {
    const key = sourceKey(source);
    let client = this.clients.get(key);
    if (!client) {
      const timeout = this.config.requestTimeoutMs ?? 30000;
      client = new ECRClient({
        region: source.region,
        credentials: credentialProvider(source.profile, this.env),
        maxAttempts: this.config.maxAttempts ?? 3,
        // throwOnRequestTimeout: without it the SDK only logs a warning and keeps waiting.
        requestHandler: { requestTimeout: timeout, connectionTimeout: Math.min(timeout, 10000), throwOnRequestTimeout: true },
        ...(source.endpoint
          ? { endpoint: source.endpoint }
          : // FIPS / dual-stack only apply to AWS endpoints (the SDK refuses them with a custom endpoint).
            { useFipsEndpoint: this.config.useFips ?? false, useDualstackEndpoint: this.config.useDualStack ?? false }),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Number of clients created so far (one per (profile, region, endpoint)). */
  get clientCount(): number {
    return this.clients.size;
  }

  private profileInfos(): Promise<Map<string, ProfileInfo>> {
    this.profilesPromise ??= listProfiles(this.env)
      .then((list) => new Map(list.map((p) => [p.name, p])))
      .catch(() => new Map<string, ProfileInfo>());
    return this.profilesPromise;
  }

  private async profileKind(profile: string | undefined): Promise<ProfileKind | undefined> {
    return (await this.profileInfos()).get(profile ?? this.env.AWS_PROFILE ?? 'default')?.kind;
  }

  private async ctx(source: Source, operation: string): Promise<ProblemContext> {
    const ctx: ProblemContext = { operation, region: source.region };
    if (source.profile !== undefined) ctx.profile = source.profile;
    const kind = await this.profileKind(source.profile);
    if (kind) ctx.profileKind = kind;
    return ctx;
  }

  private async fail(err: unknown, source: Source, operation: string, signal?: AbortSignal): Promise<ProblemError> {
    if (signal?.aborted) return cancelledError();
    return toProblemError(err, await this.ctx(source, operation));
  }

  /** (profile, region) pairs this configuration shows. */
  async sources(): Promise<Source[]> {
    const infos = await this.profileInfos();
    const out: Source[] = [];
    for (const profile of effectiveProfiles(this.config.profiles, this.env)) {
      const region = infos.get(profile ?? 'default')?.region;
      for (const r of effectiveRegions(this.config.regions, region, this.env)) {
        const source: Source = { region: r };
        if (profile !== undefined) source.profile = profile;
        if (this.endpoint) source.endpoint = this.endpoint;
        out.push(source);
      }
    }
    return out;
  }

  private defaultHost(registryId: string, source: Source): string {
    return registryHost(registryId, source.region, { fips: this.config.useFips, dualStack: this.config.useDualStack });
  }

  private registryFor(registryId: string, source: Source, own: boolean): EcrRegistry {
    const reg = makeRegistry(registryId, source, own, this.defaultHost(registryId, source));
    const learnt = this.learntHosts.get(reg.id);
    if (learnt) this.applyHost(reg, learnt);
    return reg;
  }

  private applyHost(reg: EcrRegistry, hostUrl: string): void {
    const host = hostOfEndpoint(hostUrl);
    if (!host) return;
    reg.host = host;
    reg.uri = hostUrl.startsWith('http://') ? `http://${host}` : `https://${host}`;
  }

  /**
   * The caller's own registry (DescribeRegistry) plus the configured cross-account ids, per profile × region,
   * deduplicated. A source that fails becomes a Problem node (parent undefined) carrying its profile.
   * With an endpoint override (emulator, moto) the login host is taken from GetAuthorizationToken's proxyEndpoint
   * (one call per source, which also fills the token cache); otherwise it is computed (registryHost).
   */
  async listRegistries(opts: CallOptions = {}): Promise<Array<EcrRegistry | Problem>> {
    const sources = await this.sources();
    const perSource = await Promise.all(sources.map((s) => this.registriesOfSource(s, opts.signal)));
    const seen = new Set<string>();
    const out: Array<EcrRegistry | Problem> = [];
    for (const list of perSource) {
      for (const node of list) {
        if (node.kind === 'registry') {
          if (seen.has(node.id)) continue;
          seen.add(node.id);
        }
        out.push(node);
      }
    }
    return out;
  }

  private async registriesOfSource(source: Source, signal?: AbortSignal): Promise<Array<EcrRegistry | Problem>> {
    const out: Array<EcrRegistry | Problem> = [];
    let ownId: string | undefined;
    try {
      const res = await this.client(source).send(new DescribeRegistryCommand({}), { abortSignal: signal });
      ownId = res.registryId;
    } catch (err) {
      const problem = await this.fail(err, source, 'DescribeRegistry', signal);
      if (problem.problem.code === 'cancelled') throw problem;
      if (problem.problem.code === 'accessDenied') {
        // Many identities may log in but not call DescribeRegistry: the token's proxyEndpoint names the account.
        ownId = await this.ownIdFromToken(source, signal).catch(() => undefined);
      }
      if (!ownId) {
        out.push({ kind: 'problem', problem: problem.problem });
        // Cross-account registries would fail the same way when credentials are the problem.
        if (['noCredentials', 'expiredCredentials', 'unauthorized', 'unreachable', 'timeout'].includes(problem.problem.code)) {
          return out;
        }
      }
    }
    const ids = [...new Set([...(ownId ? [ownId] : []), ...this.config.registryIds.map((r) => r.trim()).filter(Boolean)])];
    const registries = ids.map((id) => this.registryFor(id, source, id === ownId));
    if (source.endpoint && registries.length > 0) {
      await this.getAuthorizationToken(registries, { signal }).catch(() => undefined);
    }
    out.unshift(...registries);
    return out;
  }

  private async ownIdFromToken(source: Source, signal?: AbortSignal): Promise<string | undefined> {
    const res = await this.client(source).send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
    const host = hostOfEndpoint(res.authorizationData?.[0]?.proxyEndpoint ?? '');
    const m = host ? /^(\d{12})\./.exec(host) : null;
    return m?.[1];
  }

  /**
   * Pages through `paginate` lazily (the next request is sent only when the consumer asks for the next page),
   * stops with a badResponse problem if the server repeats a page token, and maps SDK errors to ProblemError.
   */
  private async *pages<TPage extends { nextToken?: string }, TItem>(
    source: Source,
    operation: string,
    paginator: AsyncIterable<TPage>,
    map: (page: TPage) => TItem[],
    signal?: AbortSignal,
  ): AsyncGenerator<TItem[], void, undefined> {
    const seen = new Set<string>();
    const iterator = paginator[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (signal?.aborted) throw cancelledError();
        let step: IteratorResult<TPage>;
        try {
          step = await iterator.next();
        } catch (err) {
          throw await this.fail(err, source, operation, signal);
        }
        if (step.done) return;
        const token = step.value.nextToken;
        yield map(step.value);
        if (token) {
          if (seen.has(token)) {
            throw new ProblemError({
              code: 'badResponse',
              message: problemText.repeatingToken,
              action: problemText.retryAction,
              actionId: 'retry',
              region: source.region,
              ...(source.profile !== undefined ? { profile: source.profile } : {}),
            });
          }
          seen.add(token);
        }
      }
    } finally {
      // Consumer stopped early (or we threw): let the SDK paginator finish without sending another request.
      await iterator.return?.();
    }
  }

  /** Repositories of a registry, one page (≤ 1000, sorted by name) at a time. */
  listRepositories(registry: EcrRegistry, opts: CallOptions = {}): AsyncIterable<Repository[]> {
    const source = registry.source;
    const paginator = paginateDescribeRepositories(
      { client: this.client(source), pageSize: PAGE_SIZE },
      { registryId: registry.registryId },
      { abortSignal: opts.signal },
    );
    return this.pages(
      source,
      'DescribeRepositories',
      paginator,
      (page) =>
        (page.repositories ?? [])
          .map((r) => toRepository(r, registry))
          .filter((r): r is Repository => r !== undefined)
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      opts.signal,
    );
  }

  /** Images of a repository (tagged and untagged), one page (≤ 1000) at a time, in server order. */
  listImages(repo: Repository, opts: CallOptions = {}): AsyncIterable<Image[]> {
    const registry = repo.parent;
    if (registry.type !== 'ecr') throw new TypeError('listImages needs a repository of an ECR registry');
    const paginator = paginateDescribeImages(
      { client: this.client(registry.source), pageSize: PAGE_SIZE },
      { registryId: registry.registryId, repositoryName: repo.name },
      { abortSignal: opts.signal },
    );
    return this.pages(
      registry.source,
      'DescribeImages',
      paginator,
      (page) => (page.imageDetails ?? []).map((d) => toImage(d, repo)).filter((i): i is Image => i !== undefined),
      opts.signal,
    );
  }

  private tokenKey(registry: EcrRegistry): string {
    return `${sourceKey(registry.source)}|${registry.registryId}`;
  }

  /** True when a cached token for this registry is still before its renew point (no API call needed). */
  hasFreshToken(registry: EcrRegistry, now = Date.now()): boolean {
    const info = this.tokens.info(this.tokenKey(registry));
    return !!info && now < info.renewAt && now < info.expiresAt;
  }

  /** The cached token (even past its renew point, not past expiry), never calling the API. */
  /** Drops the cached token of a registry (after a logout, the next login fetches a new one). */
  forgetToken(registry: Pick<EcrRegistry, 'registryId' | 'source'>): void {
    // Keyed like the registries this service lists (its effective endpoint), whatever the caller's copy says.
    const source: Source = { ...registry.source };
    if (this.endpoint) source.endpoint = this.endpoint;
    else delete source.endpoint;
    this.tokens.invalidate(`${sourceKey(source)}|${registry.registryId}`);
  }

  peekToken(registry: EcrRegistry): AuthToken | undefined {
    return this.tokens.peek(this.tokenKey(registry));
  }

  /**
   * Authorization tokens for the given registries: served from the in-memory cache until half their lifetime,
   * else fetched with ONE GetAuthorizationToken call per (profile, region, endpoint) naming every registry id that
   * needs a token; concurrent callers share the in-flight call. `force` ignores the cache. Cancelling only stops
   * this caller's wait (the shared call goes on for the others, bounded by the request timeout).
   * With an endpoint override, the registry's host/uri are updated in place from the proxyEndpoint.
   */
  async getAuthorizationToken(
    registries: EcrRegistry[],
    opts: CallOptions & { force?: boolean; pinnedHost?: string } = {},
  ): Promise<Map<string, AuthToken>> {
    const groups = new Map<string, EcrRegistry[]>();
    for (const r of registries) {
      const k = sourceKey(r.source);
      const list = groups.get(k) ?? [];
      if (!list.some((x) => x.registryId === r.registryId)) list.push(r);
      groups.set(k, list);
    }
    const result = new Map<string, AuthToken>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const source = group[0]!.source;
        if (opts.force) for (const r of group) this.tokens.invalidate(this.tokenKey(r));
        const missing = group.filter((r) => !this.hasFreshToken(r)).map((r) => r.registryId);
        let batch: Promise<Map<string, AuthToken>> | undefined;
        const runBatch = () => (batch ??= this.fetchTokens(source, missing));
        const tokens = await abortable(
          Promise.all(
            group.map((r) =>
              this.tokens.get(this.tokenKey(r), async () => {
                const token = (await runBatch()).get(r.registryId);
                if (!token) {
                  throw new ProblemError({
                    code: 'badResponse',
                    message: problemText.badResponse(undefined),
                    action: problemText.badResponseAction,
                    actionId: 'retry',
                  });
                }
                return token;
              }),
            ),
          ),
          opts.signal,
        );
        group.forEach((r, i) => {
          const token = tokens[i]!;
          this.checkProxyEndpoint(r, token.proxyEndpoint, opts.pinnedHost);
          if (source.endpoint) {
            this.applyHost(r, token.proxyEndpoint);
            this.learntHosts.set(r.id, token.proxyEndpoint);
          }
          result.set(r.id, token);
        });
      }),
    );
    // Registries passed twice (same id) map to the same token.
    for (const r of registries) {
      if (!result.has(r.id)) {
        const t = this.peekToken(r);
        if (t) result.set(r.id, t);
      }
    }
    return result;
  }

  /**
   * The password goes wherever proxyEndpoint points (docker login, Registry API), so a server must not be able to
   * move it: on AWS the host must be this account's ECR host; with an endpoint override, the host learnt when the
   * registry was listed (what the user saw) may not change afterwards. `pinnedHost` (a renewal: the host of the
   * recorded login) must match exactly, endpoint override or not.
   */
  private checkProxyEndpoint(r: EcrRegistry, proxyEndpoint: string, pinnedHost: string | undefined): void {
    const host = hostOfEndpoint(proxyEndpoint);
    const learnt = this.learntHosts.get(r.id);
    if (!proxyEndpointAccepted(r, proxyEndpoint, { learnt: learnt && hostOfEndpoint(learnt), pinnedHost })) {
      // Not kept: once the server answers sensibly again, the next call fetches a new token.
      this.tokens.invalidate(this.tokenKey(r));
      throw new ProblemError({
        code: 'badResponse',
        message: problemText.foreignProxyEndpoint(
          sanitizeText(host ?? proxyEndpoint, 120),
          pinnedHost ?? (learnt ? (hostOfEndpoint(learnt) ?? r.host) : r.host),
        ),
        action: problemText.foreignProxyEndpointAction,
        actionId: 'showLog',
        region: r.source.region,
        ...(r.source.profile !== undefined ? { profile: r.source.profile } : {}),
      });
    }
  }

  /** One GetAuthorizationToken call for several registry ids of one source; entries matched by account in the host, else by order. */
  private async fetchTokens(source: Source, registryIds: string[]): Promise<Map<string, AuthToken>> {
    let data: AuthorizationData[];
    try {
      const res = await this.client(source).send(new GetAuthorizationTokenCommand({ registryIds }));
      data = res.authorizationData ?? [];
    } catch (err) {
      throw await this.fail(err, source, 'GetAuthorizationToken');
    }
    const out = new Map<string, AuthToken>();
    data.forEach((d, i) => {
      const token = decodeAuthorizationData(d);
      const host = hostOfEndpoint(token.proxyEndpoint) ?? '';
      const byHost = /^(\d{12})\./.exec(host)?.[1];
      const id = byHost && registryIds.includes(byHost) ? byHost : data.length === registryIds.length ? registryIds[i] : undefined;
      if (id && !out.has(id)) out.set(id, token);
    });
    return out;
  }

  /** BatchDeleteImage (100 ids per call); failures are reported as sanitised "<id>: <code> <reason>" lines. */
  async deleteImages(
    repo: Repository,
    ids: Array<{ digest?: string; tag?: string }>,
    opts: CallOptions = {},
  ): Promise<{ deleted: number; failures: string[] }> {
    const registry = repo.parent;
    if (registry.type !== 'ecr') throw new TypeError('deleteImages needs a repository of an ECR registry');
    const imageIds = ids
      .filter((i) => i.digest || i.tag)
      .map((i) => ({ ...(i.digest ? { imageDigest: i.digest } : {}), ...(i.tag ? { imageTag: i.tag } : {}) }));
    let deleted = 0;
    const failures: string[] = [];
    for (let i = 0; i < imageIds.length; i += DELETE_BATCH) {
      try {
        const res = await this.client(registry.source).send(
          new BatchDeleteImageCommand({
            registryId: registry.registryId,
            repositoryName: repo.name,
            imageIds: imageIds.slice(i, i + DELETE_BATCH),
          }),
          { abortSignal: opts.signal },
        );
        deleted += res.imageIds?.length ?? 0;
        for (const f of res.failures ?? []) {
          const id = f.imageId?.imageTag ?? f.imageId?.imageDigest ?? '?';
          failures.push(sanitizeText(`${id}: ${f.failureCode ?? 'Failed'}${f.failureReason ? ` ${f.failureReason}` : ''}`, 300));
        }
      } catch (err) {
        throw await this.fail(err, registry.source, 'BatchDeleteImage', opts.signal);
      }
    }
    return { deleted, failures };
  }

  /** CreateRepository after checking the name against ECR's rules (a clear message instead of a 400). */
  async createRepository(
    registry: EcrRegistry,
    name: string,
    opts: { tagMutability: 'MUTABLE' | 'IMMUTABLE'; scanOnPush: boolean; signal?: AbortSignal },
  ): Promise<Repository> {
    const invalid = validateRepositoryName(name);
    if (invalid) throw new ProblemError({ code: 'unknown', message: invalid, action: 'Enter another name.' });
    try {
      const res = await this.client(registry.source).send(
        new CreateRepositoryCommand({
          registryId: registry.registryId,
          repositoryName: name,
          imageTagMutability: opts.tagMutability,
          imageScanningConfiguration: { scanOnPush: opts.scanOnPush },
        }),
        { abortSignal: opts.signal },
      );
      const repo = res.repository && toRepository(res.repository, registry);
      if (!repo) {
        throw new ProblemError({
          code: 'badResponse',
          message: problemText.badResponse(undefined),
          action: problemText.badResponseAction,
          actionId: 'retry',
        });
      }
      return repo;
    } catch (err) {
      throw await this.fail(err, registry.source, 'CreateRepository', opts.signal);
    }
  }

  /** DeleteRepository; `force` also deletes its images (otherwise a non-empty repository is refused). */
  async deleteRepository(repo: Repository, opts: { force: boolean; signal?: AbortSignal }): Promise<void> {
    const registry = repo.parent;
    if (registry.type !== 'ecr') throw new TypeError('deleteRepository needs a repository of an ECR registry');
    try {
      await this.client(registry.source).send(
        new DeleteRepositoryCommand({
          registryId: registry.registryId,
          repositoryName: repo.name,
          force: opts.force,
        }),
        { abortSignal: opts.signal },
      );
    } catch (err) {
      throw await this.fail(err, registry.source, 'DeleteRepository', opts.signal);
    }
  }

  /** Destroys the clients (sockets) and forgets cached tokens. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    this.tokens.clear();
  }
}
