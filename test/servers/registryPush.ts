// Pushes small images into a Registry HTTP API v2 server without a Docker daemon (blob upload + manifest PUT),
// including an OCI index and a Docker manifest list with platform manifests.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { MT as MediaTypes } from '../emulator/state';

// One list of media types for the emulator and the push helper (the emulator serves what this pushes).
export { MediaTypes };

export interface PushTarget {
  /** e.g. http://127.0.0.1:5000 or https://127.0.0.1:5443 */
  baseUrl: string;
  username?: string;
  password?: string;
  /** CA certificate for a self-signed TLS registry. */
  caCertPath?: string;
}

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PushedManifest {
  digest: string;
  mediaType: string;
  /** Size of the manifest JSON in bytes. */
  size: number;
  /** Sum of config + layer sizes (what ECR reports as imageSizeInBytes). */
  imageSizeBytes: number;
  platform?: PlatformSpec;
}

export interface PushedIndex extends PushedManifest {
  manifests: PushedManifest[];
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(
  target: PushTarget,
  method: string,
  url: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const u = new URL(url, target.baseUrl);
  const mod = u.protocol === 'https:' ? https : http;
  const h: Record<string, string> = { ...headers };
  if (target.username !== undefined || target.password !== undefined) {
    h.Authorization = 'Basic ' + Buffer.from(`${target.username ?? 'AWS'}:${target.password ?? ''}`).toString('base64');
  }
  if (body) h['Content-Length'] = String(body.length);
  const ca = target.caCertPath ? fs.readFileSync(target.caCertPath) : undefined;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers: h, ca, timeout: 15000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${u.pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function expectStatus(res: RawResponse, ok: number[], what: string): void {
  if (!ok.includes(res.status)) {
    throw new Error(`${what} failed: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
  }
}

/** Uploads one blob (POST to start, PUT ?digest= to finish); skips if it already exists. */
export async function pushBlob(target: PushTarget, repo: string, content: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256Digest(content);
  const head = await request(target, 'HEAD', `/v2/${repo}/blobs/${digest}`);
  if (head.status === 200) return { digest, size: content.length };
  const start = await request(target, 'POST', `/v2/${repo}/blobs/uploads/`, Buffer.alloc(0));
  expectStatus(start, [202], `start blob upload to ${repo}`);
  const location = start.headers.location;
  if (!location) throw new Error('blob upload: no Location header');
  const put = new URL(location, target.baseUrl);
  put.searchParams.set('digest', digest);
  const done = await request(target, 'PUT', put.toString(), content, { 'Content-Type': 'application/octet-stream' });
  expectStatus(done, [201], `finish blob upload to ${repo}`);
  return { digest, size: content.length };
}

/** PUTs a manifest under `reference` (tag or digest); returns the digest the registry reports. */
export async function pushManifest(
  target: PushTarget,
  repo: string,
  reference: string,
  manifest: Buffer | string,
  mediaType: string,
): Promise<string> {
  const body = Buffer.isBuffer(manifest) ? manifest : Buffer.from(manifest);
  const res = await request(target, 'PUT', `/v2/${repo}/manifests/${reference}`, body, { 'Content-Type': mediaType });
  expectStatus(res, [201], `PUT manifest ${repo}:${reference}`);
  const header = res.headers['docker-content-digest'];
  return typeof header === 'string' ? header : sha256Digest(body);
}

export interface SingleImageOptions {
  format?: 'oci' | 'docker';
  platform?: PlatformSpec;
  /** Size of the (random) layer; default 1024 bytes. */
  layerBytes?: number;
  /** Extra tags pushed on the same manifest. */
  tags?: string[];
}

/** Builds and pushes config + one layer + manifest; tags it with every tag given. */
export async function pushImage(
  target: PushTarget,
  repo: string,
  tag: string | undefined,
  opts: SingleImageOptions = {},
): Promise<PushedManifest> {
  const format = opts.format ?? 'oci';
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const config = Buffer.from(
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      created: new Date().toISOString(),
      config: { Env: ['PATH=/usr/bin'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: [] },
      nonce: randomBytes(8).toString('hex'),
    }),
  );
  const layer = randomBytes(opts.layerBytes ?? 1024);
  const cfg = await pushBlob(target, repo, config);
  const lyr = await pushBlob(target, repo, layer);
  const mediaType = format === 'oci' ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: format === 'oci' ? MediaTypes.ociConfig : MediaTypes.dockerConfig, digest: cfg.digest, size: cfg.size },
    layers: [{ mediaType: format === 'oci' ? MediaTypes.ociLayer : MediaTypes.dockerLayer, digest: lyr.digest, size: lyr.size }],
  });
  const digest = sha256Digest(manifest);
  const tags = [...(tag ? [tag] : []), ...(opts.tags ?? [])];
  if (tags.length === 0) await pushManifest(target, repo, digest, manifest, mediaType);
  for (const t of tags) await pushManifest(target, repo, t, manifest, mediaType);
  return { digest, mediaType, size: Buffer.byteLength(manifest), imageSizeBytes: cfg.size + lyr.size, platform };
}

export interface MultiArchOptions {
  /** 'oci' → OCI image index; 'docker' → Docker manifest list. */
  format?: 'oci' | 'docker';
  platforms?: PlatformSpec[];
  tags?: string[];
}

/** Pushes one image per platform (by digest) and an index/list referencing them, tagged `tag`. */
export async function pushMultiArchImage(target: PushTarget, repo: string, tag: string, opts: MultiArchOptions = {}): Promise<PushedIndex> {
  const format = opts.format ?? 'oci';
  const platforms = opts.platforms ?? [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ];
  const manifests: PushedManifest[] = [];
  for (const platform of platforms) {
    manifests.push(await pushImage(target, repo, undefined, { format, platform }));
  }
  const mediaType = format === 'oci' ? MediaTypes.ociIndex : MediaTypes.dockerList;
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: manifests.map((m) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      platform: {
        architecture: m.platform?.architecture,
        os: m.platform?.os,
        ...(m.platform?.variant ? { variant: m.platform.variant } : {}),
      },
    })),
  });
  const digest = sha256Digest(index);
  for (const t of [tag, ...(opts.tags ?? [])]) await pushManifest(target, repo, t, index, mediaType);
  return {
    digest,
    mediaType,
    size: Buffer.byteLength(index),
    imageSizeBytes: manifests.reduce((s, m) => s + m.imageSizeBytes, 0),
    manifests,
  };
}
