// INTEROP for repository settings and policies: the same assertions against moto_server and the project's emulator
// (lifecycle policies, repository policies, tag mutability). moto has no lifecycle policy preview (HTTP 500), so
// the preview is covered by test/unit/emulator/policies.server.test.ts only.
import { strict as assert } from 'node:assert';
import {
  CreateRepositoryCommand,
  DeleteLifecyclePolicyCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ecrClient, startEmulator, startMoto } from '../servers';

interface Target {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as { name: string; message: string };
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

const lifecycle = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Expire untagged images older than 14 days',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
});

const repositoryPolicy = JSON.stringify({
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

function policiesContract(name: string, start: () => Promise<Target>): void {
  describe(`(unit) INTEROP repository settings and policies: ${name}`, function () {
    this.timeout(60000);
    let target: Target;
    let ecr: ECRClient;
    const repositoryName = 'team/api';
    before(async () => {
      target = await start();
      ecr = ecrClient(target.endpoint);
    });
    after(async () => {
      ecr?.destroy();
      await target?.stop();
    });
    beforeEach(async () => {
      await target.reset();
      await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    });

    it('lifecycle policy: none → LifecyclePolicyNotFoundException; put, get, delete round-trip the text', async () => {
      const none = await sdkError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName })));
      assert.equal(none.name, 'LifecyclePolicyNotFoundException');
      assert.equal(none.$metadata?.httpStatusCode, 400);
      const put = await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: lifecycle }));
      assert.equal(put.repositoryName, repositoryName);
      assert.equal(put.registryId, '123456789012');
      assert.deepEqual(JSON.parse(put.lifecyclePolicyText ?? ''), JSON.parse(lifecycle));
      const got = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }));
      assert.deepEqual(JSON.parse(got.lifecyclePolicyText ?? ''), JSON.parse(lifecycle));
      const deleted = await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName }));
      assert.deepEqual(JSON.parse(deleted.lifecyclePolicyText ?? ''), JSON.parse(lifecycle));
      assert.equal((await sdkError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName })))).name, 'LifecyclePolicyNotFoundException');
      assert.equal(
        (await sdkError(ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName })))).name,
        'LifecyclePolicyNotFoundException',
      );
    });

    it('lifecycle policy of a missing repository is RepositoryNotFoundException', async () => {
      const err = await sdkError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'team/none', lifecyclePolicyText: lifecycle })));
      assert.equal(err.name, 'RepositoryNotFoundException');
    });

    it('repository policy: none → RepositoryPolicyNotFoundException; set, get, delete round-trip the text', async () => {
      assert.equal(
        (await sdkError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName })))).name,
        'RepositoryPolicyNotFoundException',
      );
      const set = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: repositoryPolicy }));
      assert.equal(set.repositoryName, repositoryName);
      assert.deepEqual(JSON.parse(set.policyText ?? ''), JSON.parse(repositoryPolicy));
      const got = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }));
      assert.deepEqual(JSON.parse(got.policyText ?? ''), JSON.parse(repositoryPolicy));
      await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }));
      assert.equal(
        (await sdkError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName })))).name,
        'RepositoryPolicyNotFoundException',
      );
      assert.equal(
        (await sdkError(ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName })))).name,
        'RepositoryPolicyNotFoundException',
      );
    });

    it('a repository policy that is not JSON is InvalidParameterException', async () => {
      const err = await sdkError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: '{"Version": ' })));
      assert.equal(err.name, 'InvalidParameterException');
    });

    it('tag mutability: IMMUTABLE and back to MUTABLE, shown by DescribeRepositories', async () => {
      const out = await ecr.send(new PutImageTagMutabilityCommand({ repositoryName, imageTagMutability: 'IMMUTABLE' }));
      assert.equal(out.imageTagMutability, 'IMMUTABLE');
      assert.equal(out.repositoryName, repositoryName);
      const describe = async () =>
        (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories?.[0];
      assert.equal((await describe())?.imageTagMutability, 'IMMUTABLE');
      await ecr.send(new PutImageTagMutabilityCommand({ repositoryName, imageTagMutability: 'MUTABLE' }));
      assert.equal((await describe())?.imageTagMutability, 'MUTABLE');
    });

    it('tag mutability outside the enum is InvalidParameterException', async () => {
      const err = await sdkError(
        ecr.send(new PutImageTagMutabilityCommand({ repositoryName, imageTagMutability: 'SOMETIMES' as 'MUTABLE' })),
      );
      assert.equal(err.name, 'InvalidParameterException');
    });
  });
}

policiesContract('moto_server', async () => {
  const moto = await startMoto();
  return { endpoint: moto.url, reset: () => moto.reset(), stop: () => moto.stop() };
});

policiesContract('ECR emulator', async () => {
  const emu = await startEmulator();
  return { endpoint: emu.url, reset: async () => emu.emulator.reset(), stop: () => emu.stop() };
});
