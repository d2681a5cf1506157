// The emulator's Registry HTTP API v2 (auth, tag paging, manifest negotiation), the real docker CLI logging in
// with the GetAuthorizationToken password, and the emulator's CLI entry as a separate process.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeImagesCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { ecrClient, groupAlive, runCli, startEmulator, type EmulatorServer } from '../../servers';
import { ManifestMediaTypes as MT } from '../../emulator';

const MULTI = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

describe('(unit) ECR emulator: Registry HTTP API v2', function () {
  this.timeout(30000);
  let server: EmulatorServer;
  let ecr: ECRClient;
  let basic: string;
  const get = (p: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${server.url}${p}`, { method, headers: { Authorization: `Basic ${basic}`, ...headers } });

  before(async () => {
    server = await startEmulator();
    ecr = ecrClient(server.url);
    server.emulator.seed({
      repositories: [
        { name: 'team/api', images: Array.from({ length: 25 }, (_, i) => ({ tags: [`v${String(i).padStart(2, '0')}`] })) },
        {
          name: 'team/web',
          images: [
            { tags: ['oci'], platforms: MULTI },
            { tags: ['list'], platforms: MULTI, mediaType: MT.dockerList },
            { tags: ['single'], mediaType: MT.dockerManifest },
          ],
        },
      ],
    });
    const tok = await ecr.send(new GetAuthorizationTokenCommand({}));
    basic = tok.authorizationData?.[0].authorizationToken ?? '';
  });
  after(async () => {
    ecr?.destroy();
    await server?.stop();
  });

  it('GET /v2/ without or with wrong credentials → 401 + Basic challenge; with the ECR token → 200', async () => {
    const anon = await fetch(`${server.url}/v2/`);
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Basic realm="[^"]+"/);
    const wrong = await fetch(`${server.url}/v2/`, { headers: { Authorization: `Basic ${Buffer.from('AWS:nope').toString('base64')}` } });
    assert.equal(wrong.status, 401);
    const ok = await get('/v2/');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('docker-distribution-api-version'), 'registry/2.0');
  });

  it('an expired token is refused', async () => {
    server.emulator.setTokenLifetime(-1000);
    try {
      const expired = Buffer.from(`AWS:${server.emulator.passwordFor()}`).toString('base64');
      const res = await fetch(`${server.url}/v2/`, { headers: { Authorization: `Basic ${expired}` } });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /expired/);
    } finally {
      server.emulator.setTokenLifetime(12 * 3600_000);
      server.emulator.passwordFor(); // renew for the other tests
    }
  });

  it('tags/list pages with n/last and a relative Link header until the last page', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/v2/team/api/tags/list?n=10';
    let pages = 0;
    while (next) {
      const res = await get(next);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { name: string; tags: string[] };
      assert.equal(body.name, 'team/api');
      seen.push(...body.tags);
      pages++;
      const link = res.headers.get('link');
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
    }
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => `v${String(i).padStart(2, '0')}`),
    );
    assert.equal((await get('/v2/team/api/tags/list?n=5000')).status, 400);
    assert.equal((await get('/v2/no/such/tags/list')).status, 404);
  });

  it('serves an OCI index only to clients that accept it, with Docker-Content-Digest = DescribeImages digest', async () => {
    const described = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/web', imageIds: [{ imageTag: 'oci' }] }));
    const digest = described.imageDetails?.[0].imageDigest;
    const res = await get('/v2/team/web/manifests/oci', { Accept: `${MT.ociIndex}, ${MT.ociManifest}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), MT.ociIndex);
    assert.equal(res.headers.get('docker-content-digest'), digest);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(`sha256:${createHash('sha256').update(body).digest('hex')}`, digest);
    const index = JSON.parse(body.toString('utf8')) as {
      manifests: Array<{ digest: string; platform: { architecture: string; variant?: string } }>;
    };
    assert.deepEqual(
      index.manifests.map((m) => m.platform.architecture),
      ['amd64', 'arm64'],
    );
    const notAccepted = await get('/v2/team/web/manifests/oci', { Accept: MT.dockerManifest });
    assert.equal(notAccepted.status, 404);
    assert.equal(((await notAccepted.json()) as { errors: Array<{ code: string }> }).errors[0].code, 'MANIFEST_UNKNOWN');
    // A platform manifest by digest.
    const child = await get(`/v2/team/web/manifests/${index.manifests[1].digest}`, { Accept: MT.ociManifest });
    assert.equal(child.status, 200);
    const childBody = (await child.json()) as { config: { digest: string } };
    const config = await get(`/v2/team/web/blobs/${childBody.config.digest}`);
    assert.equal(config.status, 200);
    assert.equal(((await config.json()) as { architecture: string; variant: string }).variant, 'v8');
  });

  it('serves a Docker manifest list and a single Docker manifest; HEAD gives the digest without a body', async () => {
    const list = await get('/v2/team/web/manifests/list', { Accept: MT.dockerList });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('content-type'), MT.dockerList);
    const head = await get('/v2/team/web/manifests/single', { Accept: MT.dockerManifest }, 'HEAD');
    assert.equal(head.status, 200);
    assert.match(head.headers.get('docker-content-digest') ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.ok(Number(head.headers.get('content-length')) > 0);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
    assert.equal((await get('/v2/team/web/manifests/nope', { Accept: MT.dockerManifest })).status, 404);
  });

  it('DELETE by digest removes the image (202); by tag is unsupported (400)', async () => {
    server.emulator.putImages('team/tmp', [{ tags: ['gone'] }]);
    const head = await get('/v2/team/tmp/manifests/gone', {}, 'HEAD');
    const digest = head.headers.get('docker-content-digest') ?? '';
    assert.equal((await get('/v2/team/tmp/manifests/gone', {}, 'DELETE')).status, 400);
    assert.equal((await get(`/v2/team/tmp/manifests/${digest}`, {}, 'DELETE')).status, 202);
    assert.equal((await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/tmp' }))).imageDetails?.length, 0);
  });

  it("the token of another account sees that account's repositories", async () => {
    server.emulator.seed({ repositories: [{ name: 'other/only', accountId: '210987654321', images: [{ tags: ['x'] }] }] });
    const other = Buffer.from(`AWS:${server.emulator.passwordFor('210987654321')}`).toString('base64');
    const res = await fetch(`${server.url}/v2/other/only/tags/list`, { headers: { Authorization: `Basic ${other}` } });
    assert.deepEqual(((await res.json()) as { tags: string[] }).tags, ['x']);
    assert.equal((await get('/v2/other/only/tags/list')).status, 404);
  });
});

