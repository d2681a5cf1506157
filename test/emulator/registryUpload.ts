// The Registry HTTP API v2 write side, as ECR serves it: blob uploads (POST to start, PATCH chunks, PUT with
// `digest` to finish, monolithic POST ?digest=, upload status and cancel), cross-repository mount answered with
// 202 (the client falls back to uploading), and manifest PUT by tag or digest (image manifests and indexes, OCI
// and Docker media types). A manifest is stored through the ECR PutImage operation, so pushes and PutImage share
// one set of rules (digest = sha256 of the bytes, immutable tags, size and push time for DescribeImages).
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type * as http from 'node:http';
import { EcrError, operations, type CallContext } from './ecrApi';
import { authenticate, v2Error, type V2Context, type V2Response } from './registryApi';
import { MT, isIndexType, type RepoRecord, type Store } from './state';

/** What the write side needs beyond the read side's context. */
export interface V2WriteContext extends V2Context {
  now: number;
  /** The rest of an ECR call context (token settings), to store manifests through PutImage. */
  callContext: Omit<CallContext, 'accountId' | 'region' | 'store' | 'now'>;
}

interface UploadSession {
  id: string;
  repoKey: string;
  registryId: string;
  size: number;
  chunks: Buffer[];
  hash: Hash;
  startedAt: number;
}

/** A single blob may be at most this large (the emulator keeps blobs in memory). */
export const MAX_BLOB_BYTES = 512 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

// Sessions per store: a reset store (new data) keeps no stale uploads reachable through its repositories.
const sessionsByStore = new WeakMap<Store, Map<string, UploadSession>>();
function sessions(store: Store): Map<string, UploadSession> {
  let s = sessionsByStore.get(store);
  if (!s) {
    s = new Map();
    sessionsByStore.set(store, s);
  }
  return s;
}

const API_HEADER = { 'Docker-Distribution-API-Version': 'registry/2.0' };
const UPLOAD_PATH = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/;
const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
// The reference grammar's tag (what a CLI can push); ECR itself accepts longer tags through PutImage.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MANIFEST_TYPES: readonly string[] = [MT.ociManifest, MT.ociIndex, MT.dockerManifest, MT.dockerList];

/** True for the requests this module answers (the rest goes to the read side). */
export function isV2Write(method: string | undefined, pathname: string): boolean {
  if (UPLOAD_PATH.test(pathname)) return true;
  return method === 'PUT' && MANIFEST_PATH.test(pathname);
}

function empty(status: number, headers: Record<string, string>): V2Response {
  return { status, headers: { ...API_HEADER, 'Content-Length': '0', ...headers }, body: Buffer.alloc(0) };
}

function uploadHeaders(name: string, s: UploadSession): Record<string, string> {
  return {
    Location: `/v2/${name}/blobs/uploads/${s.id}`,
    Range: `0-${Math.max(0, s.size - 1)}`,
    'Docker-Upload-UUID': s.id,
  };
}

/** Reads the request body into the session (hashing as it goes); false when the blob grows too large. */
async function appendBody(req: http.IncomingMessage, s: UploadSession): Promise<boolean> {
  for await (const c of req) {
    const chunk = c as Buffer;
    if (s.size + chunk.length > MAX_BLOB_BYTES) return false;
    s.chunks.push(chunk);
    s.hash.update(chunk);
    s.size += chunk.length;
  }
  return true;
}

async function readSmallBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const chunk = c as Buffer;
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function drain(req: http.IncomingMessage): void {
  req.resume();
}

export async function handleV2Write(req: http.IncomingMessage, url: URL, ctx: V2WriteContext): Promise<V2Response> {
  const auth = authenticate(req, ctx);
  if ('status' in auth) {
    drain(req);
    return auth;
  }
  const upload = UPLOAD_PATH.exec(url.pathname);
  const name = upload ? upload[1] : (MANIFEST_PATH.exec(url.pathname) as RegExpExecArray)[1];
  const repo = ctx.store.repo(auth.registryId, auth.region, name);
  if (!repo) {
    drain(req);
    return v2Error(404, 'NAME_UNKNOWN', `The repository with name '${name}' does not exist in the registry with id '${auth.registryId}'`);
  }
  if (upload) return blobUpload(req, url, ctx, repo, upload[2], auth.registryId);
  return putManifest(req, ctx, repo, decodeURIComponent((MANIFEST_PATH.exec(url.pathname) as RegExpExecArray)[2]), auth);
}

