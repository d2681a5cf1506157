// The digest of a manifest fetched by tag is computed from the bytes received, never taken from the server's
// Docker-Content-Digest header (Copy Digest URI / Copy Pinned URI copy it).
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient } from '../../../src/registry';

describe('(unit) registry: manifest digest from the bytes', () => {
  const body = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [] });
  const lie = `sha256:${'0'.repeat(64)}`;
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': lie }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a lying Docker-Content-Digest header is ignored', async () => {
    const info = await new RegistryClient({ baseUrl: base, auth: { kind: 'none' } }).manifest('team/app', 'v1');
    assert.equal(info.digest, `sha256:${createHash('sha256').update(body).digest('hex')}`);
    assert.notEqual(info.digest, lie);
  });
});
