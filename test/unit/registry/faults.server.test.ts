// RegistryClient against the project's ECR emulator (/v2 with tag paging and fault injection), and against a
// tiny node:http server that impersonates a hostile registry (foreign links, endless pages, oversized bodies).
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient, RegistryError, type RegistryClientOptions } from '../../../src/registry';
import { collect, rejectsWith } from '../helpers/registryHelpers';
import { startEmulator, type EmulatorServer } from '../../servers';

describe('(unit) registry client against the ECR emulator /v2', function () {
  this.timeout(30_000);
  let emu: EmulatorServer;
  const client = (extra: Partial<RegistryClientOptions> = {}): RegistryClient =>
    new RegistryClient({ baseUrl: emu.url, auth: { kind: 'basic', token: emu.emulator.authorizationTokenFor() }, ...extra });

  before(async () => {
    emu = await startEmulator();
    emu.emulator.seed({
      repositories: [
        { name: 'team/app', images: Array.from({ length: 250 }, (_, i) => ({ tags: [`v${String(i).padStart(3, '0')}`] })) },
        {
          name: 'team/multi',
          images: [
            {
              tags: ['latest'],
              platforms: [
                { os: 'linux', architecture: 'amd64' },
                { os: 'linux', architecture: 'arm', variant: 'v7' },
              ],
            },
          ],
        },
      ],
    });
  });
  after(async () => {
    await emu?.stop();
  });
  beforeEach(() => {
    emu.emulator.clearFaults();
    emu.emulator.resetCalls();
  });

  it('pages tags with n/last and Link: 250 tags at n=100 → 3 pages, 3 requests, in order, no duplicates', async () => {
    const pages = await collect(client().tags('team/app', { pageSize: 100 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [100, 100, 50],
    );
    const all = pages.flat();
    assert.equal(new Set(all).size, 250);
    assert.deepEqual(all, [...all].sort());
    assert.equal(emu.emulator.calls('v2.tags'), 3);
  });

  it('reads an ECR OCI index with its platforms', async () => {
    const m = await client().manifest('team/multi', 'latest');
    assert.equal(m.isIndex, true);
    assert.deepEqual(
      m.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`),
      ['linux/amd64', 'linux/arm/v7'],
    );
    // a platform manifest fetched by its digest hashes to that digest
    const child = await client().manifest('team/multi', m.platforms[1].digest);
    assert.equal(child.digest, m.platforms[1].digest);
  });

  it('an expired ECR token → unauthorized (403 DENIED) with the registry text', async () => {
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'expiredToken', times: 1 });
    const err = await rejectsWith(client().manifest('team/multi', 'latest'), 'unauthorized');
    assert.equal(err.status, 403);
    assert.equal(err.registryCode, 'DENIED');
    assert.match(err.message, /expired/);
  });

  it('throttling → tooManyRequests with Retry-After seconds', async () => {
    emu.emulator.fault({ operation: 'v2.tags', kind: 'throttle', times: 1 });
    const err = await rejectsWith(collect(client().tags('team/app')), 'tooManyRequests');
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterSeconds, 1);
    assert.match(err.message, /Try again in 1 s/);
  });

  it('500 and an HTML 502 page → server', async () => {
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'serverError', times: 1 });
    assert.equal((await rejectsWith(client().manifest('team/multi', 'latest'), 'server')).status, 500);
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'html502', times: 1 });
    const err = await rejectsWith(client().manifest('team/multi', 'latest'), 'server');
    assert.equal(err.status, 502);
    assert.ok(!err.message.includes('<html'), err.message);
  });

  it('a 10 MB answer → tooLarge', async () => {
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'huge', times: 1 });
    await rejectsWith(client().manifest('team/multi', 'latest'), 'tooLarge');
  });

  it('malformed JSON → badResponse', async () => {
    emu.emulator.fault({ operation: 'v2.tags', kind: 'malformedJson', times: 1 });
    await rejectsWith(collect(client().tags('team/app')), 'badResponse');
  });

  it('a body cut short and a dropped connection → unreachable', async () => {
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'truncated', times: 1 });
    const cut = await rejectsWith(client().manifest('team/multi', 'latest'), 'unreachable');
    assert.match(cut.message, /closed before the response was complete/);
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'drop', times: 1 });
    await rejectsWith(client().manifest('team/multi', 'latest'), 'unreachable');
  });

  it('a slow registry → timeout; the caller cancelling → cancelled', async () => {
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'latency', ms: 2000, times: 1 });
    const err = await rejectsWith(client({ timeoutMs: 200 }).manifest('team/multi', 'latest'), 'timeout');
    assert.match(err.message, /within 0\.2 s/);
    emu.emulator.fault({ operation: 'v2.manifest', kind: 'latency', ms: 2000, times: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await rejectsWith(client().manifest('team/multi', 'latest', { signal: ac.signal }), 'cancelled');
  });
});

/** A registry that misbehaves on purpose; `routes` maps a pathname to a handler. */
async function hostileRegistry(
  routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'no' }] }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('(unit) registry client against a hostile registry', function () {
  this.timeout(20_000);
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (routes: Parameters<typeof hostileRegistry>[0]): ReturnType<typeof hostileRegistry> => {
    const s = await hostileRegistry(routes);
    servers.push(s);
    return s;
  };
  const anon = (url: string, extra: Partial<RegistryClientOptions> = {}): RegistryClient =>
    new RegistryClient({ baseUrl: url, auth: { kind: 'basic', token: Buffer.from('AWS:secret').toString('base64') }, ...extra });

  it('refuses a next-page Link to another host/port and never contacts it', async () => {
    const elsewhere = await start({ '/v2/_catalog': (_q, r) => json(r, 200, { repositories: ['stolen'] }) });
    const reg = await start({
      '/v2/_catalog': (_q, r) => json(r, 200, { repositories: ['a', 'b'] }, { Link: `<${elsewhere.url}/v2/_catalog?last=b>; rel="next"` }),
    });
    const pages: string[][] = [];
    const err = await rejectsWith(
      (async () => {
        for await (const p of anon(reg.url).catalog()) pages.push(p);
      })(),
      'foreignLink',
    );
    assert.deepEqual(pages, [['a', 'b']]); // the page that carried the link is still delivered
    assert.ok(err.message.includes(elsewhere.url.replace('http://', '')), err.message);
    assert.deepEqual(elsewhere.hits, []);
  });

  it('refuses a scheme change (https link from an http registry) and a protocol-relative link', async () => {
    for (const link of ['https://127.0.0.1:1/v2/_catalog?last=a', '//evil.invalid/v2/_catalog']) {
      const reg = await start({ '/v2/_catalog': (_q, r) => json(r, 200, { repositories: ['a'] }, { Link: `<${link}>; rel="next"` }) });
      await rejectsWith(collect(anon(reg.url).catalog()), 'foreignLink');
    }
  });

  it('refuses a redirect to another origin (credentials never follow)', async () => {
    const elsewhere = await start({});
    const reg = await start({
      '/v2/team/app/manifests/v1': (_q, r) => {
        r.writeHead(307, { Location: `${elsewhere.url}/v2/team/app/manifests/v1` });
        r.end();
      },
    });
    await rejectsWith(anon(reg.url).manifest('team/app', 'v1'), 'foreignLink');
    assert.deepEqual(elsewhere.hits, []);
  });

  it('stops a registry that sends the same next page forever', async () => {
    const reg = await start({
      '/v2/_catalog': (_q, r) => json(r, 200, { repositories: ['a'] }, { Link: '</v2/_catalog?last=a&n=1>; rel="next"' }),
    });
    const err = await rejectsWith(collect(anon(reg.url).catalog()), 'badResponse');
    assert.match(err.message, /same next page twice/);
    assert.equal(reg.hits.length, 2);
  });

  it('stops after maxPages distinct pages', async () => {
    let n = 0;
    const reg = await start({
      '/v2/_catalog': (_q, r) => json(r, 200, { repositories: [`r${n}`] }, { Link: `</v2/_catalog?last=r${n++}>; rel="next"` }),
    });
    await rejectsWith(collect(anon(reg.url, { maxPages: 5 }).catalog()), 'tooLarge');
    assert.equal(reg.hits.length, 5);
  });

  it('stops reading a chunked body (no Content-Length) at maxBytes', async () => {
    let written = 0;
    const reg = await start({
      '/v2/team/app/manifests/big': (_q, r) => {
        r.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (written < 50 * 1024 * 1024 && !r.destroyed) {
            written += chunk.length;
            if (!r.write(chunk)) return void r.once('drain', pump);
          }
          r.end();
        };
        r.on('close', () => undefined);
        pump();
      },
    });
    const err = await rejectsWith(anon(reg.url, { maxBytes: 1024 * 1024 }).manifest('team/app', 'big'), 'tooLarge');
    assert.match(err.message, /1 MiB limit/);
    assert.ok(written < 50 * 1024 * 1024, `server wrote ${written} bytes: the client should have stopped reading`);
  });

  it('rejects a manifest whose body does not hash to the requested digest', async () => {
    const body = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] });
    const wrong = `sha256:${createHash('sha256').update('something else').digest('hex')}`;
    const reg = await start({
      [`/v2/team/app/manifests/${wrong}`]: (_q, r) => {
        r.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': wrong });
        r.end(body);
      },
    });
    const err = await rejectsWith(anon(reg.url).manifest('team/app', wrong), 'badResponse');
    assert.match(err.message, /does not match the requested digest/);
  });

  it('computes the digest with sha256 when Docker-Content-Digest is absent', async () => {
    const body = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] });
    const reg = await start({
      '/v2/team/app/manifests/v1': (_q, r) => {
        r.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
        r.end(body);
      },
    });
    const m = await anon(reg.url).manifest('team/app', 'v1');
    assert.equal(m.digest, `sha256:${createHash('sha256').update(body).digest('hex')}`);
    assert.equal(m.size, Buffer.byteLength(body));
  });

  it('malformed index entries and non-JSON bodies → badResponse', async () => {
    const reg = await start({
      '/v2/a/manifests/index': (_q, r) =>
        json(r, 200, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ digest: 'nope' }] }),
      '/v2/a/manifests/html': (_q, r) => {
        r.writeHead(200, { 'Content-Type': 'text/html' });
        r.end('<html>login page</html>');
      },
      '/v2/a/tags/list': (_q, r) => json(r, 200, { name: 'a', tags: [1, 2] }),
    });
    await rejectsWith(anon(reg.url).manifest('a', 'index'), 'badResponse');
    await rejectsWith(anon(reg.url).manifest('a', 'html'), 'badResponse');
    await rejectsWith(collect(anon(reg.url).tags('a')), 'badResponse');
  });

  it('strips escape sequences and bidi controls from registry error text and platform names', async () => {
    const reg = await start({
      '/v2/a/manifests/v1': (_q, r) =>
        json(r, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: '\x1b]0;pwned\x07\x1b[31mgone\u202E' }] }),
      '/v2/a/manifests/idx': (_q, r) =>
        json(r, 200, {
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [{ digest: `sha256:${'b'.repeat(64)}`, size: 1, platform: { os: 'linux\x1b[2J', architecture: 'amd64\u202E' } }],
        }),
    });
    const err = await rejectsWith(anon(reg.url).manifest('a', 'v1'), 'notFound');
    assert.equal(err.registryCode, 'MANIFEST_UNKNOWN');
    assert.ok(err.message.includes('gone') && !['\x1b', '\x07', '\u202e', 'pwned'].some((c) => err.message.includes(c)), err.message);
    const m = await anon(reg.url).manifest('a', 'idx');
    assert.deepEqual([m.platforms[0].os, m.platforms[0].architecture], ['linux', 'amd64']);
  });

  it('429 with an HTTP-date Retry-After', async () => {
    const now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const reg = await start({
      '/v2/': (_q, r) =>
        json(
          r,
          429,
          { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] },
          { 'Retry-After': new Date(now + 90_000).toUTCString() },
        ),
    });
    const err = await rejectsWith(anon(reg.url, { clock: () => now }).ping(), 'tooManyRequests');
    assert.equal(err.retryAfterSeconds, 90);
  });

  it('does not send credentials to a plain-HTTP token realm on another host', async () => {
    const tokenService = await start({ '/token': (_q, r) => json(r, 200, { token: 'x' }) });
    const reg = await start({
      '/v2/': (_q, r) =>
        json(
          r,
          401,
          { errors: [{ code: 'UNAUTHORIZED' }] },
          { 'WWW-Authenticate': `Bearer realm="${tokenService.url}/token",service="evil"` },
        ),
    });
    const err = await rejectsWith(anon(reg.url).ping(), 'unauthorized');
    assert.match(err.message, /over plain HTTP on another host/);
    assert.deepEqual(tokenService.hits, []);
  });

  it('refuses a base URL carrying credentials or an unknown scheme', () => {
    assert.throws(
      () => anon('https://AWS:secret@registry.example'),
      (e: unknown) => e instanceof RegistryError && e.code === 'invalidInput' && !e.message.includes('secret'),
    );
    assert.throws(() => anon('ftp://registry.example'), /Not a registry URL/);
    assert.throws(() => anon('registry.example:5000'), /Not a registry URL/);
  });
});
