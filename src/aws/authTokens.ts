// The authorization tokens an EcrService hands out [pure]: cached single-flight per registry until half their
// lifetime, one GetAuthorizationToken call per source for the registries that need one (tokens.ts), the
// proxyEndpoint check before a token is kept, and the login hosts learnt from proxyEndpoint with an endpoint
// override (emulator, moto).
import type { AuthToken, EcrRegistry } from '../model/types';
import { TokenCache } from '../token/tokenCache';
import { abortable, badResponseError, sourceKey, type CallOptions, type EcrCalls, type Source } from './calls';
import { hostOfEndpoint } from './mapping';
import { fetchTokens, foreignProxyEndpoint } from './tokens';

export interface TokenOptions extends CallOptions {
  /** Ignore the cache. */
  force?: boolean;
  /** For a renewal: the recorded login's host, which the token's proxyEndpoint must name. */
  pinnedHost?: string;
}

/** Points a registry's host and uri at the host of `hostUrl` (a proxyEndpoint); keeps them when it names none. */
export function applyHost(reg: EcrRegistry, hostUrl: string): void {
  const host = hostOfEndpoint(hostUrl);
  if (!host) return;
  reg.host = host;
  reg.uri = hostUrl.startsWith('http://') ? `http://${host}` : `https://${host}`;
}

export class AuthTokens {
  private readonly tokens = new TokenCache<AuthToken>();
  /** Login hosts learnt from proxyEndpoint (endpoint overrides only), by registry id (Registry.id). */
  private readonly learntHosts = new Map<string, string>();

  /** `endpoint`: the service's effective endpoint override (tokens are keyed by the sources it lists). */
  constructor(
    private readonly calls: EcrCalls,
    private readonly endpoint: string | undefined,
  ) {}

  /** Gives a freshly made registry the login host learnt for it earlier, if any. */
  applyLearntHost(reg: EcrRegistry): void {
    const learnt = this.learntHosts.get(reg.id);
    if (learnt) applyHost(reg, learnt);
  }

  /** True when a login host was learnt for this registry (endpoint overrides only). */
  knowsHost(reg: EcrRegistry): boolean {
    return this.learntHosts.has(reg.id);
  }

  private key(registry: Pick<EcrRegistry, 'registryId' | 'source'>): string {
    return `${sourceKey(registry.source)}|${registry.registryId}`;
  }

  /** True when a cached token for this registry is still before its renew point (no API call needed). */
  hasFresh(registry: EcrRegistry, now = Date.now()): boolean {
    const info = this.tokens.info(this.key(registry));
    return !!info && now < info.renewAt && now < info.expiresAt;
  }

  /** The cached token (even past its renew point, not past expiry), never calling the API. */
  peek(registry: EcrRegistry): AuthToken | undefined {
    return this.tokens.peek(this.key(registry));
  }

  /** Drops the cached token of a registry (after a logout, the next login fetches a new one). */
  forget(registry: Pick<EcrRegistry, 'registryId' | 'source'>): void {
    // Keyed like the registries this service lists (its effective endpoint), whatever the caller's copy says.
    const source: Source = { ...registry.source };
    if (this.endpoint) source.endpoint = this.endpoint;
    else delete source.endpoint;
    this.tokens.invalidate(this.key({ registryId: registry.registryId, source }));
  }

  /**
   * Authorization tokens for the given registries: served from the in-memory cache until half their lifetime,
   * else fetched with ONE GetAuthorizationToken call per (profile, region, endpoint) naming every registry id that
   * needs a token; concurrent callers share the in-flight call. `force` ignores the cache. Cancelling only stops
   * this caller's wait (the shared call goes on for the others, bounded by the request timeout).
   * With an endpoint override, the registry's host/uri are updated in place from the proxyEndpoint.
   */
  async get(registries: EcrRegistry[], opts: TokenOptions = {}): Promise<Map<string, AuthToken>> {
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
        if (opts.force) for (const r of group) this.tokens.invalidate(this.key(r));
        const missing = group.filter((r) => !this.hasFresh(r)).map((r) => r.registryId);
        let batch: Promise<Map<string, AuthToken>> | undefined;
        const runBatch = () => (batch ??= fetchTokens(this.calls, source, missing));
        const tokens = await abortable(
          Promise.all(
            group.map((r) =>
              this.tokens.get(this.key(r), async () => {
                const token = (await runBatch()).get(r.registryId);
                if (!token) {
                  throw badResponseError();
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
            applyHost(r, token.proxyEndpoint);
            this.learntHosts.set(r.id, token.proxyEndpoint);
          }
          result.set(r.id, token);
        });
      }),
    );
    // Registries passed twice (same id) map to the same token.
    for (const r of registries) {
      if (!result.has(r.id)) {
        const t = this.peek(r);
        if (t) result.set(r.id, t);
      }
    }
    return result;
  }

  /**
   * Refuses a token whose proxyEndpoint moved (see foreignProxyEndpoint in tokens.ts), or, for a renewal, names
   * another host than the recorded login's (`pinnedHost`); the token is not kept.
   */
  private checkProxyEndpoint(r: EcrRegistry, proxyEndpoint: string, pinnedHost: string | undefined): void {
    const problem = foreignProxyEndpoint(r, proxyEndpoint, this.learntHosts.get(r.id), pinnedHost);
    if (problem) {
      // Not kept: once the server answers sensibly again, the next call fetches a new token.
      this.tokens.invalidate(this.key(r));
      throw problem;
    }
  }

  /** Forgets every cached token. */
  clear(): void {
    this.tokens.clear();
  }
}
