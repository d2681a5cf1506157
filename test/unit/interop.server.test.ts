// INTEROP: one set of ECR API assertions, run against moto_server (an independent emulator) and against the
// project's emulator through the real @aws-sdk/client-ecr, to keep the project's emulator honest.
// The few places where moto knowingly differs from ECR are named in `Quirks`, not silently skipped.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
  PutImageCommand,
  paginateDescribeImages,
  paginateDescribeRepositories,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { missingImageIdOf } from '../../src/aws/imageLookup';
import { ecrClient, startEmulator, startMoto } from '../servers';

interface Quirks {
  /** moto: expiresAt is fixed at 2015-01-01 and the password is `<registryId>-auth-token`. */
  fixedToken: boolean;
  /** moto: proxyEndpoint is the real AWS host; the emulator answers with its own URL. */
  proxyEndpointIsAwsHost: boolean;
  /** ECR: imageDigest = sha256 of the manifest bytes. moto hashes the joined layer digests instead. */
  digestIsManifestSha256: boolean;
  /** ECR: ImageTagAlreadyExistsException for a taken tag in an IMMUTABLE repository; moto: ImageAlreadyExistsException. */
  immutableTagError: string;
  /** moto ignores DescribeImages filter.tagStatus. */
  honoursTagStatusFilter: boolean;
  /** ECR lists a deleted untagged image as {imageDigest} in BatchDeleteImage.imageIds; moto omits it. */
  reportsUntaggedDeletion: boolean;
}

