// The emulator's settings and policy operations through the real @aws-sdk/client-ecr: lifecycle policies and their
// preview (IN_PROGRESS → COMPLETE on the emulator's clock, paging, summary, FAILED), repository policies, tag
// mutability with exclusion filters, scan on push.
import { strict as assert } from 'node:assert';
import {
  DeleteLifecyclePolicyCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetLifecyclePolicyPreviewCommand,
  GetRepositoryPolicyCommand,
  PutImageCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  StartLifecyclePolicyPreviewCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ecrClient, startEmulator, type EmulatorServer } from '../../servers';

const DAY = 86_400_000;

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { name: string; message: string };
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

const keepLast = (n: number): string =>
  JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the last ${n} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: n },
        action: { type: 'expire' },
      },
    ],
  });

const pullPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});

function manifest(n: number): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 100 + n, digest: `sha256:${'c'.repeat(63)}${n}` },
    layers: [],
  });
}

describe('(unit) ECR emulator: repository settings and policies', function () {
  this.timeout(30000);
  let server: EmulatorServer;
  let ecr: ECRClient;
  let clock: number;
  before(async () => {
    server = await startEmulator();
    ecr = ecrClient(server.url);
  });
  after(async () => {
    ecr?.destroy();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    clock = Date.UTC(2025, 5, 1);
    server.emulator.now = () => clock;
    server.emulator.seed({
      repositories: [
        {
          name: 'team/api',
          images: Array.from({ length: 15 }, (_, i) => ({
            tags: i % 5 === 4 ? [] : [`v${i}`],
            pushedAt: clock - (15 - i) * DAY,
          })),
        },
      ],
    });
  });

  it('Put/Get/Delete lifecycle policy; a missing one is LifecyclePolicyNotFoundException', async () => {
    const repositoryName = 'team/api';
    const missing = await sdkError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName })));
    assert.equal(missing.name, 'LifecyclePolicyNotFoundException');
    const put = await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: keepLast(10) }));
    assert.equal(put.lifecyclePolicyText, keepLast(10));
    assert.equal(put.registryId, '123456789012');
    assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }))).lifecyclePolicyText, keepLast(10));
    await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName }));
    assert.equal((await sdkError(ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName })))).name, 'LifecyclePolicyNotFoundException');
  });

  it('refuses a policy ECR documents as invalid, with the reason', async () => {
    const bad = JSON.parse(keepLast(3)) as { rules: unknown[] };
    bad.rules.push({
      rulePriority: 2,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 },
      action: { type: 'expire' },
    });
    const err = await sdkError(
      ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'team/api', lifecyclePolicyText: JSON.stringify(bad) })),
    );
    assert.equal(err.name, 'InvalidParameterException');
    assert.match(err.message, /Lifecycle policy validation failure: only one rule may have tagStatus 'any'/);
  });

  it('preview: IN_PROGRESS until the emulator clock passes the delay, then COMPLETE with paged results and a summary', async () => {
    const repositoryName = 'team/api';
    const started = await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName, lifecyclePolicyText: keepLast(10) }));
    assert.equal(started.status, 'IN_PROGRESS');
    assert.equal((await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName }))).status, 'IN_PROGRESS');
    const again = await sdkError(ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName, lifecyclePolicyText: keepLast(3) })));
    assert.equal(again.name, 'LifecyclePolicyPreviewInProgressException');
    clock += 1500;
    const results = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName, maxResults: 2, nextToken }));
      assert.equal(page.status, 'COMPLETE');
      assert.equal(page.summary?.expiringImageTotalCount, 5);
      results.push(...(page.previewResults ?? []));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual(
      results.map((r) => r.imageTags?.[0] ?? 'untagged'),
      ['v0', 'v1', 'v2', 'v3', 'untagged'],
    );
    for (const r of results) {
      assert.equal(r.action?.type, 'EXPIRE');
      assert.equal(r.appliedRulePriority, 1);
      assert.match(r.imageDigest ?? '', /^sha256:/);
      assert.ok(r.imagePushedAt instanceof Date);
    }
    const untagged = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName, filter: { tagStatus: 'UNTAGGED' } }));
    assert.equal(untagged.previewResults?.length, 1);
  });

  it('preview without text uses the stored policy; none stored is LifecyclePolicyNotFoundException; a failed preview is FAILED', async () => {
    const repositoryName = 'team/api';
    assert.equal(
      (await sdkError(ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName })))).name,
      'LifecyclePolicyPreviewNotFoundException',
    );
    assert.equal(
      (await sdkError(ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName })))).name,
      'LifecyclePolicyNotFoundException',
    );
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: keepLast(14) }));
    server.emulator.setLifecyclePreview({ delayMs: 0, fail: true });
    await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName }));
    assert.equal((await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName }))).status, 'FAILED');
    server.emulator.setLifecyclePreview({ fail: false });
    await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName }));
    const done = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName }));
    assert.equal(done.lifecyclePolicyText, keepLast(14));
    assert.equal(done.summary?.expiringImageTotalCount, 1);
  });

  it('Set/Get/Delete repository policy; non-ECR actions and missing principals are refused', async () => {
    const repositoryName = 'team/api';
    assert.equal((await sdkError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName })))).name, 'RepositoryPolicyNotFoundException');
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: pullPolicy }));
    assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText, pullPolicy);
    for (const bad of [pullPolicy.replace('ecr:BatchGetImage', 's3:GetObject'), pullPolicy.replace('"Principal"', '"Principle"'), '{']) {
      const err = await sdkError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: bad })));
      assert.equal(err.name, 'InvalidParameterException');
      assert.match(err.message, /Invalid repository policy provided/);
    }
    await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }));
    assert.equal(
      (await sdkError(ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName })))).name,
      'RepositoryPolicyNotFoundException',
    );
  });

  it('IMMUTABLE_WITH_EXCLUSION: excluded tags move, others are immutable; DescribeRepositories shows the filters', async () => {
    const repositoryName = 'team/api';
    const out = await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName,
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'dev-*' }],
      }),
    );
    assert.deepEqual(out.imageTagMutabilityExclusionFilters, [{ filterType: 'WILDCARD', filter: 'dev-*' }]);
    await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(1), imageTag: 'dev-1' }));
    await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(2), imageTag: 'dev-1' }));
    const stuck = await sdkError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(3), imageTag: 'v1' })));
    assert.equal(stuck.name, 'ImageTagAlreadyExistsException');
    const repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories?.[0];
    assert.equal(repo?.imageTagMutability, 'IMMUTABLE_WITH_EXCLUSION');
    assert.deepEqual(repo?.imageTagMutabilityExclusionFilters, [{ filterType: 'WILDCARD', filter: 'dev-*' }]);

    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName,
        imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'release-*' }],
      }),
    );
    await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(4), imageTag: 'v1' }));
    await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(5), imageTag: 'release-1' }));
    const frozen = await sdkError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest(6), imageTag: 'release-1' })));
    assert.equal(frozen.name, 'ImageTagAlreadyExistsException');
  });

  it('PutImageTagMutability validates the setting and its filters', async () => {
    const repositoryName = 'team/api';
    const cases: Array<[string, Array<{ filterType: 'WILDCARD'; filter: string }> | undefined, RegExp]> = [
      ['IMMUTABLE_WITH_EXCLUSION', undefined, /must not be empty/],
      ['IMMUTABLE', [{ filterType: 'WILDCARD', filter: 'dev-*' }], /can only be used with/],
      ['IMMUTABLE_WITH_EXCLUSION', [{ filterType: 'WILDCARD', filter: 'bad tag' }], /regular expression/],
      [
        'IMMUTABLE_WITH_EXCLUSION',
        Array.from({ length: 6 }, (_, i) => ({ filterType: 'WILDCARD' as const, filter: `f${i}*` })),
        /less than or equal to 5/,
      ],
      ['SOMETIMES', undefined, /enum value set/],
    ];
    for (const [mutability, filters, reason] of cases) {
      const err = await sdkError(
        ecr.send(
          new PutImageTagMutabilityCommand({
            repositoryName,
            imageTagMutability: mutability as 'IMMUTABLE',
            ...(filters ? { imageTagMutabilityExclusionFilters: filters } : {}),
          }),
        ),
      );
      assert.equal(err.name, 'InvalidParameterException', mutability);
      assert.match(err.message, reason);
    }
  });

  it('PutImageScanningConfiguration turns scan on push on and off', async () => {
    const repositoryName = 'team/api';
    const out = await ecr.send(
      new PutImageScanningConfigurationCommand({ repositoryName, imageScanningConfiguration: { scanOnPush: true } }),
    );
    assert.equal(out.imageScanningConfiguration?.scanOnPush, true);
    const repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories?.[0];
    assert.equal(repo?.imageScanningConfiguration?.scanOnPush, true);
  });

  it('policies go with a deleted repository', async () => {
    server.emulator.seed({ repositories: [{ name: 'team/gone', lifecyclePolicy: keepLast(1), repositoryPolicy: pullPolicy }] });
    assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'team/gone' }))).lifecyclePolicyText, keepLast(1));
    server.emulator.reset();
    const err = await sdkError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'team/gone', lifecyclePolicyText: keepLast(2) })));
    assert.equal(err.name, 'RepositoryNotFoundException');
  });
});
