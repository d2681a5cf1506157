// The reference scanner on a corpus of realistic files (test/fixtures/references/): every reference with the exact
// range of the text it was read from and of the parts quick fixes edit; hostile and templated text.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageReference, TextRange } from '../../../src/references/imageReference';
import { LineIndex, referenceAt } from '../../../src/references/imageReference';
import { fileKindOf, MAX_REFERENCES_PER_DOCUMENT, scanReferences } from '../../../src/references/scanner';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'references');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const r = (x: TextRange | undefined): string => (x ? `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}` : '-');

/** One line per reference: uri | range | repository | tag | digest | removal | pin | other ranges. */
function describeRef(ref: ImageReference): string {
  const pin = ref.pinPosition ? `${ref.pinPosition.line}:${ref.pinPosition.character}` : '-';
  const others = (ref.otherRanges ?? []).map(r).join(',') || '-';
  const flags = `${ref.source}${ref.implicitLatest ? ' latest' : ''}${ref.pinIntoDigestKey ? ' digestKey' : ''}`;
  return [
    ref.uri,
    flags,
    r(ref.range),
    r(ref.repositoryRange),
    r(ref.tagRange),
    r(ref.digestRange),
    r(ref.digestRemovalRange),
    pin,
    others,
  ].join(' | ');
}

function scanFixture(name: string): ImageReference[] {
  const kind = fileKindOf(name);
  assert.ok(kind, `no kind for ${name}`);
  const result = scanReferences(read(name), kind);
  assert.equal(result.truncated, false);
  return [...result.references];
}

/** The document text a range covers (single-line ranges). */
function textAt(text: string, range: TextRange): string {
  assert.equal(range.start.line, range.end.line, 'single-line range');
  const line = text.split(/\r\n|\n|\r/)[range.start.line]!;
  return line.slice(range.start.character, range.end.character);
}

/** Every range of a reference covers the text it claims (independent of the expected tables below). */
function assertRangesCoverText(text: string, ref: ImageReference): void {
  if (ref.tagRange && ref.tag !== undefined && !ref.implicitLatest) assert.equal(textAt(text, ref.tagRange), ref.tag);
  if (ref.digestRange) assert.equal(textAt(text, ref.digestRange), ref.digest);
  if (ref.repositoryRange) assert.equal(textAt(text, ref.repositoryRange), `${ref.host}/${ref.repository}`);
  if (ref.source !== 'dockerfile' && ref.source !== 'helm') assert.equal(textAt(text, ref.range), ref.uri);
}

const D1 = 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
const D2 = 'sha256:9b2c4f0e1d3a5b7c9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d';
const D3 = 'sha256:0c2e4f6a8b0c2d4e6f8a0b2c4d9b2c4f0e1d3a5b7c9e1f2a4b6c8d0e2f4a6b8c';
const D4 = 'sha256:6f8a0b2c4d9b2c4f0e1d3a5b7c9e1f2a4b6c8d0e2f4a6b8c0c2e4f6a8b0c2d4e';
const EU = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const US = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

