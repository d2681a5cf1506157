// The test/servers helpers: real moto_server and docker-registry start and stop cleanly (no process, no temp dir
// left), missing binaries give a one-line PrerequisiteError, and the daemonless push helper builds real images.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import {
  MediaTypes,
  PrerequisiteError,
  freePort,
  groupAlive,
  pushImage,
  pushMultiArchImage,
  startEmulator,
  startMoto,
  startRegistry,
  type PushTarget,
  type RegistryServer,
} from '../servers';

function httpsGet(
  url: string,
  ca: string | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new assert.AssertionError({ message: 'expected a rejection' });
}

describe('(unit) test servers: moto_server', function () {
  this.timeout(60000);
  it('starts on a free port, resets, and leaves no process behind after stop (idempotent)', async () => {
    const moto = await startMoto();
    try {
      assert.ok(groupAlive(moto.pid));
      const res = await fetch(`${moto.url}/moto-api/`);
      assert.equal(res.status, 200);
      await moto.reset();
    } finally {
      await moto.stop();
    }
    await moto.stop();
    assert.equal(groupAlive(moto.pid), false);
    assert.equal(await portOpen(moto.port), false);
  });

  it('a missing moto_server is a one-line PrerequisiteError naming the fix', async () => {
    const err = await rejection(startMoto({ env: { ...process.env, PATH: '/nonexistent' } }));
    assert.ok(err instanceof PrerequisiteError);
    assert.equal(err.message, "moto_server not found: pip install 'moto[server]'");
  });
});

describe('(unit) test servers: docker-registry', function () {
  this.timeout(60000);

  it('a missing docker-registry is a one-line PrerequisiteError naming the fix', async () => {
    const err = await rejection(startRegistry({ password: 'pw', env: { ...process.env, PATH: '/nonexistent' } }));
    assert.ok(err instanceof PrerequisiteError);
    assert.equal(err.message, 'docker-registry not found: apt-get install -y --no-install-recommends docker-registry');
    assert.ok(!err.message.includes('\n'));
  });

  describe('with TLS and Basic auth', () => {
    let reg: RegistryServer;
    let target: PushTarget;
    before(async () => {
      reg = await startRegistry({ password: 'S3cret-pw', tls: true });
      target = { baseUrl: reg.url, username: 'AWS', password: 'S3cret-pw', caCertPath: reg.caCertPath };
    });
    after(async () => {
      await reg?.stop();
    });

    it('answers /v2/ with a Basic challenge, and 200 with the htpasswd credentials over verified TLS', async () => {
      const ca = fs.readFileSync(reg.caCertPath ?? '', 'utf8');
      const anon = await httpsGet(`${reg.url}/v2/`, ca, {});
      assert.equal(anon.status, 401);
      assert.match(String(anon.headers['www-authenticate']), /^Basic realm="basic-realm"/);
      const ok = await httpsGet(`${reg.url}/v2/`, ca, { Authorization: `Basic ${Buffer.from('AWS:S3cret-pw').toString('base64')}` });
      assert.equal(ok.status, 200);
      assert.equal(reg.host, `127.0.0.1:${reg.port}`);
    });

    it('pushes a single image, an OCI index and a Docker manifest list that the registry serves back by Accept', async () => {
      const ca = fs.readFileSync(reg.caCertPath ?? '', 'utf8');
      const auth = { Authorization: `Basic ${Buffer.from('AWS:S3cret-pw').toString('base64')}` };
      const single = await pushImage(target, 'team/app', 'v1', { format: 'docker', tags: ['latest'] });
      const oci = await pushMultiArchImage(target, 'team/app', 'multi-oci');
      const list = await pushMultiArchImage(target, 'team/app', 'multi-docker', { format: 'docker' });
      const tags = JSON.parse((await httpsGet(`${reg.url}/v2/team/app/tags/list`, ca, auth)).body) as { tags: string[] };
      assert.deepEqual(tags.tags.sort(), ['latest', 'multi-docker', 'multi-oci', 'v1']);
      const m1 = await httpsGet(`${reg.url}/v2/team/app/manifests/latest`, ca, { ...auth, Accept: MediaTypes.dockerManifest });
      assert.equal(m1.headers['docker-content-digest'], single.digest);
      const m2 = await httpsGet(`${reg.url}/v2/team/app/manifests/multi-oci`, ca, { ...auth, Accept: MediaTypes.ociIndex });
      assert.equal(m2.headers['content-type'], MediaTypes.ociIndex);
      assert.equal(m2.headers['docker-content-digest'], oci.digest);
      const platforms = (JSON.parse(m2.body) as { manifests: Array<{ platform: { architecture: string } }> }).manifests.map(
        (m) => m.platform.architecture,
      );
      assert.deepEqual(platforms, ['amd64', 'arm64']);
      const m3 = await httpsGet(`${reg.url}/v2/team/app/manifests/multi-docker`, ca, { ...auth, Accept: MediaTypes.dockerList });
      assert.equal(m3.headers['content-type'], MediaTypes.dockerList);
      assert.equal(m3.headers['docker-content-digest'], list.digest);
      assert.equal(list.manifests.length, 2);
    });
  });

  it('stop() kills the process group and removes the temp dir (idempotent)', async () => {
    const reg = await startRegistry({ password: 'pw' });
    assert.ok(groupAlive(reg.pid));
    assert.ok(fs.existsSync(reg.configDir));
    await reg.stop();
    await reg.stop();
    assert.equal(groupAlive(reg.pid), false);
    assert.equal(fs.existsSync(reg.configDir), false);
    assert.equal(await portOpen(reg.port), false);
  });
});

describe('(unit) test servers: emulator and ports', function () {
  it('startEmulator listens on 127.0.0.1 and stop() closes the port (idempotent)', async () => {
    const emu = await startEmulator();
    assert.equal(emu.url, `http://127.0.0.1:${emu.port}`);
    assert.equal(await portOpen(emu.port), true);
    await emu.stop();
    await emu.stop();
    assert.equal(await portOpen(emu.port), false);
  });

  it('freePort returns a bindable port', async () => {
    const port = await freePort();
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
});
