// Pure parts of the data layer: registry hosts per partition, repository-name rules, image sorting and tag rows,
// text sanitising, and the classification of errors the SDK raises before any request (credential providers).
import { strict as assert } from 'node:assert';
import { CredentialsProviderError } from '@smithy/core/config';
import { classifyAwsError, imagesToTags, registryHost, sanitizeText, sortImages, validateRepositoryName } from '../../../src/aws';
import type { Image } from '../../../src/model/types';
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
    assert.match(validateRepositoryName('a') ?? '', /too short/);
    assert.match(validateRepositoryName('a'.repeat(257)) ?? '', /too long \(257/);
    assert.match(validateRepositoryName('Team/App') ?? '', /lowercase/);
    for (const bad of ['-ab', 'ab-', 'a--b', 'a//b', '/ab', 'ab/', 'a b', 'a:b']) {
      assert.match(validateRepositoryName(bad) ?? '', /not a valid repository name.*2–256 characters/, bad);
    }
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
    assert.match(missing.message, /"ghost" was not found/);
    const sso = classifyAwsError(
      new CredentialsProviderError("Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
      { profile: 'dev' },
    );
    assert.equal(sso.code, 'expiredCredentials');
    assert.equal(sso.action, 'Run `aws sso login --profile dev`, then refresh.');
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    assert.equal(classifyAwsError(abort, {}).code, 'cancelled');
  });
});
