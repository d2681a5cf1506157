// Retag without pulling, against the project's emulator and moto (the same assertions): one BatchGetImage + one
// PutImage, the tag already there, a tag on another image (asks), an immutable repository (refused, nothing
// called), a multi-arch index tagged as a whole; plus the look-up of a tag (describeTag, EcrService.findImageByTag)
// and ECR's tag rules.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { CreateRepositoryCommand, PutImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { applyRetag, describeTag, EcrService, prepareRetag, ProblemError, RetagError, validateImageTag } from '../../../src/aws';
import type { EcrRegistry, Repository } from '../../../src/model/types';
import { ecrClient, startEmulator, startMoto, type EmulatorServer } from '../../servers';
import { localEcrService, makeSandbox, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';

const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
function manifest(n: number, mediaType = DOCKER_V2): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 100 + n, digest: `sha256:${sha(`c${n}`)}` },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1000 + n, digest: `sha256:${sha(`l${n}`)}` }],
  });
}

interface Target {
  url: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Calls of an ECR operation (emulator only). */
  calls?: (op: string) => number;
  resetCalls?: () => void;
}

function retagContract(name: string, start: () => Promise<Target>): void {
  describe(`(unit) retag without pulling: ${name}`, function () {
    this.timeout(60000);
    let target: Target;
    let sandbox: AwsSandbox;
    let ecr: EcrService;
    let raw: ECRClient;
    let registry: EcrRegistry;
    const repo = (n: string, tagMutability = 'MUTABLE'): Repository => ({
      kind: 'repository',
      parent: registry,
      name: n,
      uri: `${registry.host}/${n}`,
      tagMutability,
    });
    const inEnv = <T>(fn: () => Promise<T>) => withProcessEnv(sandbox.env, fn);
    async function put(r: string, m: string, tag?: string, mediaType?: string): Promise<string> {
      const out = await raw.send(
        new PutImageCommand({
          repositoryName: r,
          imageManifest: m,
          ...(tag ? { imageTag: tag } : {}),
          ...(mediaType ? { imageManifestMediaType: mediaType } : {}),
        }),
      );
      return out.image?.imageId?.imageDigest ?? '';
    }

    before(async () => {
      target = await start();
      sandbox = makeSandbox({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
      ecr = localEcrService(target.url, sandbox.env);
      raw = ecrClient(target.url);
      const host = new URL(target.url).host;
      registry = {
        kind: 'registry',
        type: 'ecr',
        id: 'ecr:default:us-east-1:123456789012',
        registryId: '123456789012',
        source: { region: 'us-east-1', endpoint: target.url },
        host,
        uri: `http://${host}`,
        own: true,
      };
    });
    after(async () => {
      ecr?.dispose();
      raw?.destroy();
      sandbox?.remove();
      await target?.stop();
    });
    beforeEach(async () => {
      await target.reset();
      await raw.send(new CreateRepositoryCommand({ repositoryName: 'team/api' }));
      await raw.send(new CreateRepositoryCommand({ repositoryName: 'team/locked', imageTagMutability: 'IMMUTABLE' }));
    });

    it('adds a tag: one BatchGetImage and one PutImage with the same manifest and media type', async () => {
      const digest = await put('team/api', manifest(1), 'v1.4.2', DOCKER_V2);
      target.resetCalls?.();
      const plan = await inEnv(() => prepareRetag(ecr, repo('team/api'), digest, 'prod'));
      assert.equal(plan.alreadyTagged, false);
      assert.equal(plan.movesFrom, undefined);
      assert.equal(plan.mediaType, DOCKER_V2);
      assert.equal(plan.manifest, manifest(1));
      const result = await inEnv(() => applyRetag(ecr, plan));
      assert.deepEqual(result, { digest, tag: 'prod', mediaType: DOCKER_V2, outcome: 'added' });
      if (target.calls) {
        assert.equal(target.calls('BatchGetImage'), 1);
        assert.equal(target.calls('PutImage'), 1);
      }
      const now = await inEnv(() => describeTag(ecr, repo('team/api'), 'prod'));
      assert.equal(now?.digest, digest);
      assert.equal(await inEnv(() => describeTag(ecr, repo('team/api'), 'nope')), undefined);
    });

    it('a tag already on the image is nothing to do (no PutImage)', async () => {
      const digest = await put('team/api', manifest(2), 'v2');
      target.resetCalls?.();
      const plan = await inEnv(() => prepareRetag(ecr, repo('team/api'), digest, 'v2'));
      assert.equal(plan.alreadyTagged, true);
      assert.equal((await inEnv(() => applyRetag(ecr, plan))).outcome, 'unchanged');
      if (target.calls) assert.equal(target.calls('PutImage'), 0);
    });

    it('a tag on another image is reported (the caller asks) and moves when applied', async () => {
      const a = await put('team/api', manifest(3), 'prod');
      const b = await put('team/api', manifest(4), 'v4');
      const plan = await inEnv(() => prepareRetag(ecr, repo('team/api'), b, 'prod'));
      assert.equal(plan.movesFrom, a);
      assert.equal(plan.blocked, undefined);
      assert.equal((await inEnv(() => applyRetag(ecr, plan))).outcome, 'moved');
      assert.equal((await inEnv(() => describeTag(ecr, repo('team/api'), 'prod')))?.digest, b);
    });

    it('an immutable repository whose tag is taken is refused before any PutImage, with the reason', async () => {
      await put('team/locked', manifest(5), 'prod');
      const b = await put('team/locked', manifest(6), 'v6');
      target.resetCalls?.();
      const plan = await inEnv(() => prepareRetag(ecr, repo('team/locked', 'IMMUTABLE'), b, 'prod'));
      assert.deepEqual(plan.blocked, { id: 'push.tagImmutable', args: ['prod', 'team/locked'] });
      await assert.rejects(
        inEnv(() => applyRetag(ecr, plan)),
        (e: unknown) => e instanceof RetagError && e.detail.id === 'push.tagImmutable',
      );
      if (target.calls) assert.equal(target.calls('PutImage'), 0);
      // When the mutability was not known, ECR's own refusal gives the same message.
      const unknown = await inEnv(() => prepareRetag(ecr, repo('team/locked', ''), b, 'prod'));
      await assert.rejects(
        inEnv(() => applyRetag(ecr, unknown)),
        (e: unknown) => e instanceof RetagError,
      );
      // A new tag on an immutable repository works.
      const fresh = await inEnv(() => prepareRetag(ecr, repo('team/locked', 'IMMUTABLE'), b, 'release'));
      assert.equal((await inEnv(() => applyRetag(ecr, fresh))).outcome, 'added');
    });

    it('a multi-arch OCI index is tagged as a whole (index media type kept)', async () => {
      const children = [7, 8].map((n) => manifest(n, OCI_MANIFEST));
      for (const c of children) await put('team/api', c, undefined, OCI_MANIFEST);
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: children.map((c, k) => ({
          mediaType: OCI_MANIFEST,
          digest: `sha256:${sha(c)}`,
          size: c.length,
          platform: { os: 'linux', architecture: k ? 'arm64' : 'amd64' },
        })),
      });
      const digest = await put('team/api', index, 'multi', OCI_INDEX);
      const plan = await inEnv(() => prepareRetag(ecr, repo('team/api'), digest, 'prod'));
      assert.equal(plan.mediaType, OCI_INDEX);
      const result = await inEnv(() => applyRetag(ecr, plan));
      assert.equal(result.mediaType, OCI_INDEX);
      assert.equal((await inEnv(() => describeTag(ecr, repo('team/api'), 'prod')))?.mediaType, OCI_INDEX);
    });

    it('describeTag and EcrService.findImageByTag find the same image by tag; a missing tag is undefined', async () => {
      const digest = await put('team/api', manifest(6), 'v6');
      const tagged = await inEnv(() => describeTag(ecr, repo('team/api'), 'v6'));
      const image = await inEnv(() => ecr.findImageByTag(repo('team/api'), 'v6'));
      assert.equal(image?.digest, digest);
      assert.deepEqual(image?.tags, ['v6']);
      assert.equal(image?.mediaType, DOCKER_V2);
      assert.ok(image?.pushedAt instanceof Date);
      assert.ok(typeof image?.sizeBytes === 'number' && image.sizeBytes > 0);
      assert.deepEqual(tagged, { digest, sizeBytes: image?.sizeBytes, pushedAt: image?.pushedAt, mediaType: DOCKER_V2 });
      assert.equal(await inEnv(() => describeTag(ecr, repo('team/api'), 'v7')), undefined);
      assert.equal(await inEnv(() => ecr.findImageByTag(repo('team/api'), 'v7')), undefined);
    });

    it('a tag look-up in a missing repository is notFound, and an aborted one is cancelled', async () => {
      for (const lookUp of [
        (signal?: AbortSignal) => describeTag(ecr, repo('team/none'), 'v1', { signal }),
        (signal?: AbortSignal) => ecr.findImageByTag(repo('team/none'), 'v1', { signal }),
      ]) {
        await assert.rejects(
          inEnv(() => lookUp()),
          (e: unknown) => e instanceof ProblemError && e.problem.code === 'notFound' && e.problem.message.id === 'aws.repositoryNotFound',
        );
        const aborted = new AbortController();
        aborted.abort();
        await assert.rejects(
          inEnv(() => lookUp(aborted.signal)),
          (e: unknown) => e instanceof ProblemError && e.problem.code === 'cancelled',
        );
      }
    });

    it('an image that is gone and an invalid tag are clear errors', async () => {
      await assert.rejects(
        inEnv(() => prepareRetag(ecr, repo('team/api'), `sha256:${sha('none')}`, 'x')),
        (e: unknown) => e instanceof RetagError && e.detail.id === 'push.imageGone',
      );
      await assert.rejects(
        inEnv(() => prepareRetag(ecr, repo('team/api'), `sha256:${sha('none')}`, 'bad tag')),
        (e: unknown) => e instanceof RetagError && e.detail.id === 'push.tagBadChar',
      );
    });
  });
}

