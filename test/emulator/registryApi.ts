// The Registry HTTP API v2 subset ECR clients need: /v2/ ping with Basic auth, tags/list with paging, manifests
// with Accept negotiation (GET/HEAD/DELETE), config blobs, and a _catalog (ECR has none; kept for generic tests).
import type * as http from 'node:http';
import { MT, sha256, type RepoRecord, type Store } from './state';

export interface V2Auth {
  registryId: string;
  region: string;
}

export interface V2Response {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface V2Context {
  store: Store;
  /** Verifies `AWS:<password>`; returns the registry it is for, 'expired', or undefined (unknown). */
  verify(username: string, password: string): V2Auth | 'expired' | undefined;
  /** Host name put in the Basic realm. */
  realmHost: string;
}

const API_HEADER = { 'Docker-Distribution-API-Version': 'registry/2.0' };

function json(status: number, value: unknown, extra: Record<string, string> = {}): V2Response {
  const body = Buffer.from(JSON.stringify(value));
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...API_HEADER, ...extra }, body };
}

export function v2Error(status: number, code: string, message: string, extra: Record<string, string> = {}): V2Response {
  return json(status, { errors: [{ code, message, detail: null }] }, extra);
}

/** Which v2 operation a path is (for call counting and faults). */
export function v2Operation(pathname: string): string {
  if (pathname === '/v2/' || pathname === '/v2') return 'v2.ping';
  if (pathname === '/v2/_catalog') return 'v2.catalog';
  if (/\/tags\/list$/.test(pathname)) return 'v2.tags';
  if (/\/blobs\/uploads\/[^/]*$/.test(pathname)) return 'v2.upload';
  if (/\/manifests\/[^/]+$/.test(pathname)) return 'v2.manifest';
  if (/\/blobs\/[^/]+$/.test(pathname)) return 'v2.blob';
  return 'v2.other';
}

function challenge(ctx: V2Context): Record<string, string> {
  return { 'WWW-Authenticate': `Basic realm="https://${ctx.realmHost}/",service="ecr.amazonaws.com"` };
}