const expected: Record<string, string[]> = {
  'deployment.yaml': [
    `${EU}/payments/migrations:2.4.0 | yaml | 17:17-17:87 | 17:17-17:81 | 17:82-17:87 | - | - | 17:87 | -`,
    `${EU}/payments/api:1.8.3 | yaml | 21:18-21:81 | 21:18-21:75 | 21:76-21:81 | - | - | 21:81 | -`,
    `public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod | yaml | 25:18-25:73 | 25:18-25:58 | 25:59-25:73 | - | - | 25:73 | -`,
    `${EU}/payments/reconcile@${D1} | yaml | 41:21-41:156 | 41:21-41:84 | - | 41:85-41:156 | 41:84-41:156 | - | -`,
    `210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com/platform/tools:3.1.0@${D2} | yaml | 52:13-52:159 | 52:13-52:81 | 52:82-52:87 | 52:88-52:159 | 52:87-52:159 | 52:87 | -`,
    `123456789012.dkr-ecr.eu-west-1.on.aws/payments/sidecar | yaml latest | 54:13-54:67 | 54:13-54:67 | - | - | - | 54:67 | -`,
  ],
  'values.yaml': [
    `${EU}/payments/api:1.8.3 | helm | 4:14-4:71 | 4:14-4:71 | 5:8-5:13 | - | - | 5:13 | 5:8-5:13`,
    `${US}/payments/worker:2.0.1 | helm digestKey | 11:16-11:31 | - | 12:9-12:14 | - | - | 13:13 | 12:9-12:14,10:14-10:58`,
    `${EU}/payments/migrations:2.4.0@${D3} | helm | 17:16-17:80 | 17:16-17:80 | 18:9-18:14 | 19:12-19:83 | 19:12-19:83 | 18:14 | 18:9-18:14,19:12-19:83`,
    `${EU}/platform/fluent-bit:3.0.4 | yaml | 28:11-28:81 | 28:11-28:75 | 28:76-28:81 | - | - | 28:81 | -`,
  ],
  'task-definition.json': [
    `${EU}/payments/api:1.8.3 | json | 9:16-9:79 | 9:16-9:73 | 9:74-9:79 | - | - | 9:79 | -`,
    `public.ecr.aws/xray/aws-xray-daemon:3.3.10 | json | 16:16-16:58 | 16:16-16:51 | 16:52-16:58 | - | - | 16:58 | -`,
    `${EU}/vendor/datadog-agent | json latest | 21:16-21:81 | 21:16-21:81 | - | - | - | 21:81 | -`,
  ],
  'deploy-workflow.yml': [
    `${US}/ci/node-builder:20.11.1 | yaml | 7:15-7:83 | 7:15-7:75 | 7:76-7:83 | - | - | 7:83 | -`,
    `${US}/ci/postgres:16.2 | yaml | 10:15-10:76 | 10:15-10:71 | 10:72-10:76 | - | - | 10:76 | -`,
    `${US}/ci/linter:1.4.0 | yaml | 15:23-15:83 | 15:23-15:77 | 15:78-15:83 | - | - | 15:83 | -`,
    `${US}/ci/deployer:5.0.0 | yaml | 22:13-22:75 | 22:13-22:69 | 22:70-22:75 | - | - | 22:75 | -`,
  ],
  Dockerfile: [
    // ${REGISTRY}/base/node:${NODE_TAG}: the tag lives in the ARG line, so that is where it is edited.
    `${EU}/base/node:20.11.1 | dockerfile | 5:31-5:64 | - | 2:13-2:20 | - | - | 2:20 | 1:13-1:57,2:13-2:20`,
    `${EU}/base/distroless:nonroot@${D4} | dockerfile | 10:5-10:145 | 10:5-10:65 | 10:66-10:73 | 10:74-10:145 | 10:73-10:145 | 10:73 | -`,
    `${EU}/tools/tini:0.19.0 | dockerfile | 12:12-12:74 | 12:12-12:67 | 12:68-12:74 | - | - | 12:74 | -`,
    `${EU}/base/debug | dockerfile latest | 15:2-15:57 | 15:2-15:57 | - | - | - | 15:57 | -`,
    // FROM ${BASE_IMAGE}: an ARG whose default uses another ARG, both literal.
    `${EU}/base/node:20.11.1 | dockerfile | 16:5-16:18 | 3:16-3:70 | 2:13-2:20 | - | - | 2:20 | 3:16-3:82`,
  ],
  'compose.yaml': [
    `${EU}/payments/api:1.8.3 | yaml | 2:11-2:74 | 2:11-2:68 | 2:69-2:74 | - | - | 2:74 | -`,
    `${EU}/payments/cache:7.2 | yaml | 7:18-7:81 | 7:18-7:77 | 7:78-7:81 | - | - | 7:81 | -`,
  ],
  'main.tf': [
    `${EU}/payments/api:1.8.3 | terraform | 2:15-2:78 | 2:15-2:72 | 2:73-2:78 | - | - | 2:78 | -`,
    `${EU}/payments/worker:2.0.1 | terraform | 12:15-12:81 | 12:15-12:75 | 12:76-12:81 | - | - | 12:81 | -`,
    `${EU}/payments/legacy:0.9.0 | terraform | 20:34-20:100 | 20:34-20:94 | 20:95-20:100 | - | - | 20:100 | -`,
    `${EU}/media/thumbnails | terraform latest | 27:19-27:80 | 27:19-27:80 | - | - | - | 27:80 | -`,
  ],
  'template.yaml': [
    `${EU}/payments/api:1.8.3 | yaml | 7:17-7:80 | 7:17-7:74 | 7:75-7:80 | - | - | 7:80 | -`,
    `123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/media/resize:4.0.0 | yaml | 15:18-15:85 | 15:18-15:79 | 15:80-15:85 | - | - | 15:85 | -`,
  ],
};

