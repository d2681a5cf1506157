// The emulator's Registry v2 write side: the upload flow at the HTTP level (chunks, monolithic, mount fallback,
// digests, ranges), manifest PUT rules (missing blobs, indexes, immutable tags), and a real `podman push` of a
// scratch image checked with `skopeo inspect` and DescribeImages.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { ManifestMediaTypes as MT } from '../../emulator';
import {
  ecrClient,
  podmanSandbox,
  pushImage,
  pushMultiArchImage,
  runCli,
  startEmulator,
  type EmulatorServer,
  type PodmanSandbox,
} from '../../servers';

const digestOf = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('(unit) ECR emulator: Registry v2 push (upload flow, manifest PUT)', function () {
  this.timeout(30000);
  let server: EmulatorServer;
  let ecr: ECRClient;
  let password: string;
  let basic: string;
  const req = (p: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}) =>
    fetch(`${server.url}${p}`, { ...init, headers: { Authorization: `Basic ${basic}`, ...(init.headers ?? {}) } });
  const errorCode = async (res: Response): Promise<string> => ((await res.json()) as { errors: Array<{ code: string }> }).errors[0].code;

  before(async () => {
    server = await startEmulator();
    ecr = ecrClient(server.url);
    const tok = await ecr.send(new GetAuthorizationTokenCommand({}));
    basic = tok.authorizationData?.[0].authorizationToken ?? '';
    password = Buffer.from(basic, 'base64').toString('utf8').slice('AWS:'.length);
  });
  after(async () => {
    ecr?.destroy();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.createRepository('team/api');
    server.emulator.createRepository('team/locked', { tagMutability: 'IMMUTABLE' });
  });

  it('a chunked upload (POST, PATCH with Content-Range, PUT ?digest=) stores the blob; HEAD and GET serve it', async () => {
    const blob = randomBytes(3000);
    const start = await req('/v2/team/api/blobs/uploads/', { method: 'POST' });
    assert.equal(start.status, 202);
    const location = start.headers.get('location') ?? '';
    assert.match(location, /^\/v2\/team\/api\/blobs\/uploads\/[0-9a-f-]{36}$/);
    assert.equal(start.headers.get('range'), '0-0');
    const p1 = await req(location, { method: 'PATCH', body: blob.subarray(0, 1000), headers: { 'Content-Range': '0-999' } });
    assert.equal(p1.status, 202);
    assert.equal(p1.headers.get('range'), '0-999');
    // A chunk that does not continue the upload is refused with the range so far.
    const gap = await req(location, { method: 'PATCH', body: blob.subarray(1500), headers: { 'Content-Range': '1500-2999' } });
    assert.equal(gap.status, 416);
    assert.equal(gap.headers.get('range'), '0-999');
    const p2 = await req(location, { method: 'PATCH', body: blob.subarray(1000, 2000) });
    assert.equal(p2.status, 202);
    const status = await req(location);
    assert.equal(status.status, 204);
    assert.equal(status.headers.get('range'), '0-1999');
    const digest = digestOf(blob);
    const bad = await req(`${location}?digest=${digestOf('something else')}`, { method: 'PUT', body: blob.subarray(2000) });
    assert.equal(bad.status, 400);
    assert.equal(await errorCode(bad), 'DIGEST_INVALID');
    assert.equal((await req(`/v2/team/api/blobs/${digest}`, { method: 'HEAD' })).status, 404, 'nothing stored on a digest mismatch');
    // The failed PUT consumed the last chunk; a client starts over (like distribution, the session is still there).
    const again = await req('/v2/team/api/blobs/uploads/', { method: 'POST' });
    const loc2 = again.headers.get('location') ?? '';
    const done = await req(`${loc2}?digest=${digest}`, { method: 'PUT', body: blob });
    assert.equal(done.status, 201);
    assert.equal(done.headers.get('docker-content-digest'), digest);
    assert.equal(done.headers.get('location'), `/v2/team/api/blobs/${digest}`);
    const head = await req(`/v2/team/api/blobs/${digest}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '3000');
    assert.deepEqual(Buffer.from(await (await req(`/v2/team/api/blobs/${digest}`)).arrayBuffer()), blob);
    // Blobs belong to their repository.
    assert.equal((await req(`/v2/team/locked/blobs/${digest}`, { method: 'HEAD' })).status, 404);
    assert.equal((await req(loc2, { method: 'PATCH', body: 'x' })).status, 404, 'a finished upload is gone');
    assert.ok(server.emulator.calls('v2.upload') >= 6);
  });

  it('monolithic POST ?digest=, mount falling back to 202, cancel, unknown repository, missing or wrong token', async () => {
    const blob = Buffer.from('one shot');
    const mono = await req(`/v2/team/api/blobs/uploads/?digest=${digestOf(blob)}`, { method: 'POST', body: blob });
    assert.equal(mono.status, 201);
    assert.equal((await req(`/v2/team/api/blobs/${digestOf(blob)}`, { method: 'HEAD' })).status, 200);
    const mount = await req(`/v2/team/locked/blobs/uploads/?mount=${digestOf(blob)}&from=team/api`, { method: 'POST' });
    assert.equal(mount.status, 202, 'no cross-repository mount: the client uploads instead');
    const loc = mount.headers.get('location') ?? '';
    assert.equal((await req(loc, { method: 'DELETE' })).status, 204);
    assert.equal((await req(loc)).status, 404);
    const unknown = await req('/v2/team/nope/blobs/uploads/', { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'NAME_UNKNOWN');
    const anon = await fetch(`${server.url}/v2/team/api/blobs/uploads/`, { method: 'POST' });
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Basic /);
    const wrong = await fetch(`${server.url}/v2/team/api/manifests/x`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from('AWS:nope').toString('base64')}`, 'Content-Type': MT.ociManifest },
      body: '{}',
    });
    assert.equal(wrong.status, 401);
  });

  it('a manifest whose blobs are missing is refused and leaves no tag; a complete push appears in DescribeImages', async () => {
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const layer = randomBytes(500);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      config: { mediaType: MT.ociConfig, digest: digestOf(config), size: config.length },
      layers: [{ mediaType: MT.ociLayer, digest: digestOf(layer), size: layer.length }],
    });
    await req(`/v2/team/api/blobs/uploads/?digest=${digestOf(config)}`, { method: 'POST', body: config });
    const partial = await req('/v2/team/api/manifests/v1', { method: 'PUT', body: manifest, headers: { 'Content-Type': MT.ociManifest } });
    assert.equal(partial.status, 400);
    assert.equal(await errorCode(partial), 'MANIFEST_BLOB_UNKNOWN');
    assert.deepEqual(server.emulator.tagsOf('team/api'), []);
    await req(`/v2/team/api/blobs/uploads/?digest=${digestOf(layer)}`, { method: 'POST', body: layer });
    const before = Date.now();
    const ok = await req('/v2/team/api/manifests/v1', { method: 'PUT', body: manifest, headers: { 'Content-Type': MT.ociManifest } });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('docker-content-digest'), digestOf(manifest));
    const d = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api' }))).imageDetails ?? [];
    assert.equal(d.length, 1);
    assert.deepEqual(d[0].imageTags, ['v1']);
    assert.equal(d[0].imageDigest, digestOf(manifest));
    assert.equal(d[0].imageSizeInBytes, config.length + layer.length);
    assert.equal(d[0].imageManifestMediaType, MT.ociManifest);
    assert.equal(d[0].artifactMediaType, MT.ociConfig);
    assert.ok((d[0].imagePushedAt?.getTime() ?? 0) >= before - 1000);
    // By digest: the digest must be the manifest's; a wrong one is DIGEST_INVALID.
    assert.equal(
      (
        await req(`/v2/team/api/manifests/${digestOf(manifest)}`, {
          method: 'PUT',
          body: manifest,
          headers: { 'Content-Type': MT.ociManifest },
        })
      ).status,
      201,
    );
    const wrongDigest = await req(`/v2/team/api/manifests/${digestOf('x')}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'Content-Type': MT.ociManifest },
    });
    assert.equal(await errorCode(wrongDigest), 'DIGEST_INVALID');
    const badTag = await req('/v2/team/api/manifests/-bad', { method: 'PUT', body: manifest, headers: { 'Content-Type': MT.ociManifest } });
    assert.equal(await errorCode(badTag), 'TAG_INVALID');
    const notJson = await req('/v2/team/api/manifests/v2', { method: 'PUT', body: '{nope', headers: { 'Content-Type': MT.ociManifest } });
    assert.equal(await errorCode(notJson), 'MANIFEST_INVALID');
    const mismatch = await req('/v2/team/api/manifests/v2', {
      method: 'PUT',
      body: manifest,
      headers: { 'Content-Type': MT.dockerManifest },
    });
    assert.equal(await errorCode(mismatch), 'MANIFEST_INVALID');
  });

  it('pushes Docker and OCI images, an OCI index and a Docker manifest list (children by digest first)', async () => {
    const target = { baseUrl: server.url, username: 'AWS', password };
    const docker = await pushImage(target, 'team/api', 'docker', { format: 'docker' });
    const oci = await pushMultiArchImage(target, 'team/api', 'multi', { format: 'oci' });
    const list = await pushMultiArchImage(target, 'team/api', 'list', { format: 'docker' });
    const byTag = async (tag: string) =>
      (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: tag }] }))).imageDetails?.[0];
    assert.equal((await byTag('docker'))?.imageManifestMediaType, MT.dockerManifest);
    assert.equal((await byTag('docker'))?.imageSizeInBytes, docker.imageSizeBytes);
    const index = await byTag('multi');
    assert.equal(index?.imageDigest, oci.digest);
    assert.equal(index?.imageManifestMediaType, MT.ociIndex);
    assert.equal(index?.imageSizeInBytes, oci.imageSizeBytes);
    assert.equal((await byTag('list'))?.imageManifestMediaType, MT.dockerList);
    assert.equal((await byTag('list'))?.imageDigest, list.digest);
    const served = await req('/v2/team/api/manifests/multi', { headers: { Accept: MT.ociIndex } });
    assert.equal(served.headers.get('docker-content-digest'), oci.digest);
    // An index whose platform manifests were never pushed is refused.
    const orphan = JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.ociIndex,
      manifests: [{ mediaType: MT.ociManifest, digest: digestOf('missing'), size: 10, platform: { os: 'linux', architecture: 'amd64' } }],
    });
    const refused = await req('/v2/team/api/manifests/orphan', { method: 'PUT', body: orphan, headers: { 'Content-Type': MT.ociIndex } });
    assert.equal(refused.status, 400);
    assert.equal(await errorCode(refused), 'MANIFEST_UNKNOWN');
  });

  it('an immutable tag refuses another image (TAG_INVALID) but accepts the same push again', async () => {
    const target = { baseUrl: server.url, username: 'AWS', password };
    const first = await pushImage(target, 'team/locked', 'prod');
    const again = await req(`/v2/team/locked/manifests/${first.digest}`, { headers: { Accept: MT.ociManifest } });
    const body = Buffer.from(await again.arrayBuffer());
    const same = await req('/v2/team/locked/manifests/prod', { method: 'PUT', body, headers: { 'Content-Type': MT.ociManifest } });
    assert.equal(same.status, 201, 'pushing the same image again is idempotent');
    await assert.rejects(pushImage(target, 'team/locked', 'prod'), /HTTP 400 .*TAG_INVALID.*immutable/);
    const d = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/locked', imageIds: [{ imageTag: 'prod' }] }))).imageDetails;
    assert.equal(d?.[0].imageDigest, first.digest);
  });

  it('a connection dropped mid-upload leaves no image behind', async () => {
    server.emulator.fault({ operation: 'v2.upload', kind: 'drop', times: 1 });
    const target = { baseUrl: server.url, username: 'AWS', password };
    await assert.rejects(pushImage(target, 'team/api', 'half'));
    assert.deepEqual(server.emulator.tagsOf('team/api'), []);
  });
});

describe('(unit) ECR emulator: a real podman push of a scratch image, checked with skopeo', function () {
  this.timeout(120000);
  let server: EmulatorServer;
  let sandbox: PodmanSandbox;
  let ecr: ECRClient;
  before(async () => {
    server = await startEmulator();
    sandbox = await podmanSandbox();
    ecr = ecrClient(server.url);
    server.emulator.createRepository('team/app');
  });
  after(async () => {
    ecr?.destroy();
    sandbox?.dispose();
    await server?.stop();
  });

  it('podman login + push --tls-verify=false lands the image; skopeo inspect and DescribeImages agree', async () => {
    const tok = await ecr.send(new GetAuthorizationTokenCommand({}));
    const pw = Buffer.from(tok.authorizationData?.[0].authorizationToken ?? '', 'base64')
      .toString('utf8')
      .slice(4);
    const ref = `${server.host}/team/app:v1`;
    await sandbox.buildScratch(ref, `built at ${Date.now()}\n`);
    const login = await sandbox.run(['login', '--username', 'AWS', '--password-stdin', '--tls-verify=false', server.host], pw);
    assert.equal(login.code, 0, login.stderr);
    const push = await sandbox.run(['push', '--tls-verify=false', ref]);
    assert.equal(push.code, 0, push.stderr);
    const skopeo = await runCli(
      'skopeo',
      ['inspect', '--tls-verify=false', '--authfile', sandbox.authFile, '--raw', `docker://${ref}`],
      '',
      sandbox.env,
    );
    assert.equal(skopeo.code, 0, skopeo.stderr);
    const raw = skopeo.stdout;
    const manifest = JSON.parse(raw) as { config: { size: number }; layers: Array<{ size: number }> };
    const described = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/app', imageIds: [{ imageTag: 'v1' }] })))
      .imageDetails?.[0];
    assert.equal(described?.imageDigest, digestOf(raw));
    assert.equal(described?.imageSizeInBytes, manifest.config.size + manifest.layers.reduce((s, l) => s + l.size, 0));
    const info = await runCli(
      'skopeo',
      ['inspect', '--tls-verify=false', '--authfile', sandbox.authFile, `docker://${ref}`],
      '',
      sandbox.env,
    );
    assert.equal(info.code, 0, info.stderr);
    const parsed = JSON.parse(info.stdout) as { Digest: string; Os: string; Layers: string[] };
    assert.equal(parsed.Digest, described?.imageDigest);
    assert.equal(parsed.Layers.length, 1);
    assert.ok(server.emulator.calls('v2.upload') >= 2);
  });
});
