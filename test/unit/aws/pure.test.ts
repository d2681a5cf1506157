// Pure parts of the data layer: registry hosts per partition, repository-name rules, image sorting and tag rows,
// text sanitising, and the classification of errors the SDK raises before any request (credential providers).
import { strict as assert } from 'node:assert';
import { CredentialsProviderError } from '@smithy/core/config';
import { classifyAwsError, imagesToTags, registryHost, sanitizeText, sortImages, validateRepositoryName } from '../../../src/aws';
import { toImage, toRepository } from '../../../src/aws/mapping';
import { message } from '../../../src/model/message';
import type { EcrRegistry, Image } from '../../../src/model/types';
import { repository } from '../helpers/nodes';

const repo = repository('app');
const img = (digest: string, tags: string[], pushedAt?: string): Image => ({
  kind: 'image',
  parent: repo,
  digest,
  tags,
  ...(pushedAt ? { pushedAt: new Date(pushedAt) } : {}),
});

describe('(unit) aws pure helpers', () => {
  it('registryHost is partition-aware, with FIPS and dual-stack variants', () => {
    assert.equal(registryHost('123456789012', 'us-east-1'), '123456789012.dkr.ecr.us-east-1.amazonaws.com');
    assert.equal(registryHost('123456789012', 'cn-north-1'), '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
    assert.equal(registryHost('123456789012', 'us-gov-west-1'), '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com');
    assert.equal(registryHost('123456789012', 'us-east-2', { fips: true }), '123456789012.dkr.ecr-fips.us-east-2.amazonaws.com');
    assert.equal(registryHost('123456789012', 'eu-west-1', { dualStack: true }), '123456789012.dkr-ecr.eu-west-1.on.aws');
    assert.equal(registryHost('123456789012', 'us-east-1', { fips: true, dualStack: true }), '123456789012.dkr-ecr-fips.us-east-1.on.aws');
    // Dual-stack registry hosts are only documented for the aws partition: others keep their IPv4 host.
    assert.equal(
      registryHost('123456789012', 'cn-northwest-1', { dualStack: true }),
      '123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
    );
  });

  it('validateRepositoryName applies ECR rules with a clear message', () => {
    for (const ok of ['ab', 'team/app', 'a.b_c-d/e1', 'x/y/z', 'a'.repeat(256)]) assert.equal(validateRepositoryName(ok), undefined, ok);
    const rules = message('aws.repositoryNameRules');
    assert.deepStrictEqual(validateRepositoryName('a'), message('aws.repositoryNameTooShort', rules));
    assert.deepStrictEqual(validateRepositoryName('a'.repeat(257)), message('aws.repositoryNameTooLong', 257, rules));
    assert.deepStrictEqual(validateRepositoryName('Team/App'), message('aws.repositoryNameUppercase', rules));
    for (const bad of ['-ab', 'ab-', 'a--b', 'a//b', '/ab', 'ab/', 'a b', 'a:b']) {
      assert.deepStrictEqual(validateRepositoryName(bad), message('aws.repositoryNameInvalid', bad, rules), bad);
    }
    assert.deepStrictEqual(validateRepositoryName('bad\u202ename'), message('aws.repositoryNameInvalid', 'badname', rules));
  });

  it('sortImages: newest push first (no time last), or tags in natural order (untagged last)', () => {
    const images = [
      img('sha256:a', ['v10'], '2024-01-03T00:00:00Z'),
      img('sha256:b', ['v2', 'latest'], '2024-01-05T00:00:00Z'),
      img('sha256:c', [], '2024-01-04T00:00:00Z'),
      img('sha256:d', ['v1']),
    ];
    assert.deepEqual(
      sortImages(images, 'pushedAt').map((i) => i.digest),
      ['sha256:b', 'sha256:c', 'sha256:a', 'sha256:d'],
    );
    assert.deepEqual(
      sortImages(images, 'tag').map((i) => i.digest),
      ['sha256:b', 'sha256:d', 'sha256:a', 'sha256:c'],
    );
    assert.equal(images[0]!.digest, 'sha256:a', 'input untouched');
  });

  it('imagesToTags: one row per tag, one row for an untagged image', () => {
    const images = [img('sha256:b', ['v2', 'latest']), img('sha256:c', []), img('sha256:a', ['v10'])];
    const rows = imagesToTags(images);
    assert.deepEqual(
      rows.map((r) => [r.image.digest, r.tag]),
      [
        ['sha256:b', 'latest'],
        ['sha256:b', 'v2'],
        ['sha256:c', undefined],
        ['sha256:a', 'v10'],
      ],
    );
    assert.ok(rows.every((r) => r.kind === 'tag' && r.parent === repo));
    assert.deepEqual(
      imagesToTags(images, 'tag').map((r) => r.tag),
      ['latest', 'v2', 'v10', undefined],
    );
  });

  it('sanitizeText strips escape sequences, controls and bidi overrides and bounds the length', () => {
    assert.equal(sanitizeText('a\u001b[31mred\u001b[0m\u0007b\u202ec\u0000'), 'aredbc');
    assert.equal(sanitizeText('line1\nline2'), 'line1 line2');
    assert.equal(sanitizeText('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });

  it('credential provider failures: none at all, missing profile, SSO session', () => {
    const none = classifyAwsError(new CredentialsProviderError('Could not load credentials from any providers'), {});
    assert.equal(none.code, 'noCredentials');
    assert.equal(none.actionId, 'chooseProfile');
    const missing = classifyAwsError(new CredentialsProviderError('Profile ghost was not found.'), { profile: 'ghost' });
    assert.equal(missing.code, 'noCredentials');
    assert.deepStrictEqual(missing.message, message('aws.profileMissing', 'ghost'));
    const sso = classifyAwsError(
      new CredentialsProviderError("Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
      { profile: 'dev' },
    );
    assert.equal(sso.code, 'expiredCredentials');
    assert.deepStrictEqual(sso.action, message('aws.ssoActionProfile', 'dev'));
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    assert.equal(classifyAwsError(abort, {}).code, 'cancelled');
  });
});

describe('(unit) aws mapping of raw JSON (the listings read their pages raw: rawJson.ts)', () => {
  const repo = repository('team/api');
  const registry = repo.parent as EcrRegistry;
  assert.equal(registry.type, 'ecr');

  it('reads epoch seconds as the SDK does, and the same answer as SDK shapes', () => {
    const raw = {
      imageDigest: 'sha256:' + 'a'.repeat(64),
      imageTags: ['v2', 'latest'],
      imageSizeInBytes: 1234,
      imagePushedAt: 1714644930.123,
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindingsSummary: { imageScanCompletedAt: 1714644990, findingSeverityCounts: { HIGH: 2, LOW: 1 } },
    };
    const sdk = {
      ...raw,
      imagePushedAt: new Date(1714644930123),
      imageScanFindingsSummary: { ...raw.imageScanFindingsSummary, imageScanCompletedAt: new Date(1714644990000) },
    };
    const image = toImage(raw, repo);
    assert.equal(image?.pushedAt?.getTime(), 1714644930123);
    assert.equal(image?.scan?.completedAt?.getTime(), 1714644990000);
    assert.deepEqual(image?.scan?.counts, { HIGH: 2, LOW: 1 });
    assert.deepEqual(image, toImage(sdk, repo));
    const r = { repositoryName: 'team/api', createdAt: 1714644930, imageScanningConfiguration: { scanOnPush: true } };
    assert.deepEqual(toRepository(r, registry), toRepository({ ...r, createdAt: new Date(1714644930000) }, registry));
    assert.equal(toRepository(r, registry)?.scanOnPush, true);
  });

  it('any shape from a hostile server: dropped field by field, never thrown', () => {
    const digest = 'sha256:' + 'b'.repeat(64);
    for (const odd of [null, undefined, 7, 'text', [], [{ imageDigest: digest }], { imageDigest: 42 }, { imageDigest: '' }]) {
      assert.equal(toImage(odd, repo), undefined, JSON.stringify(odd));
    }
    const image = toImage(
      {
        imageDigest: digest,
        imageTags: ['ok', 3, null, { x: 1 }, 'also\u001bok'],
        imageSizeInBytes: '12',
        imagePushedAt: 'last tuesday',
        lastRecordedPullTime: Number.NaN,
        imageManifestMediaType: 5,
        imageScanStatus: 'COMPLETE',
        imageScanFindingsSummary: { findingSeverityCounts: { CRITICAL: Infinity, HIGH: -1, LOW: 2, toString: 9 } },
      },
      repo,
    );
    assert.deepEqual(image?.tags, ['ok', sanitizeText('also\u001bok', 128)]);
    assert.ok(!image?.tags[1]?.includes('\u001b'));
    assert.equal(image?.sizeBytes, undefined);
    assert.equal(image?.pushedAt, undefined);
    assert.equal(image?.lastPulledAt, undefined);
    assert.equal(image?.mediaType, undefined);
    assert.deepEqual(image?.scan, { counts: { LOW: 2 } });
    assert.deepEqual(toImage({ imageDigest: digest, imageTags: 'v1' }, repo)?.tags, []);
    for (const odd of [null, 'x', [], { repositoryName: 42 }, { repositoryName: '' }]) assert.equal(toRepository(odd, registry), undefined);
    const r = toRepository(
      {
        repositoryName: 'team/odd',
        createdAt: 'yesterday',
        imageTagMutability: 1,
        imageTagMutabilityExclusionFilters: [{ filter: 'release-*' }, { filter: 7 }, null, 'x'],
        imageScanningConfiguration: { scanOnPush: 'yes' },
        encryptionConfiguration: 'KMS',
      },
      registry,
    );
    assert.deepEqual(r && { ...r, parent: undefined }, {
      kind: 'repository',
      parent: undefined,
      name: 'team/odd',
      uri: `${registry.host}/team/odd`,
      mutabilityExclusions: ['release-*'],
    });
    assert.deepEqual(
      toRepository({ repositoryName: 'a', imageTagMutabilityExclusionFilters: 'release-*' }, registry)?.mutabilityExclusions,
      undefined,
    );
  });
});