describe('(unit) references scanner: corpus', () => {
  for (const [name, lines] of Object.entries(expected)) {
    it(`finds every reference in ${name} with exact ranges`, () => {
      const refs = scanFixture(name);
      assert.deepEqual(refs.map(describeRef), lines);
      const text = read(name);
      for (const ref of refs) assertRangesCoverText(text, ref);
    });
  }

  it('parses registry, region and partition variants of the host', () => {
    const refs = scanFixture('deployment.yaml');
    assert.deepEqual(refs[0]!.ecr, { kind: 'private', registryId: '123456789012', region: 'eu-west-1', fips: false, dualStack: false });
    assert.deepEqual(refs[4]!.ecr, { kind: 'private', registryId: '210987654321', region: 'us-gov-west-1', fips: true, dualStack: false });
    assert.deepEqual(refs[5]!.ecr, { kind: 'private', registryId: '123456789012', region: 'eu-west-1', fips: false, dualStack: true });
    assert.deepEqual(refs[2]!.ecr, { kind: 'public' });
    assert.equal(refs[2]!.repository, 'appmesh/aws-appmesh-envoy');
  });

  it('finds the reference under a position, including a Helm tag line', () => {
    const refs = scanFixture('values.yaml');
    assert.equal(referenceAt(refs, { line: 4, character: 20 })?.repository, 'payments/api');
    assert.equal(referenceAt(refs, { line: 5, character: 10 })?.repository, 'payments/api');
    assert.equal(referenceAt(refs, { line: 6, character: 5 }), undefined);
  });

  it('knows file kinds by name and language id', () => {
    assert.equal(fileKindOf('/w/Dockerfile'), 'dockerfile');
    assert.equal(fileKindOf('/w/Containerfile.dev'), 'dockerfile');
    assert.equal(fileKindOf('/w/api.dockerfile'), 'dockerfile');
    assert.equal(fileKindOf('C:\\w\\k8s\\deploy.YML'), 'yaml');
    assert.equal(fileKindOf('/w/main.tf.json'), 'json');
    assert.equal(fileKindOf('/w/prod.tfvars'), 'terraform');
    assert.equal(fileKindOf('/w/untitled', 'dockercompose'), 'yaml');
    assert.equal(fileKindOf('/w/readme.md', 'markdown'), undefined);
  });
});

