// The data layer against moto_server (an independent ECR implementation): listings, tokens, cross-account
// registry ids, writes, and errors from a real server.
import { strict as assert } from 'node:assert';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import { toImage, toRepository } from '../../../src/aws/mapping';
import { ProblemError, imagesToTags, sortImages } from '../../../src/aws';
import type { EcrRegistry, Image, Problem, Repository } from '../../../src/model/types';
import { startMoto } from '../../servers';
import { collect, countCalls, manifestFor, MOTO_KEYS, rejection } from '../helpers/awsHelpers';
import { ecrSuite } from '../helpers/ecrSuite';
import { message } from '../../../src/model/message';

const OWN = '123456789012';
const OTHER = '111122223333';

describe('(unit) aws data layer against moto_server', function () {
  this.timeout(60000);
  const suite = ecrSuite(() => startMoto(), MOTO_KEYS);
  const { service, inEnv, ownRegistry } = suite;
  let seed: ECRClient;

  before(() => {
    seed = new ECRClient({
      region: 'us-east-1',
      endpoint: suite.server.url,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  });
  after(() => seed?.destroy());
  beforeEach(async () => {
    await suite.server.reset();
    for (const name of ['team/app', 'base', 'zeta/tools']) await seed.send(new CreateRepositoryCommand({ repositoryName: name }));
    await seed.send(new CreateRepositoryCommand({ repositoryName: 'partner/shared', registryId: OTHER }));
    const put = (repo: string, seedText: string, tag?: string) =>
      seed.send(
        new PutImageCommand({
          repositoryName: repo,
          imageManifest: manifestFor(seedText),
          imageTag: tag,
          imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        }),
      );
    await put('team/app', 'one', 'v1');
    await put('team/app', 'two', 'v2');
    await put('team/app', 'two', 'latest'); // second tag on the same digest
    await put('team/app', 'three', 'v10');
    await put('team/app', 'four'); // untagged
    await put('team/app', 'five', 'moving');
  });

  it('lists the own registry (DescribeRegistry) plus configured cross-account ids, deduplicated', async () => {
    const s = service({ registryIds: [OTHER, OWN, OTHER] });
    const regs = await inEnv(() => s.listRegistries());
    const ids = regs.map((r) => (r.kind === 'registry' ? `${r.registryId}:${r.own}` : 'problem'));
    assert.deepEqual(ids, [`${OWN}:true`, `${OTHER}:false`]);
    const own = regs[0] as EcrRegistry;
    assert.equal(own.id, `ecr:default:us-east-1:${OWN}`);
    // Endpoint override: the login host comes from GetAuthorizationToken's proxyEndpoint (moto names AWS hosts).
    assert.equal(own.host, `${OWN}.dkr.ecr.us-east-1.amazonaws.com`);
    assert.equal(own.source.endpoint, suite.server.url);
  });

  it('lists repositories of own and cross-account registries, sorted by name, in one call each', async () => {
    const s = service({ registryIds: [OTHER] });
    const regs = (await inEnv(() => s.listRegistries())) as EcrRegistry[];
    const client = s.client(regs[0]!.source);
    const calls = countCalls(client);
    const own = await inEnv(() => collect(s.listRepositories(regs[0]!)));
    assert.deepEqual(
      own.items.map((r) => r.name),
      ['base', 'team/app', 'zeta/tools'],
    );
    assert.equal(own.items[1]!.uri, `${OWN}.dkr.ecr.us-east-1.amazonaws.com/team/app`);
    assert.equal(own.items[1]!.parent, regs[0]);
    assert.equal(calls.get('DescribeRepositories'), 1);
    const other = await inEnv(() => collect(s.listRepositories(regs[1]!)));
    assert.deepEqual(
      other.items.map((r) => r.name),
      ['partner/shared'],
    );
    assert.equal(calls.get('DescribeRepositories'), 2);
    assert.equal(s.clientCount, 1, 'one client per (profile, region, endpoint), reused');
  });

  it('lists all images with all their tags, keeps untagged images, sorts and expands to tag rows', async () => {
    const s = service();
    const reg = await ownRegistry(s);
    const repos = (await inEnv(() => collect(s.listRepositories(reg)))).items;
    const app = repos.find((r) => r.name === 'team/app')!;
    const { items } = await inEnv(() => collect(s.listImages(app)));
    assert.equal(items.length, 5);
    const tagSets = items.map((i) => [...i.tags].sort().join(',')).sort();
    assert.deepEqual(tagSets, ['', 'latest,v2', 'moving', 'v1', 'v10']);
    for (const img of items) {
      assert.match(img.digest, /^sha256:[0-9a-f]{64}$/);
      assert.ok(img.pushedAt instanceof Date);
      assert.equal(img.parent, app);
    }
    const byTag = sortImages(items, 'tag').map((i) => i.tags.slice().sort()[0] ?? '<none>');
    assert.deepEqual(byTag, ['latest', 'moving', 'v1', 'v10', '<none>']);
    const rows = imagesToTags(items, 'tag').map((t) => t.tag ?? '<none>');
    assert.deepEqual(rows, ['latest', 'moving', 'v1', 'v2', 'v10', '<none>']);
  });

  it("reads listing pages raw (rawJson.ts): the same repositories and images as the SDK's own reading, mapped", async () => {
    const s = service();
    const reg = await ownRegistry(s);
    const repos = (await inEnv(() => collect(s.listRepositories(reg)))).items;
    const sdkRepos = await seed.send(new DescribeRepositoriesCommand({ registryId: OWN }));
    assert.ok(sdkRepos.repositories?.[0]?.createdAt instanceof Date);
    assert.deepEqual(
      repos,
      (sdkRepos.repositories ?? []).map((r) => toRepository(r, reg)).sort((a, b) => (a!.name < b!.name ? -1 : 1)),
    );
    const app = repos.find((r) => r.name === 'team/app')!;
    const images = (await inEnv(() => collect(s.listImages(app)))).items;
    const sdkImages = await seed.send(new DescribeImagesCommand({ repositoryName: 'team/app' }));
    assert.equal(images.length, 5);
    assert.deepEqual(
      images,
      (sdkImages.imageDetails ?? []).map((d) => toImage(d, app)),
    );
  });

  it('gets tokens for several registries in one GetAuthorizationToken call and decodes them', async () => {
    const s = service({ registryIds: [OTHER] });
    const regs = (await inEnv(() => s.listRegistries())) as EcrRegistry[];
    const calls = countCalls(s.client(regs[0]!.source));
    // moto's tokens are already expired (2015), so every request goes to the server: exactly one call.
    const tokens = await inEnv(() => s.getAuthorizationToken(regs));
    assert.equal(calls.get('GetAuthorizationToken'), 1);
    for (const reg of regs) {
      const t = tokens.get(reg.id);
      assert.ok(t, `token for ${reg.registryId}`);
      assert.equal(t.username, 'AWS');
      assert.equal(t.password, `${reg.registryId}-auth-token`);
      assert.equal(Buffer.from(t.authorizationToken, 'base64').toString(), `AWS:${reg.registryId}-auth-token`);
      assert.equal(t.proxyEndpoint, `https://${reg.registryId}.dkr.ecr.us-east-1.amazonaws.com`);
      assert.ok(t.expiresAt instanceof Date);
    }
  });

  it('creates (validating the name first), deletes images and deletes repositories', async () => {
    const s = service();
    const reg = await ownRegistry(s);
    const calls = countCalls(s.client(reg.source));
    const bad = await rejection(s.createRepository(reg, 'Team/App', { tagMutability: 'MUTABLE', scanOnPush: false }));
    assert.ok(bad instanceof ProblemError);
    assert.deepStrictEqual(bad.problem.message, message('aws.repositoryNameUppercase', message('aws.repositoryNameRules')));
    assert.deepStrictEqual(bad.problem.action, message('aws.enterAnotherName'));
    assert.equal(calls.get('CreateRepository'), undefined, 'an invalid name never reaches the API');

    const created = await inEnv(() => s.createRepository(reg, 'new/repo-1', { tagMutability: 'IMMUTABLE', scanOnPush: true }));
    assert.equal(created.name, 'new/repo-1');
    assert.equal(created.tagMutability, 'IMMUTABLE');
    assert.equal(created.scanOnPush, true);
    assert.equal(created.uri, `${reg.host}/new/repo-1`);

    const app = (await inEnv(() => collect(s.listRepositories(reg)))).items.find((r) => r.name === 'team/app')!;
    const result = await inEnv(() => s.deleteImages(app, [{ tag: 'v1' }, { tag: 'does-not-exist' }]));
    assert.equal(result.deleted, 1);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!, /^does-not-exist: ImageNotFound/);
    const left = (await inEnv(() => collect(s.listImages(app)))).items;
    assert.ok(!left.some((i: Image) => i.tags.includes('v1')));

    const notEmpty = await rejection(inEnv(() => s.deleteRepository(app, { force: false })));
    assert.ok(notEmpty instanceof ProblemError);
    await inEnv(() => s.deleteRepository(app, { force: true }));
    const names = (await inEnv(() => collect(s.listRepositories(reg)))).items.map((r: Repository) => r.name);
    assert.ok(!names.includes('team/app'));
    const gone = await rejection(inEnv(() => collect(s.listImages(app))));
    assert.ok(gone instanceof ProblemError);
    assert.equal(gone.problem.code, 'notFound');
  });

  it('reports an unreachable endpoint as a problem node, not an exception', async () => {
    const s = service({ endpoint: 'http://127.0.0.1:9' });
    const regs = await inEnv(() => s.listRegistries());
    assert.equal(regs.length, 1);
    const p = regs[0] as Problem;
    assert.equal(p.kind, 'problem');
    assert.equal(p.problem.code, 'unreachable');
    assert.equal(p.problem.actionId, 'retry');
  });
});
