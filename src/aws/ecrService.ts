// The ECR data layer: one ECRClient per (profile, region, endpoint), paged listings as lazy async iterables,
// cached single-flight authorization tokens (authTokens.ts), and the few write operations the tree offers
// (writes.ts).
import {
  DescribeImagesCommand,
  DescribeRegistryCommand,
  ECRClient,
  paginateDescribeImages,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import type { AuthToken, EcrRegistry, Image, Problem, Repository } from '../model/types';
import { AuthTokens, type TokenOptions } from './authTokens';
import {
  cancelledError,
  PAGE_SIZE,
  repeatingTokenError,
  sourceKey,
  type CallOptions,
  type EcrCalls,
  type ExplorerConfig,
  type Source,
} from './calls';
import { accountFromToken } from './tokens';
import { createRepository, deleteImages, deleteRepository } from './writes';
import { makeRegistry, rawList, registryHost, toImage, toRepository } from './mapping';
import { isAwsError, ProblemError, toProblemError, type ProblemContext, type ProfileKind } from './problems';
import { EcrPolicies } from './policies';
import { ImageScans } from './imageScans';
import { rawJsonClient } from './rawJson';
import {
  credentialProvider,
  effectiveEndpoint,
  effectiveProfiles,
  effectiveRegions,
  listProfiles,
  type Env,
  type ProfileInfo,
} from './profiles';

export class EcrService {
  /** What the calls kept in other modules (tokens, writes, policies, scans) use of this service. */
  private readonly calls: EcrCalls = {
    client: (source) => this.client(source),
    fail: (err, source, operation, signal) => this.fail(err, source, operation, signal),
  };
  private readonly env: Env;
  private readonly endpoint: string | undefined;
  private readonly clients = new Map<string, ECRClient>();
  private readonly tokens: AuthTokens;
  private profilesPromise?: Promise<Map<string, ProfileInfo>>;
  private disposed = false;
  /** Repository settings and policies (src/aws/policies.ts), on this service's clients and error classification. */
  readonly policies: EcrPolicies;

  constructor(readonly config: ExplorerConfig) {
    this.env = config.env ?? process.env;
    this.endpoint = effectiveEndpoint(config.endpoint, this.env);
    this.tokens = new AuthTokens(this.calls, this.endpoint);
    this.policies = new EcrPolicies(this.calls);
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
    this.tokens.applyLearntHost(reg);
    return reg;
  }

  /**
   * The registry `registryId` of (profile, region) made by the listing's rules (registryFor: the FIPS / dual-stack
   * host; with an endpoint override, the login host from the token's proxyEndpoint, fetched as the listing does
   * when none was learnt yet), for what names a registry without listing it (policy documents). undefined when
   * (profile, region) is not one of sources(). `own` is false: only DescribeRegistry tells, and it is not called.
   */
  async registryAt(
    profile: string | undefined,
    region: string,
    registryId: string,
    opts: CallOptions = {},
  ): Promise<EcrRegistry | undefined> {
    const source = (await this.sources()).find((s) => s.profile === profile && s.region === region);
    if (!source) return undefined;
    const reg = this.registryFor(registryId, source, false);
    if (source.endpoint && !this.tokens.knowsHost(reg)) {
      await this.getAuthorizationToken([reg], { signal: opts.signal }).catch(() => undefined);
    }
    return reg;
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
        ownId = await accountFromToken(this.calls, source, signal).catch(() => undefined);
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
            throw repeatingTokenError(source);
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
    // The repositories arrive as parsed JSON (rawJson.ts); toRepository reads them as untrusted input.
    const paginator = paginateDescribeRepositories(
      { client: rawJsonClient(this.client(source)), pageSize: PAGE_SIZE },
      { registryId: registry.registryId },
      { abortSignal: opts.signal },
    );
    return this.pages(
      source,
      'DescribeRepositories',
      paginator,
      (page) =>
        rawList(page.repositories)
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
    // The image details arrive as parsed JSON (rawJson.ts); toImage reads them as untrusted input.
    const paginator = paginateDescribeImages(
      { client: rawJsonClient(this.client(registry.source)), pageSize: PAGE_SIZE },
      { registryId: registry.registryId, repositoryName: repo.name },
      { abortSignal: opts.signal },
    );
    return this.pages(
      registry.source,
      'DescribeImages',
      paginator,
      (page) =>
        rawList(page.imageDetails)
          .map((d) => toImage(d, repo))
          .filter((i): i is Image => i !== undefined),
      opts.signal,
    );
  }

  /** The image carrying `tag` (one DescribeImages call by image id), or undefined when no image has that tag. */
  async findImageByTag(repo: Repository, tag: string, opts: CallOptions = {}): Promise<Image | undefined> {
    const registry = repo.parent;
    if (registry.type !== 'ecr') throw new TypeError('findImageByTag needs a repository of an ECR registry');
    try {
      const res = await this.client(registry.source).send(
        new DescribeImagesCommand({ registryId: registry.registryId, repositoryName: repo.name, imageIds: [{ imageTag: tag }] }),
        { abortSignal: opts.signal },
      );
      const detail = res.imageDetails?.[0];
      return detail ? toImage(detail, repo) : undefined;
    } catch (err) {
      if (isAwsError(err, 'ImageNotFoundException')) return undefined;
      throw await this.fail(err, registry.source, 'DescribeImages', opts.signal);
    }
  }

  /** Drops the cached token of a registry (after a logout, the next login fetches a new one). */
  forgetToken(registry: Pick<EcrRegistry, 'registryId' | 'source'>): void {
    this.tokens.forget(registry);
  }

  /** The cached token (even past its renew point, not past expiry), never calling the API. */
  peekToken(registry: EcrRegistry): AuthToken | undefined {
    return this.tokens.peek(registry);
  }

  /** Authorization tokens for the given registries, cached and single-flight (see AuthTokens.get in authTokens.ts). */
  getAuthorizationToken(registries: EcrRegistry[], opts: TokenOptions = {}): Promise<Map<string, AuthToken>> {
    return this.tokens.get(registries, opts);
  }

  /** BatchDeleteImage (100 ids per call); failures are reported as sanitised "<id>: <code> <reason>" lines. */
  deleteImages(
    repo: Repository,
    ids: Array<{ digest?: string; tag?: string }>,
    opts: CallOptions = {},
  ): Promise<{ deleted: number; failures: string[] }> {
    return deleteImages(this.calls, repo, ids, opts);
  }

  /** CreateRepository after checking the name against ECR's rules (a clear message instead of a 400). */
  createRepository(
    registry: EcrRegistry,
    name: string,
    opts: { tagMutability: 'MUTABLE' | 'IMMUTABLE'; scanOnPush: boolean; signal?: AbortSignal },
  ): Promise<Repository> {
    return createRepository(this.calls, registry, name, opts);
  }

  /** DeleteRepository; `force` also deletes its images (otherwise a non-empty repository is refused). */
  deleteRepository(repo: Repository, opts: { force: boolean; signal?: AbortSignal }): Promise<void> {
    return deleteRepository(this.calls, repo, opts);
  }

  private scanCalls?: ImageScans;

  /** Image scanning calls (findings, StartImageScan, the scan waiter, registry scanning configuration). */
  get scans(): ImageScans {
    this.scanCalls ??= new ImageScans(this.calls);
    return this.scanCalls;
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
