// Bearer (Docker token protocol) end to end: Debian's docker-registry configured with `auth: token`, which
// verifies ES256 JWTs against a certificate bundle, and a minimal token issuer written here (the registry ships
// none). The registry is the real component under test; the issuer signs real tokens the registry checks.
import { strict as assert } from 'node:assert';
import { createPrivateKey, sign, X509Certificate, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Agent } from 'undici';
import { RegistryClient, RegistryError, type RegistryClientOptions } from '../../../src/registry';
import {
  findExecutable,
  freePort,
  makeTempDir,
  removeTempDir,
  runTool,
  spawnManaged,
  waitForHttp,
  type ManagedProcess,
} from '../../servers/process';
import { pushImage, registryConfig, startRegistry } from '../../servers';

const PASSWORD = 'bearer-pw';
const SERVICE = 'ecrx-test-registry';
const ISSUER = 'ecrx-test-issuer';
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

interface TokenRequest {
  authorization?: string;
  service: string | null;
  scopes: string[];
}

describe('(unit) registry client Bearer auth against docker-registry with token auth', function () {
  this.timeout(60_000);
  let dir: string;
  let proc: ManagedProcess | undefined;
  let issuer: https.Server;
  let agent: Agent;
  let registryUrl: string;
  let tokenRequests: TokenRequest[];

  before(async () => {
    dir = makeTempDir('ecrx-bearer-');
    const openssl = findExecutable('openssl', 'apt-get install -y openssl');
    const keyPath = path.join(dir, 'key.pem');
    const certPath = path.join(dir, 'cert.pem');
    await runTool(openssl, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=ecrx-token-issuer',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    const key = createPrivateKey(fs.readFileSync(keyPath));
    const certDer = new X509Certificate(fs.readFileSync(certPath)).raw;

    // Fill the storage through a Basic-auth registry first (the push helpers speak Basic), then serve it with token auth.
    const storageDir = path.join(dir, 'storage');
    fs.mkdirSync(storageDir);
    const seed = await startRegistry({ password: PASSWORD, storageDir });
    try {
      await pushImage({ baseUrl: seed.url, username: 'AWS', password: PASSWORD }, 'team/app', 'v1');
    } finally {
      await seed.stop();
    }

    // The token issuer: Basic AWS:<PASSWORD> gets what it asks for; anonymous gets pull only; wrong → 401.
    tokenRequests = [];
    issuer = https.createServer({ key: fs.readFileSync(keyPath), cert: fs.readFileSync(certPath) }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const scopes = url.searchParams.getAll('scope');
      tokenRequests.push({ authorization: req.headers.authorization, service: url.searchParams.get('service'), scopes });
      let anonymous = true;
      if (req.headers.authorization) {
        const expected = `Basic ${Buffer.from(`AWS:${PASSWORD}`).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          res.writeHead(401, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ details: 'incorrect username or password' }));
          return;
        }
        anonymous = false;
      }
      const access = scopes.map((s) => {
        const [type, name, actions] = s.split(':');
        const granted = (actions ?? '').split(',').filter((a) => !anonymous || a === 'pull');
        return { type, name, actions: granted };
      });
      const now = Math.floor(Date.now() / 1000);
      const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] };
      const claims = {
        iss: ISSUER,
        sub: anonymous ? '' : 'AWS',
        aud: SERVICE,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access,
      };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
      const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token: `${input}.${b64url(signature)}`, expires_in: 300, issued_at: new Date().toISOString() }));
    });
    await new Promise<void>((r) => issuer.listen(0, '127.0.0.1', r));
    const issuerPort = (issuer.address() as AddressInfo).port;

    const port = await freePort();
    const config = registryConfig(storageDir, port, {
      auth: [
        '  token:',
        `    realm: https://127.0.0.1:${issuerPort}/token`,
        `    service: ${SERVICE}`,
        `    issuer: ${ISSUER}`,
        `    rootcertbundle: ${certPath}`,
      ],
    });
    fs.writeFileSync(path.join(dir, 'config.yml'), config);
    const bin = findExecutable('docker-registry', 'apt-get install -y --no-install-recommends docker-registry');
    proc = spawnManaged(bin, ['serve', path.join(dir, 'config.yml')], { cwd: dir });
    registryUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${registryUrl}/v2/`, proc, 20_000, 'docker-registry (token auth)');
    // The issuer's certificate is private: trust it for this test through a dispatcher.
    agent = new Agent({ connect: { ca: fs.readFileSync(certPath) } });
  });

  after(async () => {
    await proc?.stop();
    await new Promise<void>((r) => (issuer ? issuer.close(() => r()) : r()));
    await agent?.close();
    if (dir) removeTempDir(dir);
  });

  beforeEach(() => {
    tokenRequests = [];
  });

  const client = (auth: RegistryClientOptions['auth']): RegistryClient =>
    new RegistryClient({ baseUrl: registryUrl, auth, dispatcher: agent as unknown as RegistryClientOptions['dispatcher'] });
  const basic = { kind: 'basic' as const, token: Buffer.from(`AWS:${PASSWORD}`).toString('base64') };

  it('answers the challenge: token from the realm with Basic credentials, then the call succeeds', async () => {
    const c = client(basic);
    assert.deepEqual(await c.ping(), { ok: true });
    assert.equal(tokenRequests.length, 1);
    assert.equal(tokenRequests[0].service, SERVICE);
    assert.equal(tokenRequests[0].authorization, `Basic ${basic.token}`);

    const m = await c.manifest('team/app', 'v1');
    assert.equal(m.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.deepEqual(tokenRequests[1].scopes, ['repository:team/app:pull']);
    const tags = [];
    for await (const page of c.tags('team/app')) tags.push(...page);
    assert.deepEqual(tags, ['v1']);
    // the pull token for team/app was cached: tags/list reused it
    assert.equal(tokenRequests.length, 2);
  });

  it('catalog with the registry:catalog:* scope', async () => {
    const names = [];
    for await (const page of client(basic).catalog()) names.push(...page);
    assert.deepEqual(names, ['team/app']);
    assert.ok(tokenRequests.some((t) => t.scopes.includes('registry:catalog:*')));
  });

  it('anonymous pull works without credentials (none sent to the realm)', async () => {
    const m = await client({ kind: 'none' }).manifest('team/app', 'v1');
    assert.equal(m.isIndex, false);
    assert.ok(tokenRequests.length >= 1 && tokenRequests.every((t) => t.authorization === undefined));
  });

  it('wrong credentials: the token service refuses → unauthorized', async () => {
    const c = client({ kind: 'basic', token: Buffer.from('AWS:wrong').toString('base64') });
    const err = await c.manifest('team/app', 'v1').then(
      () => assert.fail('expected unauthorized'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RegistryError && err.code === 'unauthorized', String(err));
    assert.equal(err.status, 401);
  });

  it('a token without the needed action is refused by the registry → unauthorized, after one fresh-token retry', async () => {
    // anonymous tokens carry pull only; delete needs more
    const c = client({ kind: 'none' });
    const m = await c.manifest('team/app', 'v1');
    const err = await c.deleteManifest('team/app', m.digest).then(
      () => assert.fail('expected unauthorized'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RegistryError && err.code === 'unauthorized', String(err));
    // one token up front, one fresh token after the refusal, then it gives up
    assert.equal(tokenRequests.filter((t) => t.scopes.includes('repository:team/app:delete')).length, 2);
  });
});
