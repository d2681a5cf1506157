// Parsing `<cli> images` output of podman (one array) and docker/nerdctl/finch (one object per line), defensively.
import { strict as assert } from 'node:assert';
import { parseLocalImages, parseSize } from '../../../src/login/localImages';

const id = (c: string) => c.repeat(64);

describe('(unit) push: local images from `<cli> images`', () => {
  it('podman: one entry per name, the image id for a dangling image, newest first and dangling last', () => {
    const out = JSON.stringify([
      { Id: id('a'), Names: ['localhost/old:1'], Size: 3540, Created: 1700000000, Digest: 'sha256:' + id('d') },
      { Id: id('b'), Names: ['localhost/app:2', 'quay.io/x/app:latest'], Size: 10, Created: 1800000000 },
      { Id: id('c'), Names: null, Size: 5, Created: 1900000000 },
    ]);
    const images = parseLocalImages('podman', out);
    assert.deepEqual(
      images.map((i) => [i.ref, i.dangling]),
      [
        ['localhost/app:2', false],
        ['quay.io/x/app:latest', false],
        ['localhost/old:1', false],
        [id('c'), true],
      ],
    );
    assert.equal(images[2].sizeBytes, 3540);
    assert.equal(images[2].digest, 'sha256:' + id('d'));
    assert.equal(images[2].createdAt?.toISOString(), '2023-11-14T22:13:20.000Z');
    assert.equal(images[0].repository, 'localhost/app');
    assert.equal(images[0].tag, '2');
  });

  it('docker: one JSON object per line, <none> is dangling, human sizes, its date format; a registry port is not a tag', () => {
    const lines = [
      '{"Containers":"N/A","CreatedAt":"2024-05-01 10:20:30 +0000 UTC","CreatedSince":"2 weeks ago","Digest":"\\u003cnone\\u003e","ID":"sha256:' +
        id('1') +
        '","Repository":"nginx","SharedSize":"N/A","Size":"187MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"187.1MB"}',
      '{"CreatedAt":"2024-06-01 10:20:30 +0000 UTC","ID":"sha256:' +
        id('2') +
        '","Repository":"localhost:5000/team/app","Size":"3.54kB","Tag":"v2"}',
      '{"CreatedAt":"2024-07-01 10:20:30 +0000 UTC","ID":"sha256:' +
        id('3') +
        '","Repository":"\\u003cnone\\u003e","Size":"1GB","Tag":"\\u003cnone\\u003e"}',
      'WARNING: something the CLI printed',
    ].join('\n');
    const images = parseLocalImages('docker', lines);
    assert.deepEqual(
      images.map((i) => i.ref),
      ['localhost:5000/team/app:v2', 'nginx:latest', id('3')],
    );
    assert.equal(images[0].repository, 'localhost:5000/team/app');
    assert.equal(images[1].sizeBytes, 187_000_000);
    assert.equal(images[1].createdAt?.toISOString(), '2024-05-01T10:20:30.000Z');
    assert.equal(images[2].dangling, true);
  });

  it('nerdctl/finch lines (MiB sizes, short ids) parse the same way', () => {
    const line = JSON.stringify({
      CreatedAt: '2024-05-01 10:20:30 +0000 UTC',
      Digest: 'sha256:' + id('e'),
      ID: 'abcdef123456',
      Repository: 'alpine',
      Tag: '3.19',
      Size: '7.4 MiB',
      Platform: 'linux/amd64',
    });
    for (const cli of ['nerdctl', 'finch'] as const) {
      const [img] = parseLocalImages(cli, line);
      assert.equal(img.ref, 'alpine:3.19');
      assert.equal(img.id, 'abcdef123456');
      assert.equal(img.sizeBytes, Math.round(7.4 * 1024 * 1024));
    }
  });

  it('defensive: garbage, wrong types, hostile names and duplicates are dropped, never thrown', () => {
    assert.deepEqual(parseLocalImages('podman', ''), []);
    assert.deepEqual(parseLocalImages('podman', 'Error: no such thing'), []);
    assert.deepEqual(parseLocalImages('docker', '{"ID": 5}\n[1,2]\n{nope'), []);
    const hostile = JSON.stringify([
      { Id: id('f'), Names: ['evil/\u001b[31mred:1', '--help:1', 'ok/app:1', 'ok/app:1', 42] },
      { Id: 'not-hex', Names: ['x/y:1'] },
    ]);
    const images = parseLocalImages('podman', hostile);
    assert.deepEqual(
      images.map((i) => i.ref),
      ['ok/app:1'],
    );
    assert.equal(parseSize('12 parsecs'), undefined);
    assert.equal(parseSize(-1), undefined);
    assert.equal(parseSize('1.5GiB'), Math.round(1.5 * 1024 ** 3));
  });
});
