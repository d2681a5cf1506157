// Bearer token realms chosen by the registry: Basic credentials go to the registry's own host only, another host
// needs the user's yes (asked once), and loopback/private/link-local realms the registry is not on are never
// contacted. The registry is a real HTTP server on 127.0.0.1; requests to any other host are answered by the
// recording fetch below and never leave the process.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient } from '../../../src/registry';
import { addressClass, mayReachResolved, type ResolveHost } from '../../../src/registry/addresses';
import { rejectsWith } from '../helpers/registryHelpers';

const BASIC = Buffer.from('user:s3cret-pw').toString('base64');

describe('(unit) registry: Bearer realm rules', () => {
  let server: http.Server;
  let base: string;
  let realm = '';
  let sent: Array<{ url: string; authorization: string | undefined }>;

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.headers.authorization === 'Bearer good') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${realm}",service="svc"`, 'Content-Type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (sent = []));

  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    sent.push({ url: url.href, authorization: headers.Authorization });
    if (url.origin === base) return fetch(url, init);
    return new Response(JSON.stringify({ token: 'good', expires_in: 300 }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  // What the names below stand for (a stand-in DNS: these names exist nowhere, and nothing is sent to them).
  const names: Record<string, string[]> = {
    'metadata.example': ['169.254.169.254'],
    'intranet.example': ['10.0.0.7'],
    'mixed.example': ['93.184.216.34', '10.0.0.8'],
    'auth.example': ['93.184.216.34'],
  };
  const resolved: string[] = [];
  const resolveHost: ResolveHost = async (name) => {
    resolved.push(name);
    const found = names[name];
    if (!found) throw new Error(`ENOTFOUND ${name}`);
    return found;
  };

  function client(confirmRealm?: (origin: string) => Promise<boolean>, auth: 'basic' | 'none' = 'basic'): RegistryClient {
    return new RegistryClient({
      baseUrl: base,
      auth: auth === 'basic' ? { kind: 'basic', token: BASIC } : { kind: 'none' },
      fetch: recordingFetch,
      resolveHost,
      ...(confirmRealm ? { confirmRealm } : {}),
    });
  }
  const toRealm = () => sent.filter((s) => !s.url.startsWith(base));

  it('a realm on another host without a confirmation: nothing is sent there, the call fails clearly', async () => {
    realm = 'https://localhost:9/token';
    const err = await rejectsWith(client().ping(), 'unauthorized');
    assert.match(err.message, /registry\.realmDeclined.*localhost:9/);
    assert.deepEqual(toRealm(), []);
  });

  it('a realm on another host: asked once per host; no → never sent, yes → sent and the call succeeds', async () => {
    realm = 'https://localhost:9/token';
    const asked: string[] = [];
    const no = client(async (origin) => (asked.push(origin), false));
    await rejectsWith(no.ping(), 'unauthorized');
    await rejectsWith(no.ping(), 'unauthorized');
    assert.deepEqual(asked, ['https://localhost:9']);
    assert.deepEqual(toRealm(), []);
    const yes = client(async (origin) => (asked.push(origin), true));
    await yes.ping();
    await yes.ping();
    assert.equal(asked.length, 2, 'one more question for the second client, none for its second call');
    assert.ok(toRealm().length >= 1);
    assert.ok(toRealm().every((s) => s.authorization === `Basic ${BASIC}`));
  });

  it("the registry's own host (another port, https) gets the credentials without a question", async () => {
    realm = 'https://127.0.0.1:9/token';
    await client(async () => assert.fail('must not ask')).ping();
    assert.equal(toRealm()[0]?.authorization, `Basic ${BASIC}`);
  });

  for (const internal of ['http://169.254.169.254/latest/meta-data/token', 'https://10.0.0.5/token', 'https://[fe80::1]/token']) {
    it(`a realm on ${new URL(internal).hostname} is never contacted, with or without credentials`, async () => {
      realm = internal;
      for (const c of [client(async () => true), client(undefined, 'none')]) {
        const err = await rejectsWith(c.ping(), 'unauthorized');
        assert.match(err.message, /registry\.internalRealm/);
      }
      assert.deepEqual(toRealm(), []);
    });
  }

  for (const name of ['metadata.example', 'intranet.example', 'mixed.example']) {
    it(`a realm named ${name} (it resolves to ${names[name].join(', ')}) is never contacted`, async () => {
      realm = `https://${name}/token`;
      resolved.length = 0;
      for (const c of [client(async () => true), client(undefined, 'none')]) {
        const err = await rejectsWith(c.ping(), 'unauthorized');
        assert.match(err.message, /registry\.internalRealm/);
      }
      assert.ok(resolved.includes(name), 'the name was resolved before anything was sent');
      assert.deepEqual(toRealm(), []);
    });
  }

  it('a realm name that resolves to public addresses only is treated as another host (asked, then used)', async () => {
    realm = 'https://auth.example/token';
    const asked: string[] = [];
    await client(async (origin) => (asked.push(origin), true)).ping();
    assert.deepEqual(asked, ['https://auth.example']);
    assert.equal(toRealm()[0]?.authorization, `Basic ${BASIC}`);
  });

  it('resolved address classes: a registry reached by a private name may use a realm in its own network', async () => {
    assert.equal(await mayReachResolved('intranet.example', '10.0.0.9', resolveHost), true);
    assert.equal(await mayReachResolved('intranet.example', 'metadata.example', resolveHost), false);
    assert.equal(await mayReachResolved('127.0.0.1', 'mixed.example', resolveHost), false);
    assert.equal(await mayReachResolved('127.0.0.1', 'auth.example', resolveHost), true);
    assert.equal(await mayReachResolved('127.0.0.1', 'unknown.example', resolveHost), true, 'a name without addresses cannot be reached');
  });

  it('address classes', () => {
    const table: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'],
      ['localhost', 'loopback'],
      ['[::1]', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['169.254.169.254', 'linkLocal'],
      ['[fe80::1]', 'linkLocal'],
      ['[::ffff:a9fe:a9fe]', 'linkLocal'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['[fd00::1]', 'private'],
      ['0.0.0.0', 'unspecified'],
      ['registry.example.com', 'public'],
      ['8.8.8.8', 'public'],
    ];
    for (const [host, cls] of table) assert.equal(addressClass(host), cls, host);
  });

  it('address classes decide what a registry may reach (a name that does not resolve stands for itself)', async () => {
    const noDns: ResolveHost = (name) => Promise.reject(new Error(`ENOTFOUND ${name}`));
    assert.ok(await mayReachResolved('127.0.0.1', 'localhost', noDns));
    assert.ok(await mayReachResolved('10.0.0.1', '10.0.0.2', noDns));
    assert.equal(await mayReachResolved('127.0.0.1', '169.254.169.254', noDns), false);
    assert.equal(await mayReachResolved('registry.example.com', '127.0.0.1', noDns), false);
  });
});
