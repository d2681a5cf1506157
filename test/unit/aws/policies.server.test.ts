// src/aws/policies.ts through EcrService against the ECR emulator: policies absent vs present, settings, the
// lifecycle preview poll (status changes, paging, cancel, FAILED), and the errors a save must explain.
import { strict as assert } from 'node:assert';
import { EcrService, ProblemError } from '../../../src/aws';
import type { EcrRegistry, Repository } from '../../../src/model/types';
import { startEmulator, type EmulatorServer } from '../../servers';
import { EMULATOR_KEYS, localEcrService, makeSandbox, rejection, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';

const DAY = 86_400_000;
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

describe('(unit) aws/policies against the ECR emulator', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let sandbox: AwsSandbox;
  let svc: EcrService;
  let repo: Repository;

  before(async () => {
    sandbox = makeSandbox();
    server = await startEmulator();
    svc = localEcrService(server.url, { ...sandbox.env, ...EMULATOR_KEYS }, { requestTimeoutMs: 10_000 });
  });
  after(async () => {
    svc?.dispose();
    sandbox?.remove();
    await server?.stop();
  });
  beforeEach(async () => {
    server.emulator.reset();
    server.emulator.clearFaults();
    server.emulator.setLifecyclePreview({ delayMs: 300 });
    const now = Date.now();
    server.emulator.seed({
      repositories: [
        { name: 'team/api', images: Array.from({ length: 25 }, (_, i) => ({ tags: [`v${i}`], pushedAt: now - (25 - i) * DAY })) },
      ],
    });
    const registries = await withProcessEnv(sandbox.env, () => svc.listRegistries());
    const own = registries.find((r): r is EcrRegistry => r.kind === 'registry');
    assert.ok(own);
    repo = { kind: 'repository', parent: own, name: 'team/api', uri: `${own.host}/team/api` };
  });
  const run = <T>(fn: () => Promise<T>) => withProcessEnv(sandbox.env, fn);

  it('absent policies are undefined; put/get/delete round-trip', async () => {
    assert.equal(await run(() => svc.policies.getLifecyclePolicy(repo)), undefined);
    assert.equal(await run(() => svc.policies.getRepositoryPolicy(repo)), undefined);
    await run(() => svc.policies.putLifecyclePolicy(repo, keepLast(10)));
    assert.equal(await run(() => svc.policies.getLifecyclePolicy(repo)), keepLast(10));
    assert.equal(await run(() => svc.policies.deleteLifecyclePolicy(repo)), true);
    assert.equal(await run(() => svc.policies.deleteLifecyclePolicy(repo)), false);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] });
    await run(() => svc.policies.setRepositoryPolicy(repo, policy));
    assert.equal(await run(() => svc.policies.getRepositoryPolicy(repo)), policy);
    assert.equal(await run(() => svc.policies.deleteRepositoryPolicy(repo)), true);
  });

  it('settings: mutability with exclusion filters and scan on push, read back', async () => {
    await run(() => svc.policies.putTagMutability(repo, 'IMMUTABLE_WITH_EXCLUSION', ['dev-*', 'tmp-*']));
    await run(() => svc.policies.putScanOnPush(repo, true));
    const s = await run(() => svc.policies.getRepositorySettings(repo));
    assert.equal(s.tagMutability, 'IMMUTABLE_WITH_EXCLUSION');
    assert.deepEqual(s.exclusionFilters, ['dev-*', 'tmp-*']);
    assert.equal(s.scanOnPush, true);
    assert.equal(s.encryptionType, 'AES256');
    assert.ok(s.createdAt instanceof Date);
    await run(() => svc.policies.putTagMutability(repo, 'MUTABLE', ['ignored-*']));
    assert.deepEqual((await run(() => svc.policies.getRepositorySettings(repo))).exclusionFilters, []);
  });

  it('preview: polls until COMPLETE, then pages every result (100 per call)', async () => {
    server.emulator.seed({
      repositories: [
        { name: 'team/api', images: Array.from({ length: 230 }, (_, i) => ({ tags: [`b${i}`], pushedAt: Date.now() - (300 - i) * DAY })) },
      ],
    });
    const polls: number[] = [];
    const preview = await run(() =>
      svc.policies.previewLifecyclePolicy(repo, keepLast(10), { pollIntervalMs: 50, onPoll: (n) => polls.push(n) }),
    );
    assert.equal(preview.status, 'COMPLETE');
    assert.equal(preview.images.length, 245);
    assert.equal(preview.expiringCount, 245);
    assert.ok(polls.length >= 1, 'the preview was IN_PROGRESS at least once');
    assert.ok(preview.images.every((i) => i.action === 'EXPIRE' && i.rulePriority === 1));
    assert.equal(new Set(preview.images.map((i) => i.digest)).size, 245);
    assert.equal(server.emulator.calls('GetLifecyclePolicyPreview'), polls.length + 3);
  });

  it('preview: a FAILED preview comes back as its status; cancelling stops the poll', async () => {
    server.emulator.setLifecyclePreview({ delayMs: 0, fail: true });
    const failed = await run(() => svc.policies.previewLifecyclePolicy(repo, keepLast(10)));
    assert.equal(failed.status, 'FAILED');
    assert.deepEqual(failed.images, []);
    server.emulator.setLifecyclePreview({ delayMs: 60_000, fail: false });
    const ac = new AbortController();
    const pending = run(() =>
      svc.policies.previewLifecyclePolicy(repo, keepLast(10), { signal: ac.signal, pollIntervalMs: 20, onPoll: () => ac.abort() }),
    );
    const err = await rejection(pending);
    assert.ok(err instanceof ProblemError);
    assert.equal(err.problem.code, 'cancelled');
  });

  it('errors: ECR refusing a policy keeps its reason; a deleted repository is notFound; AccessDenied names the IAM action', async () => {
    const twoAny = JSON.parse(keepLast(5)) as { rules: object[] };
    twoAny.rules.push({
      rulePriority: 2,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 },
      action: { type: 'expire' },
    });
    const refused = await rejection(run(() => svc.policies.putLifecyclePolicy(repo, JSON.stringify(twoAny))));
    assert.ok(refused instanceof ProblemError);
    assert.match(JSON.stringify(refused.problem.message), /InvalidParameterException.*only one rule may have tagStatus 'any'/);

    server.emulator.fault({ operation: 'SetRepositoryPolicy', kind: 'accessDenied', times: 1 });
    const denied = await rejection(run(() => svc.policies.setRepositoryPolicy(repo, '{"Statement":[]}')));
    assert.ok(denied instanceof ProblemError);
    assert.equal(denied.problem.code, 'accessDenied');
    assert.equal(denied.problem.iamAction, 'ecr:SetRepositoryPolicy');

    server.emulator.reset();
    const gone = await rejection(run(() => svc.policies.putLifecyclePolicy(repo, keepLast(3))));
    assert.ok(gone instanceof ProblemError);
    assert.equal(gone.problem.code, 'notFound');

    const previewGone = await rejection(run(() => svc.policies.previewLifecyclePolicy(repo, keepLast(3))));
    assert.ok(previewGone instanceof ProblemError);
    assert.equal(previewGone.problem.code, 'notFound');
  });
});