async function blobUpload(
  req: http.IncomingMessage,
  url: URL,
  ctx: V2WriteContext,
  repo: RepoRecord,
  id: string,
  registryId: string,
): Promise<V2Response> {
  const method = req.method ?? 'GET';
  const all = sessions(ctx.store);
  const name = repo.name;
  if (id === '') {
    if (method !== 'POST') {
      drain(req);
      return v2Error(405, 'UNSUPPORTED', 'The operation is unsupported.');
    }
    const session: UploadSession = {
      id: randomUUID(),
      repoKey: repo.key,
      registryId,
      size: 0,
      chunks: [],
      hash: createHash('sha256'),
      startedAt: ctx.now,
    };
    // Cross-repository mount (?mount=&from=): ECR answers 202 with a fresh upload, and the client uploads.
    const digest = url.searchParams.get('digest');
    if (digest !== null && !url.searchParams.has('mount')) {
      // Monolithic upload: the whole blob in the POST body.
      if (!(await appendBody(req, session))) return v2Error(413, 'SIZE_INVALID', 'blob too large');
      return finish(repo, name, session, digest);
    }
    drain(req);
    all.set(session.id, session);
    return empty(202, uploadHeaders(name, session));
  }
  const session = all.get(id);
  if (!session || session.repoKey !== repo.key || session.registryId !== registryId) {
    drain(req);
    return v2Error(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
  }
  switch (method) {
    case 'GET':
      drain(req);
      return empty(204, uploadHeaders(name, session));
    case 'DELETE':
      drain(req);
      all.delete(id);
      return empty(204, {});
    case 'PATCH': {
      const range = req.headers['content-range'];
      if (typeof range === 'string') {
        const m = /^(?:bytes[= ])?(\d+)-(\d+)$/.exec(range.trim());
        if (!m || Number(m[1]) !== session.size) {
          drain(req);
          return {
            ...v2Error(416, 'BLOB_UPLOAD_INVALID', 'the Content-Range does not continue the upload'),
            headers: uploadHeaders(name, session),
          };
        }
      }
      if (!(await appendBody(req, session))) {
        all.delete(id);
        return v2Error(413, 'SIZE_INVALID', 'blob too large');
      }
      return empty(202, uploadHeaders(name, session));
    }
    case 'PUT': {
      if (!(await appendBody(req, session))) {
        all.delete(id);
        return v2Error(413, 'SIZE_INVALID', 'blob too large');
      }
      const digest = url.searchParams.get('digest');
      if (digest === null) return v2Error(400, 'DIGEST_INVALID', 'the digest parameter is missing');
      const reply = finish(repo, name, session, digest);
      if (reply.status === 201) all.delete(id);
      return reply;
    }
    default:
      drain(req);
      return v2Error(405, 'UNSUPPORTED', 'The operation is unsupported.');
  }
}

function finish(repo: RepoRecord, name: string, session: UploadSession, digest: string): V2Response {
  if (!DIGEST.test(digest)) return v2Error(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
  const actual = `sha256:${session.hash.copy().digest('hex')}`;
  if (actual !== digest) return v2Error(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
  repo.layerBlobs.set(digest, Buffer.concat(session.chunks, session.size));
  return empty(201, { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

const hasBlob = (repo: RepoRecord, digest: string): boolean => repo.layerBlobs.has(digest) || repo.blobs.has(digest);

type Json = Record<string, unknown>;

async function putManifest(
  req: http.IncomingMessage,
  ctx: V2WriteContext,
  repo: RepoRecord,
  reference: string,
  auth: { registryId: string; region: string },
): Promise<V2Response> {
  const body = await readSmallBody(req, MAX_MANIFEST_BYTES);
  if (!body) return v2Error(413, 'SIZE_INVALID', 'manifest too large');
  const byDigest = reference.includes(':');
  if (byDigest && !DIGEST.test(reference)) return v2Error(400, 'DIGEST_INVALID', 'invalid digest');
  if (!byDigest && !TAG.test(reference)) return v2Error(400, 'TAG_INVALID', 'manifest tag did not match URI');
  let parsed: Json;
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SyntaxError('not an object');
    parsed = v as Json;
  } catch {
    return v2Error(400, 'MANIFEST_INVALID', 'manifest invalid: not a JSON object');
  }
  const header = (req.headers['content-type'] ?? '').split(';')[0].trim();
  const mediaType = MANIFEST_TYPES.includes(header) ? header : typeof parsed.mediaType === 'string' ? parsed.mediaType : '';
  if (!MANIFEST_TYPES.includes(mediaType))
    return v2Error(400, 'MANIFEST_INVALID', `manifest invalid: unsupported media type '${mediaType}'`);
  if (typeof parsed.mediaType === 'string' && parsed.mediaType !== mediaType)
    return v2Error(400, 'MANIFEST_INVALID', 'manifest invalid: the mediaType does not match the Content-Type');
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (byDigest && reference !== digest) return v2Error(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
  // Everything a manifest references must be in the repository already: no tag ever points at a partial push.
  const missing = isIndexType(mediaType) ? missingChildren(repo, parsed) : missingBlobs(repo, parsed);
  if (missing === 'invalid') return v2Error(400, 'MANIFEST_INVALID', 'manifest invalid');
  if (missing) {
    const code = isIndexType(mediaType) ? 'MANIFEST_UNKNOWN' : 'MANIFEST_BLOB_UNKNOWN';
    return v2Error(400, code, `the manifest references ${missing}, which does not exist in the repository`);
  }
  try {
    operations.PutImage(
      {
        registryId: auth.registryId,
        repositoryName: repo.name,
        imageManifest: body.toString('utf8'),
        imageManifestMediaType: mediaType,
        ...(byDigest ? {} : { imageTag: reference }),
      },
      { ...ctx.callContext, store: ctx.store, accountId: auth.registryId, region: auth.region, now: ctx.now },
    );
  } catch (err) {
    // Pushing what is already there is a success for a registry client (ECR answers 201 as well).
    if (!(err instanceof EcrError) || err.type !== 'ImageAlreadyExistsException') {
      if (err instanceof EcrError && err.type === 'ImageTagAlreadyExistsException') return v2Error(400, 'TAG_INVALID', err.message);
      if (err instanceof EcrError) return v2Error(400, 'MANIFEST_INVALID', err.message);
      throw err;
    }
  }
  return empty(201, { Location: `/v2/${repo.name}/manifests/${digest}`, 'Docker-Content-Digest': digest });
}

function descriptorDigests(list: unknown): string[] | 'invalid' {
  if (!Array.isArray(list)) return 'invalid';
  const out: string[] = [];
  for (const d of list) {
    const digest = d && typeof d === 'object' ? (d as Json).digest : undefined;
    if (typeof digest !== 'string' || !DIGEST.test(digest)) return 'invalid';
    out.push(digest);
  }
  return out;
}

function missingBlobs(repo: RepoRecord, m: Json): string | undefined | 'invalid' {
  const config = descriptorDigests([m.config]);
  const layers = descriptorDigests(m.layers ?? []);
  if (config === 'invalid' || layers === 'invalid') return 'invalid';
  return [...config, ...layers].find((d) => !hasBlob(repo, d));
}

function missingChildren(repo: RepoRecord, m: Json): string | undefined | 'invalid' {
  const children = descriptorDigests(m.manifests);
  if (children === 'invalid') return 'invalid';
  return children.find((d) => !repo.findByDigest(d));
}