interface Target {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

function manifest(n: number): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_V2,
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1500 + n,
      digest: `sha256:${createHash('sha256').update(`config${n}`).digest('hex')}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 30_000 + n,
        digest: `sha256:${createHash('sha256').update(`layer${n}`).digest('hex')}`,
      },
    ],
  });
}
const digestOf = (m: string): string => `sha256:${createHash('sha256').update(m).digest('hex')}`;

async function sdkError(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as { name: string; message: string };
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

/** The shared contract: every assertion here must hold for moto and for the project's emulator. */
function ecrContract(name: string, start: () => Promise<Target>, quirks: Quirks): void {
  describe(`(unit) INTEROP ECR API contract: ${name}`, function () {
    this.timeout(60000);
    let target: Target;
    let ecr: ECRClient;
    let eu: ECRClient;
    before(async () => {
      target = await start();
      ecr = ecrClient(target.endpoint);
      eu = ecrClient(target.endpoint, { region: 'eu-west-1' });
    });
    after(async () => {
      ecr?.destroy();
      eu?.destroy();
      await target?.stop();
    });
    beforeEach(() => target.reset());

    async function seedApi(): Promise<{ tagged: string; untagged: string }> {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api' }));
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/web', imageTagMutability: 'IMMUTABLE' }));
      const v1 = await ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifest(1), imageTag: 'v1' }));
      const latest = await ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifest(1), imageTag: 'latest' }));
      const bare = await ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifest(2) }));
      const tagged = v1.image?.imageId?.imageDigest ?? '';
      const untagged = bare.image?.imageId?.imageDigest ?? '';
      assert.match(tagged, /^sha256:[0-9a-f]{64}$/);
      assert.equal(latest.image?.imageId?.imageDigest, tagged, 'the same manifest is the same image');
      assert.notEqual(untagged, tagged);
      assert.equal(v1.image?.imageManifest, manifest(1));
      if (quirks.digestIsManifestSha256) {
        assert.equal(tagged, digestOf(manifest(1)));
        assert.equal(untagged, digestOf(manifest(2)));
      }
      return { tagged, untagged };
    }

    it('DescribeRegistry names the default account', async () => {
      assert.equal((await ecr.send(new DescribeRegistryCommand({}))).registryId, '123456789012');
    });

    it('CreateRepository returns an ECR-shaped repository; a duplicate is RepositoryAlreadyExistsException', async () => {
      const out = await ecr.send(
        new CreateRepositoryCommand({ repositoryName: 'team/api', imageScanningConfiguration: { scanOnPush: true } }),
      );
      const r = out.repository;
      assert.equal(r?.repositoryName, 'team/api');
      assert.equal(r?.registryId, '123456789012');
      assert.equal(r?.repositoryArn, 'arn:aws:ecr:us-east-1:123456789012:repository/team/api');
      assert.equal(r?.repositoryUri, '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api');
      assert.equal(r?.imageTagMutability, 'MUTABLE');
      assert.equal(r?.imageScanningConfiguration?.scanOnPush, true);
      assert.ok(r?.createdAt instanceof Date && !Number.isNaN(r.createdAt.getTime()));
      const dup = await sdkError(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api' })));
      assert.equal(dup.name, 'RepositoryAlreadyExistsException');
      assert.equal(dup.$metadata?.httpStatusCode, 400);
      assert.equal(dup.message, "The repository with name 'team/api' already exists in the registry with id '123456789012'");
    });

    it('DescribeRepositories lists every repository (paged by 1 where paging is honoured), by name too, per region', async () => {
      await seedApi();
      await eu.send(new CreateRepositoryCommand({ repositoryName: 'eu/only' }));
      const names: string[] = [];
      for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 1 }, {})) {
        for (const r of page.repositories ?? []) names.push(r.repositoryName ?? '');
      }
      assert.deepEqual(names.sort(), ['team/api', 'team/web']);
      const one = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/web'] }));
      assert.equal(one.repositories?.[0].imageTagMutability, 'IMMUTABLE');
      const euNames = (await eu.send(new DescribeRepositoriesCommand({}))).repositories?.map((r) => r.repositoryName);
      assert.deepEqual(euNames, ['eu/only']);
    });

    it('PutImage computes the digest; DescribeImages shows all tags of one image and the untagged image', async () => {
      const { tagged, untagged } = await seedApi();
      const all = [];
      for await (const page of paginateDescribeImages({ client: ecr, pageSize: 1000 }, { repositoryName: 'team/api' }))
        all.push(...(page.imageDetails ?? []));
      assert.equal(all.length, 2);
      const t = all.find((d) => d.imageDigest === tagged);
      const u = all.find((d) => d.imageDigest === untagged);
      assert.deepEqual([...(t?.imageTags ?? [])].sort(), ['latest', 'v1']);
      assert.equal(u?.imageTags, undefined);
      for (const d of all) {
        assert.equal(d.registryId, '123456789012');
        assert.equal(d.repositoryName, 'team/api');
        assert.equal(d.imageManifestMediaType, DOCKER_V2);
        assert.ok((d.imageSizeInBytes ?? 0) > 0);
        assert.ok(d.imagePushedAt instanceof Date && Math.abs(d.imagePushedAt.getTime() - Date.now()) < 10 * 60_000);
      }
      const byTag = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'latest' }] }));
      assert.equal(byTag.imageDetails?.[0].imageDigest, tagged);
      if (quirks.honoursTagStatusFilter) {
        const onlyUntagged = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', filter: { tagStatus: 'UNTAGGED' } }));
        assert.deepEqual(
          onlyUntagged.imageDetails?.map((d) => d.imageDigest),
          [untagged],
        );
      }
      const missing = await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'nope' }] })));
      assert.equal(missing.name, 'ImageNotFoundException');
    });

    it('DescribeImages with imageIds answers every id, or fails the whole call naming the first missing id (no failures list)', async () => {
      const { tagged, untagged } = await seedApi();
      const both = await ecr.send(
        new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'v1' }, { imageDigest: untagged }] }),
      );
      assert.deepEqual(both.imageDetails?.map((d) => d.imageDigest).sort(), [tagged, untagged].sort());
      assert.equal('failures' in both, false);
      const tagMissing = await sdkError(
        ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'v1' }, { imageTag: 'nope' }] })),
      );
      assert.equal(tagMissing.name, 'ImageNotFoundException');
      assert.deepEqual(missingImageIdOf(tagMissing.message), { imageTag: 'nope' });
      const gone = `sha256:${'e'.repeat(64)}`;
      const digestMissing = await sdkError(
        ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageDigest: gone }, { imageTag: 'latest' }] })),
      );
      assert.equal(digestMissing.name, 'ImageNotFoundException');
      assert.deepEqual(missingImageIdOf(digestMissing.message), { imageDigest: gone });
      const noRepo = await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'team/none', imageIds: [{ imageTag: 'v1' }] })));
      assert.equal(noRepo.name, 'RepositoryNotFoundException');
    });

    it('ListImages lists one id per tag and one for the untagged image', async () => {
      const { tagged, untagged } = await seedApi();
      const ids = (await ecr.send(new ListImagesCommand({ repositoryName: 'team/api' }))).imageIds ?? [];
      const rows = ids.map((i) => `${i.imageDigest}|${i.imageTag ?? ''}`).sort();
      assert.deepEqual(rows, [`${tagged}|latest`, `${tagged}|v1`, `${untagged}|`].sort());
    });

    it('BatchGetImage returns the stored manifest; unknown ids come back as ImageNotFound failures', async () => {
      const { tagged } = await seedApi();
      const out = await ecr.send(
        new BatchGetImageCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'v1' }, { imageTag: 'nope' }] }),
      );
      assert.equal(out.images?.[0].imageManifest, manifest(1));
      assert.equal(out.images?.[0].imageId?.imageDigest, tagged);
      assert.equal(out.failures?.[0].failureCode, 'ImageNotFound');
      assert.equal(out.failures?.[0].imageId?.imageTag, 'nope');
    });

    it('re-putting the same tag and manifest is ImageAlreadyExistsException; an immutable tag cannot move', async () => {
      await seedApi();
      const again = await sdkError(
        ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifest(1), imageTag: 'v1' })),
      );
      assert.equal(again.name, 'ImageAlreadyExistsException');
      assert.equal(again.$metadata?.httpStatusCode, 400);
      await ecr.send(new PutImageCommand({ repositoryName: 'team/web', imageManifest: manifest(3), imageTag: 'prod' }));
      const moved = await sdkError(
        ecr.send(new PutImageCommand({ repositoryName: 'team/web', imageManifest: manifest(4), imageTag: 'prod' })),
      );
      assert.equal(moved.name, quirks.immutableTagError);
      assert.equal(moved.$metadata?.httpStatusCode, 400);
    });

    it('retag without pulling: BatchGetImage (manifest + media type) then PutImage with another tag joins the same image', async () => {
      const { tagged } = await seedApi();
      const got = await ecr.send(new BatchGetImageCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'v1' }] }));
      const image = got.images?.[0];
      assert.equal(image?.imageManifestMediaType, DOCKER_V2);
      const put = await ecr.send(
        new PutImageCommand({
          repositoryName: 'team/api',
          imageManifest: image?.imageManifest,
          imageManifestMediaType: image?.imageManifestMediaType,
          imageTag: 'prod',
        }),
      );
      assert.equal(put.image?.imageId?.imageDigest, tagged);
      assert.equal(put.image?.imageId?.imageTag, 'prod');
      const d = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'prod' }] }));
      assert.equal(d.imageDetails?.[0].imageDigest, tagged);
      assert.deepEqual([...(d.imageDetails?.[0].imageTags ?? [])].sort(), ['latest', 'prod', 'v1']);
      // The same retag again is ImageAlreadyExistsException (nothing to do).
      const again = await sdkError(
        ecr.send(
          new PutImageCommand({
            repositoryName: 'team/api',
            imageManifest: image?.imageManifest,
            imageManifestMediaType: image?.imageManifestMediaType,
            imageTag: 'prod',
          }),
        ),
      );
      assert.equal(again.name, 'ImageAlreadyExistsException');
    });

    it('retag on an IMMUTABLE repository: a new tag works; a tag held by another image cannot move', async () => {
      await seedApi();
      const first = await ecr.send(new PutImageCommand({ repositoryName: 'team/web', imageManifest: manifest(6), imageTag: 'v6' }));
      await ecr.send(new PutImageCommand({ repositoryName: 'team/web', imageManifest: manifest(7), imageTag: 'prod' }));
      const got = await ecr.send(new BatchGetImageCommand({ repositoryName: 'team/web', imageIds: [{ imageTag: 'v6' }] }));
      const extra = await ecr.send(
        new PutImageCommand({ repositoryName: 'team/web', imageManifest: got.images?.[0].imageManifest, imageTag: 'release' }),
      );
      assert.equal(extra.image?.imageId?.imageDigest, first.image?.imageId?.imageDigest);
      const moved = await sdkError(
        ecr.send(new PutImageCommand({ repositoryName: 'team/web', imageManifest: got.images?.[0].imageManifest, imageTag: 'prod' })),
      );
      assert.equal(moved.name, quirks.immutableTagError);
    });

    it('retag of an OCI image index keeps the index media type (the index is tagged, not one platform)', async () => {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/multi' }));
      const children = [1, 2].map((n) =>
        JSON.stringify({ ...(JSON.parse(manifest(10 + n)) as object), mediaType: OCI_MANIFEST }).replace(
          /application\/vnd\.docker\.container\.image\.v1\+json/,
          'application/vnd.oci.image.config.v1+json',
        ),
      );
      for (const c of children) {
        await ecr.send(new PutImageCommand({ repositoryName: 'team/multi', imageManifest: c, imageManifestMediaType: OCI_MANIFEST }));
      }
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: children.map((c, k) => ({
          mediaType: OCI_MANIFEST,
          digest: digestOf(c),
          size: Buffer.byteLength(c),
          platform: { os: 'linux', architecture: k === 0 ? 'amd64' : 'arm64' },
        })),
      });
      await ecr.send(
        new PutImageCommand({ repositoryName: 'team/multi', imageManifest: index, imageManifestMediaType: OCI_INDEX, imageTag: 'v1' }),
      );
      const got = await ecr.send(new BatchGetImageCommand({ repositoryName: 'team/multi', imageIds: [{ imageTag: 'v1' }] }));
      assert.equal(got.images?.[0].imageManifestMediaType, OCI_INDEX);
      assert.equal(got.images?.[0].imageManifest, index);
      const put = await ecr.send(
        new PutImageCommand({
          repositoryName: 'team/multi',
          imageManifest: got.images?.[0].imageManifest,
          imageManifestMediaType: got.images?.[0].imageManifestMediaType,
          imageTag: 'prod',
        }),
      );
      assert.equal(put.image?.imageManifestMediaType, OCI_INDEX);
      const d = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/multi', imageIds: [{ imageTag: 'prod' }] }));
      assert.deepEqual([...(d.imageDetails?.[0].imageTags ?? [])].sort(), ['prod', 'v1']);
      assert.equal(d.imageDetails?.[0].imageManifestMediaType, OCI_INDEX);
    });

    it('a mutable tag moves to the newly put image', async () => {
      const { tagged } = await seedApi();
      const put = await ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifest(5), imageTag: 'latest' }));
      const byTag = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'latest' }] }));
      assert.equal(byTag.imageDetails?.[0].imageDigest, put.image?.imageId?.imageDigest);
      const old = await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageDigest: tagged }] }));
      assert.deepEqual(old.imageDetails?.[0].imageTags, ['v1']);
    });

    it('BatchDeleteImage removes one tag, deletes an untagged image by digest, and reports unknown ids', async () => {
      const { tagged, untagged } = await seedApi();
      const out = await ecr.send(
        new BatchDeleteImageCommand({
          repositoryName: 'team/api',
          imageIds: [{ imageTag: 'latest' }, { imageDigest: untagged }, { imageTag: 'ghost' }],
        }),
      );
      const deleted = (out.imageIds ?? []).map((i) => `${i.imageDigest}|${i.imageTag ?? ''}`).sort();
      const expected = quirks.reportsUntaggedDeletion ? [`${tagged}|latest`, `${untagged}|`] : [`${tagged}|latest`];
      assert.deepEqual(deleted, expected.sort());
      assert.equal(out.failures?.length, 1);
      assert.equal(out.failures?.[0].failureCode, 'ImageNotFound');
      assert.equal(out.failures?.[0].imageId?.imageTag, 'ghost');
      const left = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api' }))).imageDetails ?? [];
      assert.deepEqual(
        left.map((d) => [d.imageDigest, d.imageTags]),
        [[tagged, ['v1']]],
      );
    });

    it('DeleteRepository: not empty → RepositoryNotEmptyException; force deletes; then RepositoryNotFoundException (400)', async () => {
      await seedApi();
      const notEmpty = await sdkError(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/api' })));
      assert.equal(notEmpty.name, 'RepositoryNotEmptyException');
      const out = await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/api', force: true }));
      assert.equal(out.repository?.repositoryName, 'team/api');
      const gone = await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'team/api' })));
      assert.equal(gone.name, 'RepositoryNotFoundException');
      assert.equal(gone.$metadata?.httpStatusCode, 400);
      assert.equal(gone.message, "The repository with name 'team/api' does not exist in the registry with id '123456789012'");
      const byName = await sdkError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/api'] })));
      assert.equal(byName.name, 'RepositoryNotFoundException');
      assert.equal((await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'team/web' }))).repository?.repositoryName, 'team/web');
    });

    it('GetAuthorizationToken decodes to AWS:<password> with an expiry and a proxy endpoint', async () => {
      const data = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData ?? [];
      assert.equal(data.length, 1);
      const decoded = Buffer.from(data[0].authorizationToken ?? '', 'base64').toString('utf8');
      const [user, ...rest] = decoded.split(':');
      const password = rest.join(':');
      assert.equal(user, 'AWS');
      assert.ok(password.length > 0);
      assert.ok(data[0].expiresAt instanceof Date);
      const endpoint = new URL(data[0].proxyEndpoint ?? '');
      if (quirks.proxyEndpointIsAwsHost) assert.equal(endpoint.host, '123456789012.dkr.ecr.us-east-1.amazonaws.com');
      else assert.equal(endpoint.origin, target.endpoint);
      if (quirks.fixedToken) {
        assert.equal(password, '123456789012-auth-token');
        assert.equal(data[0].expiresAt?.toISOString(), '2015-01-01T00:00:00.000Z');
      } else {
        const hours = ((data[0].expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000;
        assert.ok(hours > 11.9 && hours <= 12, String(hours));
      }
    });
  });
}

ecrContract(
  'moto_server',
  async () => {
    const moto = await startMoto();
    return { endpoint: moto.url, reset: () => moto.reset(), stop: () => moto.stop() };
  },
  {
    fixedToken: true,
    proxyEndpointIsAwsHost: true,
    digestIsManifestSha256: false,
    immutableTagError: 'ImageAlreadyExistsException',
    honoursTagStatusFilter: false,
    reportsUntaggedDeletion: false,
  },
);

ecrContract(
  'ECR emulator',
  async () => {
    const emu = await startEmulator();
    return {
      endpoint: emu.url,
      reset: async () => emu.emulator.reset(),
      stop: () => emu.stop(),
    };
  },
  {
    fixedToken: false,
    proxyEndpointIsAwsHost: false,
    digestIsManifestSha256: true,
    immutableTagError: 'ImageTagAlreadyExistsException',
    honoursTagStatusFilter: true,
    reportsUntaggedDeletion: true,
  },
);