retagContract('ECR emulator', async () => {
  const emu: EmulatorServer = await startEmulator();
  return {
    url: emu.url,
    reset: async () => emu.emulator.reset(),
    stop: () => emu.stop(),
    calls: (op) => emu.emulator.calls(op),
    resetCalls: () => emu.emulator.resetCalls(),
  };
});

retagContract('moto_server', async () => {
  const moto = await startMoto();
  return { url: moto.url, reset: () => moto.reset(), stop: () => moto.stop() };
});

describe('(unit) push: ECR tag rules', () => {
  it('accepts what CLIs and ECR accept; names the first bad character, the length, a bad start', () => {
    for (const ok of ['latest', 'v1.4.2', 'abc1234', '_x', 'A-b_c.d', 'x'.repeat(128)]) assert.equal(validateImageTag(ok), undefined, ok);
    assert.deepEqual(validateImageTag(''), { id: 'push.tagEmpty', args: [] });
    assert.deepEqual(validateImageTag('x'.repeat(129)), { id: 'push.tagTooLong', args: [128, 129] });
    assert.deepEqual(validateImageTag('-rc'), { id: 'push.tagBadStart', args: ['-'] });
    assert.deepEqual(validateImageTag('.hidden'), { id: 'push.tagBadStart', args: ['.'] });
    assert.deepEqual(validateImageTag('v1/2'), { id: 'push.tagBadChar', args: ['/'] });
    assert.deepEqual(validateImageTag('v1 2'), { id: 'push.tagBadChar', args: ['U+0020'] });
    assert.deepEqual(validateImageTag('v1\u001b[31m'), { id: 'push.tagBadChar', args: ['U+001B'] });
    assert.deepEqual(validateImageTag('v1:2'), { id: 'push.tagBadChar', args: [':'] });
  });
});
