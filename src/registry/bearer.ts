// Authentication of registry calls [pure]: the Authorization value to send first (Basic, or a Bearer token once a
// challenge named a realm), the answer to a 401's WWW-Authenticate challenge, and the Docker token protocol's token
// fetch with its checks on where the registry may send the client and its credentials.
import { TokenCache } from '../token/tokenCache';
import { RegistryError, registryMessage, RegistryMessages, RegistryWhat } from './errors';
import { discard, errorFrom, parseJsonObject, readBody, type CallContext, type Exchange } from './exchange';
import { parseWwwAuthenticate, type AuthChallenge } from './headers';
import { mayReachResolved, type ResolveHost } from './addresses';

export type RegistryAuth = { kind: 'basic'; token: string /* base64 user:pass */ } | { kind: 'none' };

/** Asked before Basic credentials go to a realm on another host; resolves true to send them. */
export type ConfirmRealm = (realmOrigin: string, signal?: AbortSignal) => Promise<boolean>;

export interface BearerAuthOptions {
  /** The registry's base URL (its host decides which realms may be reached and which get the credentials). */
  baseUrl: URL;
  auth: RegistryAuth;
  clock: () => number;
  confirmRealm: ConfirmRealm | undefined;
  /** Resolves a realm's (and the registry's) host name to addresses before the realm is contacted. */
  resolveHost: ResolveHost;
  /** One HTTP exchange (the client's, with its timeout and headers). */
  send(method: string, url: URL, ctx: CallContext, authorization: string | undefined): Promise<Exchange>;
}

interface BearerToken {
  token: string;
  expiresAt: Date;
}

const TOKEN_BODY_LIMIT = 64 * 1024;
// The token spec's default and minimum lifetime for a bearer token whose response omits expires_in.
const DEFAULT_BEARER_SECONDS = 60;

export class BearerAuth {
  /** Learnt from the first Bearer challenge; later calls fetch their scope's token up front. */
  private bearer?: { realm: URL; service?: string };
  private readonly bearerTokens: TokenCache<BearerToken>;
  /** One answer per realm origin for this client's lifetime (concurrent calls share one question). */
  private readonly realmAnswers = new Map<string, Promise<boolean>>();

  constructor(private readonly opts: BearerAuthOptions) {
    this.bearerTokens = new TokenCache<BearerToken>({ clock: opts.clock });
  }

  /** The Authorization value of a call's first request. */
  async authorizationFor(ctx: CallContext): Promise<string | undefined> {
    if (this.bearer) {
      return `Bearer ${await this.bearerToken(ctx.scope, ctx.signal)}`;
    }
    // Basic goes with the first request: ECR and htpasswd registries accept it, and it saves a round trip.
    return this.opts.auth.kind === 'basic' ? `Basic ${this.opts.auth.token}` : undefined;
  }

  /** The Authorization value to retry with after a 401, or undefined when retrying cannot help. */
  async answerChallenge(ex: Exchange, sent: string | undefined): Promise<string | undefined> {
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
      // network it is not on itself, e.g. to a metadata service on 169.254.169.254 (also by a name that resolves there).
      if (!(await mayReachResolved(this.opts.baseUrl.hostname, realm.hostname, this.opts.resolveHost))) {
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
    if (basic && this.opts.auth.kind === 'basic' && !sent?.startsWith('Basic ')) {
      await discard(ex.res);
      return `Basic ${this.opts.auth.token}`;
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
    const { auth, baseUrl, clock } = this.opts;
    const url = new URL(realm.href);
    if (service) url.searchParams.set('service', service);
    for (const s of (scope ?? '').split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    let authorization: string | undefined;
    if (auth.kind === 'basic') {
      // Credentials go only to a TLS realm or the registry's own origin: a challenge from a plain-HTTP registry
      // must not be able to send them in clear text to a host of its choosing.
      if (realm.protocol !== 'https:' && realm.origin !== baseUrl.origin) {
        throw new RegistryError('unauthorized', RegistryMessages.untrustedRealm(realm.origin));
      }
      // The registry's own host (any port) gets them; another host only when the user said so for that host.
      if (realm.hostname !== baseUrl.hostname && !(await this.realmConfirmed(realm.origin, signal))) {
        throw new RegistryError('unauthorized', RegistryMessages.realmDeclined(realm.origin));
      }
      authorization = `Basic ${auth.token}`;
    }
    const ctx: CallContext = { what: RegistryWhat.tokenService(), accept: 'application/json', signal };
    const ex = await this.opts.send('GET', url, ctx, authorization);
    if (!ex.res.ok) throw await errorFrom(ex, clock);
    const json = parseJsonObject(await readBody(ex, TOKEN_BODY_LIMIT), ctx.what);
    const token = typeof json.token === 'string' && json.token ? json.token : json.access_token;
    if (typeof token !== 'string' || !token || !/^[!-~]+$/.test(token)) {
      throw new RegistryError('badResponse', RegistryMessages.tokenService(registryMessage('registry.detail.noToken')));
    }
    const seconds =
      typeof json.expires_in === 'number' && Number.isFinite(json.expires_in) && json.expires_in > 0
        ? json.expires_in
        : DEFAULT_BEARER_SECONDS;
    return { token, expiresAt: new Date(clock() + seconds * 1000) };
  }

  private realmConfirmed(origin: string, signal: AbortSignal | undefined): Promise<boolean> {
    const ask = this.opts.confirmRealm;
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
}