describe('(unit) ECR emulator: the real docker CLI logs in', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let dockerConfig: string;
  before(async () => {
    server = await startEmulator();
    dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-docker-'));
  });
  after(async () => {
    await server?.stop();
    if (dockerConfig) fs.rmSync(dockerConfig, { recursive: true, force: true });
  });

  it('docker login --password-stdin with the GetAuthorizationToken password succeeds; a wrong one gets 401', async () => {
    const ecr = ecrClient(server.url);
    const tok = await ecr.send(new GetAuthorizationTokenCommand({}));
    ecr.destroy();
    const token = tok.authorizationData?.[0].authorizationToken ?? '';
    const password = Buffer.from(token, 'base64').toString('utf8').slice('AWS:'.length);
    const host = new URL(tok.authorizationData?.[0].proxyEndpoint ?? '').host;
    assert.equal(host, server.host);
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
    const ok = await runCli('docker', ['login', '--username', 'AWS', '--password-stdin', host], password, env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Login Succeeded/);
    const config = JSON.parse(fs.readFileSync(path.join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>;
    };
    assert.equal(config.auths[host].auth, token);
    const bad = await runCli('docker', ['login', '--username', 'AWS', '--password-stdin', host], 'not-the-password', env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /401 Unauthorized/);
    assert.ok((server.emulator.calls('v2.ping') as number) >= 3);
  });
});

describe('(unit) ECR emulator: CLI entry (test/emulator/main.ts)', function () {
  this.timeout(60000);
  it('prints its URLs, serves the demo seed, and exits 0 on SIGTERM', async () => {
    const main = path.join(__dirname, '..', '..', 'emulator', 'main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--seed', 'demo'], {
      cwd: path.join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const info = JSON.parse(line) as { url: string; controlUrl: string };
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const state = (await (await fetch(`${info.controlUrl}/state`)).json()) as {
        accounts: Array<{ accountId: string; regions: Array<{ region: string }> }>;
      };
      assert.deepEqual(state.accounts.map((a) => a.accountId).sort(), ['123456789012', '210987654321']);
      assert.ok(state.accounts.some((a) => a.regions.some((r) => r.region === 'eu-west-1')));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    }
  });
});