export function authenticate(req: http.IncomingMessage, ctx: V2Context): V2Auth | V2Response {
  const header = req.headers.authorization;
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return v2Error(401, 'DENIED', 'Not Authorized', challenge(ctx));
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const pass = colon >= 0 ? decoded.slice(colon + 1) : '';
  const auth = ctx.verify(user, pass);
  if (auth === 'expired') return v2Error(403, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.');
  if (!auth) return v2Error(401, 'DENIED', 'Not Authorized', challenge(ctx));
  return auth;
}

function pageParams(url: URL): { n?: number; last?: string; error?: V2Response } {
  const nRaw = url.searchParams.get('n');
  const last = url.searchParams.get('last') ?? undefined;
  if (nRaw === null || nRaw === '') return { last };
  const n = Number(nRaw);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    return { error: v2Error(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested') };
  }
  return { n, last };
}

function linkNext(path: string, last: string, n: number): Record<string, string> {
  return { Link: `<${path}?last=${encodeURIComponent(last)}&n=${n}>; rel="next"` };
}

/** Media types a client accepts, from every Accept header value (comma separated, parameters dropped). */
function accepted(req: http.IncomingMessage): string[] {
  const raw = req.headers.accept;
  const values = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.split(';')[0].trim())
    .filter(Boolean);
}

export function handleV2(req: http.IncomingMessage, url: URL, ctx: V2Context): V2Response {
  const method = req.method ?? 'GET';
  const auth = authenticate(req, ctx);
  if ('status' in auth) return auth;
  const path = url.pathname;
  if (path === '/v2/' || path === '/v2') {
    return json(200, {});
  }
  const repos = ctx.store.region(auth.registryId, auth.region);
  if (path === '/v2/_catalog') {
    const p = pageParams(url);
    if (p.error) return p.error;
    const names = [...(repos?.keys() ?? [])].sort();
    const n = p.n ?? 100;
    const from = p.last === undefined ? 0 : names.findIndex((x) => x > (p.last as string));
    const rest = from < 0 ? [] : names.slice(from);
    const page = rest.slice(0, n);
    const more = rest.length > n && page.length > 0;
    return json(200, { repositories: page }, more ? linkNext('/v2/_catalog', page[page.length - 1], n) : {});
  }
  const m = /^\/v2\/(.+)\/(tags\/list|manifests\/([^/]+)|blobs\/([^/]+))$/.exec(path);
  if (!m) return v2Error(404, 'NOT_FOUND', 'not found');
  const name = m[1];
  const repo = repos?.get(name);
  if (!repo)
    return v2Error(404, 'NAME_UNKNOWN', `The repository with name '${name}' does not exist in the registry with id '${auth.registryId}'`);
  if (m[2] === 'tags/list') {
    if (method !== 'GET') return v2Error(405, 'UNSUPPORTED', 'The operation is unsupported.');
    const p = pageParams(url);
    if (p.error) return p.error;
    const tags = allTags(repo);
    const from = p.last === undefined ? 0 : lowerBound(tags, p.last);
    if (p.n === undefined) return json(200, { name, tags: tags.slice(from) });
    const page = tags.slice(from, from + p.n);
    const more = from + p.n < tags.length && page.length > 0;
    return json(200, { name, tags: page }, more ? linkNext(`/v2/${name}/tags/list`, page[page.length - 1], p.n) : {});
  }
  if (m[4] !== undefined) return blob(method, repo, m[4]);
  return manifest(req, method, repo, decodeURIComponent(m[3]));
}

/** Index of the first tag strictly after `last` in the sorted list. */
function lowerBound(sorted: string[], last: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= last) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function allTags(repo: RepoRecord): string[] {
  const tags: string[] = [];
  const span = repo.span;
  for (let i = 0; i < span; i++) {
    const img = repo.imageAt(i);
    if (img) for (const t of img.tags) tags.push(t);
  }
  return tags.sort();
}

function manifest(req: http.IncomingMessage, method: string, repo: RepoRecord, reference: string): V2Response {
  const byDigest = reference.includes(':');
  const img = byDigest ? repo.findByDigest(reference) : repo.findByTag(reference);
  if (method === 'DELETE') {
    if (!byDigest) return v2Error(400, 'UNSUPPORTED', 'The operation is unsupported.');
    if (!img) return v2Error(404, 'MANIFEST_UNKNOWN', `Requested image not found`);
    repo.deleteImage(img.digest);
    return { status: 202, headers: { ...API_HEADER, 'Content-Length': '0' }, body: Buffer.alloc(0) };
  }
  if (method !== 'GET' && method !== 'HEAD') return v2Error(405, 'UNSUPPORTED', 'The operation is unsupported.');
  if (!img) return v2Error(404, 'MANIFEST_UNKNOWN', `Requested image not found`);
  const types = accepted(req);
  const acceptsAll = types.length === 0 || types.includes('*/*');
  if (!acceptsAll && !types.includes(img.mediaType)) {
    // Like distribution: an index/list is not down-converted, an unaccepted type is "not found".
    const what =
      img.mediaType === MT.ociIndex
        ? 'OCI index found, but accept header does not support OCI indexes'
        : `manifest of type ${img.mediaType} found, but accept header does not support it`;
    return v2Error(404, 'MANIFEST_UNKNOWN', what);
  }
  const body = Buffer.from(img.manifest);
  // A seeded digest need not be the manifest's hash; the registry reports the digest it stores the image under.
  const headers: Record<string, string> = {
    ...API_HEADER,
    'Content-Type': img.mediaType,
    'Docker-Content-Digest': img.digest,
    ETag: `"${img.digest}"`,
    'Content-Length': String(body.length),
  };
  return { status: 200, headers, body: method === 'HEAD' ? Buffer.alloc(0) : body };
}

function blob(method: string, repo: RepoRecord, digest: string): V2Response {
  if (method !== 'GET' && method !== 'HEAD') return v2Error(405, 'UNSUPPORTED', 'The operation is unsupported.');
  // Pushed blobs were verified on upload; seeded config blobs are checked against their digest here.
  const pushed = repo.layerBlobs.get(digest);
  const content = pushed ?? repo.blobs.get(digest);
  if (content === undefined || (!pushed && `sha256:${sha256(content)}` !== digest))
    return v2Error(404, 'BLOB_UNKNOWN', 'blob unknown to registry');
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return {
    status: 200,
    headers: {
      ...API_HEADER,
      'Content-Type': 'application/octet-stream',
      'Docker-Content-Digest': digest,
      'Content-Length': String(body.length),
    },
    body: method === 'HEAD' ? Buffer.alloc(0) : body,
  };
}
