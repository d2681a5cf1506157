// RegistryClient against Debian's docker-registry (CNCF distribution 2.8) with htpasswd Basic auth.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent } from 'undici';
import { RegistryClient, MediaType, type RegistryClientOptions } from '../../../src/registry';
import { collect, rejectsWith } from '../helpers/registryHelpers';
import {
  freePort,
  pushImage,
  pushManifest,
  pushMultiArchImage,
  sha256Digest,
  startRegistry,
  type PushTarget,
  type PushedIndex,
  type RegistryServer,
} from '../../servers';

const PASSWORD = 'reg-Pa55word-with:colon';
const ecrToken = (password: string): string => Buffer.from(`AWS:${password}`).toString('base64');

/** Writes the on-disk layout docker-registry's catalog walks (a `_layers` dir per repository): 250 in ≈ 10 ms. */
function catalogFixture(count: number): { dir: string; names: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-catalog-'));
  const names = Array.from({ length: count }, (_, i) => `ns${i % 3}/repo-${String(i).padStart(3, '0')}`);
  for (const name of names) {
    fs.mkdirSync(path.join(dir, 'docker/registry/v2/repositories', name, '_layers'), { recursive: true });
  }
  return { dir, names };
}

describe('(unit) registry client against docker-registry', function () {
  this.timeout(60_000);
  let reg: RegistryServer;
  let fixtureDir: string;
  let fixtureNames: string[];
  let target: PushTarget;
  let ociIndex: PushedIndex;
  let dockerList: PushedIndex;
  let attested: { digest: string; platforms: number };
  let requests: string[];
  const client = (extra: Partial<RegistryClientOptions> = {}): RegistryClient =>
    new RegistryClient({
      baseUrl: reg.url,
      auth: { kind: 'basic', token: ecrToken(PASSWORD) },
      fetch: (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return fetch(input, init);
      },
      ...extra,
    });

  before(async () => {
    ({ dir: fixtureDir, names: fixtureNames } = catalogFixture(250));
    reg = await startRegistry({ password: PASSWORD, storageDir: fixtureDir });
    target = { baseUrl: reg.url, username: 'AWS', password: PASSWORD };
    ociIndex = await pushMultiArchImage(target, 'multi/oci', 'v1', {
      format: 'oci',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
        { os: 'windows', architecture: 'amd64' },
      ],
    });
    dockerList = await pushMultiArchImage(target, 'multi/docker', 'v1', { format: 'docker' });
    // A BuildKit-style index: one image plus an unknown/unknown attestation manifest.
    const img = await pushImage(target, 'multi/attested', undefined, { platform: { os: 'linux', architecture: 'amd64' } });
    const att = await pushImage(target, 'multi/attested', undefined, { platform: { os: 'unknown', architecture: 'unknown' } });
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        { mediaType: img.mediaType, digest: img.digest, size: img.size, platform: { os: 'linux', architecture: 'amd64' } },
        {
          mediaType: att.mediaType,
          digest: att.digest,
          size: att.size,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': img.digest },
        },
      ],
    });
    await pushManifest(target, 'multi/attested', 'latest', index, MediaType.ociIndex);
    attested = { digest: sha256Digest(index), platforms: 1 };
  });

  after(async () => {
    await reg?.stop();
    if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    requests = [];
  });

  describe('authentication', () => {
    it('pings with an ECR-style token (base64 of AWS:<password>) as Basic credentials in one request', async () => {
      assert.deepEqual(await client().ping(), { ok: true });
      assert.equal(requests.length, 1);
    });

    it('401 unauthorized without credentials', async () => {
      const err = await rejectsWith(client({ auth: { kind: 'none' } }).ping(), 'unauthorized');
      assert.equal(err.status, 401);
      assert.equal(err.registryCode, 'UNAUTHORIZED');
      assert.match(err.message, /Log in again/);
    });

    it('401 unauthorized with a wrong password, and the secret never appears in the message', async () => {
      const wrong = ecrToken('not-the-password');
      const err = await rejectsWith(client({ auth: { kind: 'basic', token: wrong } }).manifest('multi/oci', 'v1'), 'unauthorized');
      assert.equal(err.status, 401);
      assert.ok(!err.message.includes(wrong) && !err.message.includes('not-the-password'));
      // One request, no retry loop: the challenge is Basic and Basic was already sent.
      assert.equal(requests.length, 1);
    });
  });

  describe('catalog', () => {
    it('follows Link paging: 250 repositories at n=100 are 3 pages in 3 requests', async () => {
      const pages = await collect(client().catalog({ pageSize: 100 }));
      const all = pages.flat();
      assert.ok(pages.length >= 3);
      // the 250 fixture repositories plus the pushed ones, sorted, no duplicates
      const expected = [...fixtureNames, 'multi/attested', 'multi/docker', 'multi/oci'].sort();
      assert.deepEqual(all, expected);
      assert.deepEqual(
        pages.map((p) => p.length),
        [100, 100, 53],
      );
      assert.equal(requests.length, 3);
      // the next page starts after the last name of the previous one (relative Link resolved on the base)
      assert.ok(requests[1].endsWith(`/v2/_catalog?last=${encodeURIComponent(pages[0][99])}&n=100`), requests[1]);
      assert.ok(requests[2].startsWith(`GET ${reg.url}/v2/_catalog?last=`), requests[2]);
    });

    it('stops fetching when the consumer stops (first page only)', async () => {
      for await (const page of client().catalog({ pageSize: 100 })) {
        assert.equal(page.length, 100);
        break;
      }
      assert.equal(requests.length, 1);
    });

    it('rejects a page size the registry would refuse before sending anything', async () => {
      await rejectsWith(collect(client().catalog({ pageSize: 0 })), 'invalidInput');
      assert.equal(requests.length, 0);
    });
  });

  describe('tags', () => {
    it('lists the tags of a repository', async () => {
      await pushImage(target, 'tagged/app', 'a', { tags: ['b', 'c'] });
      const tags = (await collect(client().tags('tagged/app'))).flat().sort();
      assert.deepEqual(tags, ['a', 'b', 'c']);
    });

    it('notFound NAME_UNKNOWN for a missing repository', async () => {
      const err = await rejectsWith(collect(client().tags('no/such-repo')), 'notFound');
      assert.equal(err.registryCode, 'NAME_UNKNOWN');
      assert.equal(err.status, 404);
    });

    it('refuses an invalid repository name without a request', async () => {
      const err = await rejectsWith(collect(client().tags('Bad Name/..')), 'invalidInput');
      assert.match(err.message, /Not a valid repository name/);
      assert.equal(requests.length, 0);
    });
  });

  describe('manifests', () => {
    it('an OCI index with its platforms, digest and size', async () => {
      const m = await client().manifest('multi/oci', 'v1');
      assert.equal(m.mediaType, MediaType.ociIndex);
      assert.equal(m.digest, ociIndex.digest);
      assert.equal(m.size, ociIndex.size);
      assert.equal(m.isIndex, true);
      assert.equal(m.skippedAttestations, 0);
      assert.equal(m.omittedPlatforms, 0);
      assert.deepEqual(
        m.platforms,
        ociIndex.manifests.map((p) => ({
          os: p.platform?.os,
          architecture: p.platform?.architecture,
          ...(p.platform?.variant ? { variant: p.platform.variant } : {}),
          digest: p.digest,
          size: p.size,
          mediaType: MediaType.ociManifest,
        })),
      );
      assert.deepEqual(
        m.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`),
        ['linux/amd64', 'linux/arm64/v8', 'windows/amd64'],
      );
    });

    it('a Docker manifest list with its platforms', async () => {
      const m = await client().manifest('multi/docker', 'v1');
      assert.equal(m.mediaType, MediaType.dockerManifestList);
      assert.equal(m.digest, dockerList.digest);
      assert.deepEqual(
        m.platforms.map((p) => [p.os, p.architecture, p.variant, p.digest, p.mediaType]),
        dockerList.manifests.map((p) => [
          p.platform?.os,
          p.platform?.architecture,
          p.platform?.variant,
          p.digest,
          MediaType.dockerManifest,
        ]),
      );
    });

    it('skips unknown/unknown attestation manifests and says how many', async () => {
      const m = await client().manifest('multi/attested', 'latest');
      assert.equal(m.digest, attested.digest);
      assert.equal(m.platforms.length, attested.platforms);
      assert.equal(m.skippedAttestations, 1);
      assert.equal(m.platforms[0].architecture, 'amd64');
    });

    it('a platform manifest by digest is a single-platform manifest (platforms = [])', async () => {
      const child = ociIndex.manifests[1];
      const c = client();
      const m = await c.manifest('multi/oci', child.digest);
      assert.equal(m.mediaType, MediaType.ociManifest);
      assert.equal(m.digest, child.digest);
      assert.equal(m.isIndex, false);
      assert.deepEqual(m.platforms, []);
      assert.deepEqual(await c.platforms('multi/oci', child.digest), []);
      assert.equal((m.manifest.config as { mediaType?: string }).mediaType, 'application/vnd.oci.image.config.v1+json');
    });

    it('bounds the number of platforms kept and reports the rest', async () => {
      const m = await client({ maxPlatforms: 2 }).manifest('multi/oci', 'v1');
      assert.equal(m.platforms.length, 2);
      assert.equal(m.omittedPlatforms, 1);
    });

    it('tooLarge past maxBytes, without reading the body', async () => {
      const err = await rejectsWith(client({ maxBytes: 100 }).manifest('multi/oci', 'v1'), 'tooLarge');
      assert.match(err.message, /100 B limit/);
    });

    it('notFound MANIFEST_UNKNOWN for a missing tag', async () => {
      const err = await rejectsWith(client().manifest('multi/oci', 'no-such-tag'), 'notFound');
      assert.equal(err.registryCode, 'MANIFEST_UNKNOWN');
    });

    it('refuses malformed references without a request', async () => {
      await rejectsWith(client().manifest('multi/oci', 'sha256:abc'), 'invalidInput');
      await rejectsWith(client().manifest('multi/oci', '-bad'), 'invalidInput');
      assert.equal(requests.length, 0);
    });
  });

  describe('deleteManifest', () => {
    it('deletes by digest (every tag on it goes), refuses a tag', async () => {
      const img = await pushImage(target, 'to/delete', 'one', { tags: ['two'] });
      const c = client();
      await rejectsWith(c.deleteManifest('to/delete', 'one'), 'invalidInput');
      await c.deleteManifest('to/delete', img.digest);
      await rejectsWith(c.manifest('to/delete', 'one'), 'notFound');
      assert.deepEqual((await collect(c.tags('to/delete'))).flat(), []);
      await rejectsWith(c.deleteManifest('to/delete', img.digest), 'notFound');
    });
  });

  describe('cancellation and unreachable servers', () => {
    it('an aborted signal cancels before any request', async () => {
      const ac = new AbortController();
      ac.abort();
      await rejectsWith(client().manifest('multi/oci', 'v1', { signal: ac.signal }), 'cancelled');
      assert.equal(requests.length, 0);
    });

    it('aborting while paging cancels the listing', async () => {
      const ac = new AbortController();
      const pages: string[][] = [];
      const err = await rejectsWith(
        (async () => {
          for await (const page of client().catalog({ pageSize: 100, signal: ac.signal })) {
            pages.push(page);
            ac.abort();
          }
        })(),
        'cancelled',
      );
      assert.equal(pages.length, 1);
      assert.match(err.message, /cancelled/);
    });

    it('unreachable when nothing listens on the port', async () => {
      const port = await freePort();
      const err = await rejectsWith(
        new RegistryClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'none' } }).ping(),
        'unreachable',
      );
      assert.match(err.message, /connection refused/);
    });
  });
});

describe('(unit) registry client over TLS (docker-registry with a generated certificate)', function () {
  this.timeout(60_000);
  let reg: RegistryServer;
  before(async () => {
    reg = await startRegistry({ password: PASSWORD, tls: true });
  });
  after(async () => {
    await reg?.stop();
  });

  it('refuses an untrusted certificate with an actionable message', async () => {
    const c = new RegistryClient({ baseUrl: reg.url, auth: { kind: 'basic', token: ecrToken(PASSWORD) } });
    const err = await rejectsWith(c.ping(), 'unreachable');
    assert.match(err.message, /TLS certificate is not trusted/);
  });

  it('works with the CA given through an undici Agent dispatcher', async () => {
    assert.ok(reg.caCertPath);
    const agent = new Agent({ connect: { ca: fs.readFileSync(reg.caCertPath) } });
    try {
      const c = new RegistryClient({
        baseUrl: reg.url,
        auth: { kind: 'basic', token: ecrToken(PASSWORD) },
        dispatcher: agent as unknown as RegistryClientOptions['dispatcher'],
      });
      assert.deepEqual(await c.ping(), { ok: true });
      await pushImage({ baseUrl: reg.url, username: 'AWS', password: PASSWORD, caCertPath: reg.caCertPath }, 'tls/app', 'v1');
      const m = await c.manifest('tls/app', 'v1');
      assert.equal(m.mediaType, MediaType.ociManifest);
      const wrong = new RegistryClient({
        baseUrl: reg.url,
        auth: { kind: 'basic', token: ecrToken('wrong') },
        dispatcher: agent as unknown as RegistryClientOptions['dispatcher'],
      });
      await rejectsWith(wrong.ping(), 'unauthorized');
    } finally {
      await agent.close();
    }
  });
});
