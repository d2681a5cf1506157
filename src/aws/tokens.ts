// Authorization tokens from ECR [pure]: one GetAuthorizationToken call for several registries, the decoding of
// its answer (the password only ever held in the returned object), and the check that a server cannot move
// where the password goes.
import { GetAuthorizationTokenCommand, type AuthorizationData } from '@aws-sdk/client-ecr';
import { sanitizeText } from '../model/sanitize';
import type { AuthToken, EcrRegistry } from '../model/types';
import { badResponseError, type EcrCalls, type Source } from './calls';
import { hostOfEndpoint, isEcrRegistryHost } from './mapping';
import { ProblemError, problemText } from './problems';

/** Decodes one authorizationData entry; the password is only ever held in the returned object. */
export function decodeAuthorizationData(d: AuthorizationData): AuthToken {
  if (!d.authorizationToken || !d.expiresAt || !d.proxyEndpoint) {
    throw badResponseError();
  }
  const decoded = Buffer.from(d.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    throw badResponseError();
  }
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    authorizationToken: d.authorizationToken,
    proxyEndpoint: d.proxyEndpoint,
    expiresAt: d.expiresAt,
  };
}

/** One GetAuthorizationToken call for several registry ids of one source; entries matched by account in the host, else by order. */
export async function fetchTokens(calls: EcrCalls, source: Source, registryIds: string[]): Promise<Map<string, AuthToken>> {
  let data: AuthorizationData[];
  try {
    const res = await calls.client(source).send(new GetAuthorizationTokenCommand({ registryIds }));
    data = res.authorizationData ?? [];
  } catch (err) {
    throw await calls.fail(err, source, 'GetAuthorizationToken');
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

/**
 * Whether a token's proxyEndpoint may be used for registry `r`: on AWS an https URL whose whole host is one of the
 * account's ECR hosts in the registry's region and partition (no prefix match, no port); with an endpoint override
 * the host learnt at listing time, when there is one; a renewal's pinned host (the recorded login's) always exactly.
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

/**
 * The password goes wherever proxyEndpoint points (docker login, Registry API), so a server must not be able to
 * move it (see proxyEndpointAccepted): `learnt` is the host seen when the registry was listed (endpoint
 * overrides), `pinnedHost` the recorded login's host for a renewal. The problem when it moved.
 */
export function foreignProxyEndpoint(
  r: EcrRegistry,
  proxyEndpoint: string,
  learnt: string | undefined,
  pinnedHost?: string,
): ProblemError | undefined {
  const host = hostOfEndpoint(proxyEndpoint);
  if (proxyEndpointAccepted(r, proxyEndpoint, { learnt: learnt && hostOfEndpoint(learnt), pinnedHost })) return undefined;
  return new ProblemError({
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

/** The account id named by the host of a token's proxyEndpoint (for identities that may not call DescribeRegistry). */
export async function accountFromToken(calls: EcrCalls, source: Source, signal?: AbortSignal): Promise<string | undefined> {
  const res = await calls.client(source).send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
  const host = hostOfEndpoint(res.authorizationData?.[0]?.proxyEndpoint ?? '');
  const m = host ? /^(\d{12})\./.exec(host) : null;
  return m?.[1];
}