describe('(unit) references scanner: what it leaves alone', () => {
  const scan = (text: string, kind: 'yaml' | 'json' | 'terraform' | 'dockerfile' = 'yaml') => scanReferences(text, kind).references;

  it('ignores templated values instead of guessing', () => {
    for (const v of [
      `${EU}/app:\${TAG}`,
      `${EU}/app:{{ .Values.tag }}`,
      `${EU}/app:$(git rev-parse HEAD)`,
      `${EU}/app:$TAG`,
      `\${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app:1.0`,
      `${EU}/app:%{ if x }1%{ endif }`,
    ]) {
      assert.deepEqual(scan(`image: "${v}"\n`), [], v);
      assert.deepEqual(scan(`{"image": "${v}"}`, 'json'), [], v);
    }
  });

  it('ignores other registries, bare names, comments and free text', () => {
    const text = [
      'a: nginx:1.25',
      'b: ghcr.io/org/app:1.0',
      'c: 123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/app:1.0',
      'd: 12345678901.dkr.ecr.eu-west-1.amazonaws.com/app:1.0',
      `# e: ${EU}/app:1.0`,
      `f: docker pull ${EU}/app:1.0`,
      'g: public.ecr.aws/onlyalias:1.0',
      `h: ${EU}/UPPER:1.0`,
      `i: ${EU}/app:bad tag`,
    ].join('\n');
    assert.deepEqual(scan(text), []);
  });

  it('skips scalars whose text differs from their value (escapes, folding, block scalars)', () => {
    const text = [
      `a: "${EU}/app\\u003a1.0"`,
      `b: '${EU}/app:1.0''x'`,
      'c: |',
      `  ${EU}/app:1.0`,
      'd: >-',
      `  ${EU}/app:1.0`,
      `e: ${EU}/app`,
      `  :1.0`,
    ].join('\n');
    assert.deepEqual(scan(text), []);
    assert.deepEqual(scan(`{"image": "${EU.replace(/\./g, '\\u002e')}/app:1.0"}`, 'json'), []);
  });

  it('survives hostile text: control characters, escape sequences, lookalike hosts, huge and broken files', () => {
    const hostile = [
      `a: "${EU}/app:1.0\u001b[31m"`,
      `b: ${EU}/app:1.0\u202e`,
      `c: "\u0000${EU}/app:1.0"`,
      `d: ${EU.replace('dkr', 'dkr\u200b')}/app:1.0`,
      `e: [${EU}/app:1.0`,
      '\u001f\u0002\u0018: x',
      `f: ${EU}/${'a'.repeat(300)}:1.0`,
      `g: ${EU}/app:${'1'.repeat(200)}`,
    ].join('\n');
    const refs = scan(hostile);
    // Only the unterminated flow sequence's scalar is a clean reference; everything else is rejected.
    for (const ref of refs) assert.match(ref.uri, /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/app:1\.0$/);
    assert.ok(refs.length <= 1);
    for (const kind of ['yaml', 'json', 'terraform', 'dockerfile'] as const) {
      scanReferences('\u0000\uffff"\\'.repeat(1000) + `"${EU}/app:1.0"`, kind);
      scanReferences(`FROM ${EU}/app:1.0 \\`, kind);
      scanReferences('"'.repeat(10_001), kind);
      scanReferences(`<<EOF\n"${EU}/app:1.0"`, kind);
    }
  });

  it('counts characters in UTF-16 code units and honours CRLF and lone CR line breaks', () => {
    const text = `# 🚀 déploiement\r\nx: "🚀"\rimage: ${EU}/app:1.0\r\n`;
    const [ref] = scan(text);
    assert.equal(r(ref!.range), `2:7-2:${7 + `${EU}/app:1.0`.length}`);
    const idx = new LineIndex('a\r\nb\rc\nd');
    assert.deepEqual(idx.position(7), { line: 3, character: 0 });
    const emoji = scan(`k: ["🚀", "${EU}/app:1.0"]`)[0]!;
    assert.equal(emoji.range.start.character, 11);
  });

  it('stops at the per-document limit and says so', () => {
    let text = '';
    for (let i = 0; i < MAX_REFERENCES_PER_DOCUMENT + 20; i++) text += `- ${EU}/app:1.${i}\n`;
    const result = scanReferences(text, 'yaml');
    assert.equal(result.truncated, true);
    assert.equal(result.references.length, MAX_REFERENCES_PER_DOCUMENT);
    assert.equal(result.references[499]!.tag, '1.499');
  });

  it('reads Dockerfile escape directives, continuations and stage scoping of ARGs', () => {
    const text = [
      '# escape=`',
      `ARG TAG=1.0`,
      'FROM `',
      `  ${EU}/app:\${TAG} AS a`,
      `ARG TAG`,
      `COPY --from=${EU}/tool:\${TAG} /x /y`,
      'FROM scratch',
      `COPY --from=${EU}/tool:\${TAG} /x /y`,
    ].join('\n');
    const refs = scanReferences(text, 'dockerfile').references;
    // Stage 1 re-declares TAG (inherits 1.0); stage 2 does not, so its COPY --from is not literal.
    assert.deepEqual(
      refs.map((x) => [x.uri, r(x.range), r(x.tagRange)]),
      [
        [`${EU}/app:1.0`, `3:2-3:${2 + `${EU}/app:\${TAG}`.length}`, '1:8-1:11'],
        [`${EU}/tool:1.0`, `5:12-5:${12 + `${EU}/tool:\${TAG}`.length}`, '1:8-1:11'],
      ],
    );
  });

  it('reads a Terraform heredoc and HCL keys for untagged images', () => {
    const text = ['x = <<EOT', `"${EU}/a:1" "unterminated`, 'EOT', `image = "${EU}/b"`, `other = "${EU}/c"`].join('\n');
    assert.deepEqual(
      scanReferences(text, 'terraform').references.map((x) => x.uri),
      [`${EU}/a:1`, `${EU}/b`],
    );
  });
});
