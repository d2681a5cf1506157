// The ECR emulator, driven by the real @aws-sdk/client-ecr: paging cost, validation, accounts/regions, tokens,
// every injected fault, counters, the HTTP control API and scale seeding.
import { strict as assert } from 'node:assert';
import {
  BatchDeleteImageCommand,
  DescribeImagesCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  paginateDescribeImages,
  paginateDescribeRepositories,
  paginateListImages,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { ecrClient, startEmulator, type EmulatorServer } from '../../servers';
import type { FaultSpec } from '../../emulator/types';

interface SdkError {
  name: string;
  message: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

async function sdkError(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (err) {
    return err as SdkError;
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

const HOUR = 3_600_000;

describe('(unit) ECR emulator: paging with the real SDK paginators', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let ecr: ECRClient;
  before(async () => {
    server = await startEmulator();
    ecr = ecrClient(server.url);
  });
  after(async () => {
    ecr?.destroy();
    await server?.stop();
  });
  beforeEach(() => server.emulator.reset());

  it('lists 2,500 repositories in exactly 3 DescribeRepositories calls (pageSize 1000)', async () => {
    server.emulator.seedScale({ repositories: 2500 });
    server.emulator.resetCalls();
    const names: string[] = [];
    const pageSizes: number[] = [];
    for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 1000 }, {})) {
      pageSizes.push(page.repositories?.length ?? 0);
      for (const r of page.repositories ?? []) names.push(r.repositoryName ?? '');
    }
    assert.deepEqual(pageSizes, [1000, 1000, 500]);
    assert.equal(new Set(names).size, 2500);
    assert.equal(server.emulator.calls('DescribeRepositories'), Math.ceil(2500 / 1000));
  });

  it('lists 12,000 images in exactly 12 DescribeImages calls and 12 ListImages calls', async () => {
    server.emulator.seedImages('big/images', 12000);
    server.emulator.resetCalls();
    const digests = new Set<string>();
    for await (const page of paginateDescribeImages({ client: ecr, pageSize: 1000 }, { repositoryName: 'big/images' })) {
      for (const d of page.imageDetails ?? []) digests.add(d.imageDigest ?? '');
    }
    assert.equal(digests.size, 12000);
    assert.equal(server.emulator.calls('DescribeImages'), Math.ceil(12000 / 1000));
    let ids = 0;
    for await (const page of paginateListImages({ client: ecr, pageSize: 1000 }, { repositoryName: 'big/images' }))
      ids += page.imageIds?.length ?? 0;
    assert.equal(ids, 12000);
    assert.equal(server.emulator.calls('ListImages'), 12);
  });

  it('defaults to 100 per page without maxResults, and the last page carries no nextToken', async () => {
    server.emulator.seedScale({ repositories: 150 });
    const first = await ecr.send(new DescribeRepositoriesCommand({}));
    assert.equal(first.repositories?.length, 100);
    assert.equal(typeof first.nextToken, 'string');
    const second = await ecr.send(new DescribeRepositoriesCommand({ nextToken: first.nextToken }));
    assert.equal(second.repositories?.length, 50);
    assert.equal(second.nextToken, undefined);
  });

  it('validates maxResults (1..1000) and nextToken like ECR: InvalidParameterException, HTTP 400', async () => {
    server.emulator.seed({ repositories: [{ name: 'a/b', images: [{ tags: ['x'] }, { tags: ['y'] }] }] });
    for (const maxResults of [0, 1001]) {
      const err = await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'a/b', maxResults })));
      assert.equal(err.name, 'InvalidParameterException');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.match(err.message, /maxResults/);
    }
    const page = await ecr.send(new DescribeImagesCommand({ repositoryName: 'a/b', maxResults: 1 }));
    assert.ok(page.nextToken);
    // A token is bound to its listing: the images token is refused by DescribeRepositories, garbage too.
    for (const nextToken of [page.nextToken, 'garbage']) {
      const err = await sdkError(ecr.send(new DescribeRepositoriesCommand({ nextToken })));
      assert.equal(err.name, 'InvalidParameterException');
    }
  });

  it('filters by tagStatus and ListImages lists one id per tag plus the untagged image', async () => {
    server.emulator.seed({ repositories: [{ name: 'app', images: [{ tags: ['1', 'latest'] }, { tags: ['2'] }, {}] }] });
    const untagged = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'UNTAGGED' } }));
    assert.equal(untagged.imageDetails?.length, 1);
    assert.equal(untagged.imageDetails?.[0].imageTags, undefined);
    const tagged = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', filter: { tagStatus: 'TAGGED' } }));
    assert.deepEqual(
      tagged.imageDetails?.map((d) => d.imageTags),
      [['1', 'latest'], ['2']],
    );
    // Paging ListImages 2 at a time splits an image's tags across pages without losing or repeating any.
    const seen: string[] = [];
    for await (const page of paginateListImages({ client: ecr, pageSize: 2 }, { repositoryName: 'app' })) {
      assert.ok((page.imageIds?.length ?? 0) <= 2);
      for (const id of page.imageIds ?? []) seen.push(id.imageTag ?? `<untagged ${id.imageDigest?.slice(0, 12)}>`);
    }
    assert.equal(seen.length, 4);
    assert.deepEqual(seen.slice(0, 3), ['1', 'latest', '2']);
  });

  it('seeds 100,000 images lazily; the last one is addressable by tag and digest', async () => {
    const t0 = performance.now();
    server.emulator.seedImages('huge/repo', 100_000);
    const ms = performance.now() - t0;
    console.log(`      seedImages(100,000): ${ms.toFixed(1)} ms`);
    const byTag = await ecr.send(new DescribeImagesCommand({ repositoryName: 'huge/repo', imageIds: [{ imageTag: 'build-99999' }] }));
    const digest = byTag.imageDetails?.[0].imageDigest;
    assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
    const byDigest = await ecr.send(new DescribeImagesCommand({ repositoryName: 'huge/repo', imageIds: [{ imageDigest: digest }] }));
    assert.deepEqual(byDigest.imageDetails?.[0].imageTags, ['build-99999']);
    const missing = await sdkError(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'huge/repo', imageIds: [{ imageTag: 'build-100000' }] })),
    );
    assert.equal(missing.name, 'ImageNotFoundException');
    assert.equal(server.emulator.summary().accounts[0].regions[0].images, 100_000);
  });

  it('BatchDeleteImage by tag deletes an image whose last tag goes; by digest removes all its tags', async () => {
    server.emulator.seed({ repositories: [{ name: 'app', images: [{ tags: ['a'] }, { tags: ['b', 'c'] }] }] });
    const del = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'a' }, { imageTag: 'zzz' }] }));
    assert.equal(del.imageIds?.[0].imageTag, 'a');
    assert.equal(del.failures?.[0].failureCode, 'ImageNotFound');
    const left = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app' }));
    assert.deepEqual(
      left.imageDetails?.map((d) => d.imageTags),
      [['b', 'c']],
    );
    const byDigest = await ecr.send(
      new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: left.imageDetails?.[0].imageDigest }] }),
    );
    assert.deepEqual(
      byDigest.imageIds?.map((i) => i.imageTag),
      ['b', 'c'],
    );
    assert.equal((await ecr.send(new DescribeImagesCommand({ repositoryName: 'app' }))).imageDetails?.length, 0);
  });

  it('lists platform manifests of a multi-arch image as untagged images and refuses to delete them first', async () => {
    server.emulator.seed({
      repositories: [
        {
          name: 'multi',
          images: [
            {
              tags: ['latest'],
              platforms: [
                { os: 'linux', architecture: 'amd64' },
                { os: 'linux', architecture: 'arm64', variant: 'v8' },
              ],
            },
          ],
        },
      ],
    });
    const all = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'multi' }))).imageDetails ?? [];
    assert.equal(all.length, 3);
    const index = all.find((d) => d.imageTags?.includes('latest'));
    assert.equal(index?.imageManifestMediaType, 'application/vnd.oci.image.index.v1+json');
    const child = all.find((d) => !d.imageTags);
    assert.equal(child?.imageManifestMediaType, 'application/vnd.oci.image.manifest.v1+json');
    const refused = await ecr.send(
      new BatchDeleteImageCommand({ repositoryName: 'multi', imageIds: [{ imageDigest: child?.imageDigest }] }),
    );
    assert.equal(refused.failures?.[0].failureCode, 'ImageReferencedByManifestList');
  });
});

describe('(unit) ECR emulator: accounts, regions and tokens', function () {
  this.timeout(30000);
  const NOW = Date.parse('2030-01-01T00:00:00Z');
  let server: EmulatorServer;
  const clients: ECRClient[] = [];
  const client = (opts: Parameters<typeof ecrClient>[1] = {}): ECRClient => {
    const c = ecrClient(server.url, opts);
    clients.push(c);
    return c;
  };
  before(async () => {
    server = await startEmulator({ now: () => NOW, accessKeys: { AKIADEVACCOUNT000001: '210987654321' } });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.setTokenLifetime(12 * HOUR);
  });

  it('selects the account by header or access key, and the region from the SigV4 scope', async () => {
    server.emulator.seed({
      repositories: [{ name: 'prod/api' }, { name: 'dev/api', accountId: '210987654321' }, { name: 'eu/api', region: 'eu-west-1' }],
    });
    const names = async (c: ECRClient): Promise<string[]> =>
      ((await c.send(new DescribeRepositoriesCommand({}))).repositories ?? []).map((r) => r.repositoryName ?? '');
    assert.deepEqual(await names(client()), ['prod/api']);
    assert.deepEqual(await names(client({ accessKeyId: 'AKIADEVACCOUNT000001' })), ['dev/api']);
    assert.deepEqual(await names(client({ accountId: '210987654321' })), ['dev/api']);
    assert.deepEqual(await names(client({ region: 'eu-west-1' })), ['eu/api']);
    assert.equal((await client({ accountId: '210987654321' }).send(new DescribeRegistryCommand({}))).registryId, '210987654321');
    const eu = (await client({ region: 'eu-west-1' }).send(new DescribeRepositoriesCommand({}))).repositories?.[0];
    assert.equal(eu?.repositoryUri, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/eu/api');
    assert.equal(eu?.repositoryArn, 'arn:aws:ecr:eu-west-1:123456789012:repository/eu/api');
  });

  it('serves a known other account by registryId and denies an unknown one', async () => {
    server.emulator.seed({ repositories: [{ name: 'shared/base', accountId: '111122223333' }] });
    const shared = await client().send(new DescribeRepositoriesCommand({ registryId: '111122223333' }));
    assert.deepEqual(
      shared.repositories?.map((r) => r.registryId),
      ['111122223333'],
    );
    const err = await sdkError(client().send(new DescribeRepositoriesCommand({ registryId: '999999999999' })));
    assert.equal(err.name, 'AccessDeniedException');
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  it('GetAuthorizationToken: base64 AWS:<password>, expiresAt = now + 12 h, proxyEndpoint = the emulator', async () => {
    const out = await client().send(new GetAuthorizationTokenCommand({}));
    const data = out.authorizationData?.[0];
    const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
    assert.ok(decoded.startsWith('AWS:'));
    assert.equal(decoded.slice(4), server.emulator.passwordFor('123456789012'));
    assert.equal(data?.expiresAt?.getTime(), NOW + 12 * HOUR);
    assert.equal(data?.proxyEndpoint, server.url);
    server.emulator.setTokenLifetime(60_000);
    const short = await client().send(new GetAuthorizationTokenCommand({ registryIds: ['123456789012', '111122223333'] }));
    assert.equal(short.authorizationData?.length, 2);
    assert.equal(short.authorizationData?.[0].expiresAt?.getTime(), NOW + 60_000);
    assert.notEqual(short.authorizationData?.[0].authorizationToken, short.authorizationData?.[1].authorizationToken);
  });

  it('proxyEndpoint is configurable', async () => {
    server.emulator.setProxyEndpoint('https://123456789012.dkr.ecr.us-east-1.amazonaws.com');
    try {
      const out = await client().send(new GetAuthorizationTokenCommand({}));
      assert.equal(out.authorizationData?.[0].proxyEndpoint, 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com');
    } finally {
      server.emulator.setProxyEndpoint(undefined);
    }
  });
});

describe('(unit) ECR emulator: fault injection', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let ecr: ECRClient;
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
    server.emulator.seed({ repositories: [{ name: 'aa', images: [{ tags: ['1'] }] }, { name: 'bb' }, { name: 'cc' }] });
  });
  const listRepos = (c: ECRClient = ecr, maxResults?: number) => c.send(new DescribeRepositoriesCommand({ maxResults }));
  const inject = (spec: FaultSpec) => server.emulator.fault(spec);

  const errorCases: Array<{ kind: FaultSpec['kind']; name: string; status: number }> = [
    { kind: 'throttle', name: 'ThrottlingException', status: 400 },
    { kind: 'serverError', name: 'ServerException', status: 500 },
    { kind: 'accessDenied', name: 'AccessDeniedException', status: 400 },
    { kind: 'expiredToken', name: 'ExpiredTokenException', status: 400 },
    { kind: 'html502', name: 'SyntaxError', status: 502 }, // the SDK's "Deserialization error" of an HTML page
  ];
  for (const c of errorCases) {
    it(`${c.kind} → ${c.name} (HTTP ${c.status}), classified by the SDK`, async () => {
      inject({ operation: 'DescribeRepositories', kind: c.kind });
      const err = await sdkError(listRepos());
      assert.equal(err.name, c.name);
      assert.equal(err.$metadata?.httpStatusCode, c.status);
      // Scoped to its operation: others still work.
      assert.equal((await ecr.send(new DescribeImagesCommand({ repositoryName: 'aa' }))).imageDetails?.length, 1);
    });
  }

  it('accessDenied names the IAM action', async () => {
    inject({ operation: 'DescribeImages', kind: 'accessDenied' });
    const err = await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'aa' })));
    assert.match(err.message, /not authorized to perform: ecr:DescribeImages/);
  });

  it('throttle N times: the SDK retries through it, and every attempt is counted at the server', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'throttle', times: 2 });
    const retrying = ecrClient(server.url, { maxAttempts: 3 });
    try {
      server.emulator.resetCalls();
      const out = await listRepos(retrying);
      assert.equal(out.repositories?.length, 3);
      assert.equal(out.$metadata.attempts, 3);
      assert.equal(server.emulator.calls('DescribeRepositories'), 3);
    } finally {
      retrying.destroy();
    }
  });

  it('times: 1 affects exactly one call', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'serverError', times: 1 });
    await sdkError(listRepos());
    assert.equal((await listRepos()).repositories?.length, 3);
  });

  it("malformedJson: HTTP 200 whose JSON is cut short → the SDK's SyntaxError (Deserialization error)", async () => {
    inject({ operation: 'DescribeRepositories', kind: 'malformedJson', times: 1 });
    const err = await sdkError(listRepos());
    assert.equal(err.name, 'SyntaxError');
    assert.equal(err.$metadata?.httpStatusCode, 200);
    inject({ operation: 'DescribeRepositories', kind: 'malformedJson', times: 1 });
    const res = await rawCall(server.url, 'DescribeRepositories', {});
    assert.equal(res.status, 200);
    assert.throws(() => JSON.parse(res.text));
  });

  it('truncated: the connection closes before Content-Length bytes → ECONNRESET/aborted, no partial success', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'truncated' });
    const err = await sdkError(listRepos());
    assert.match(`${err.code ?? ''} ${err.message}`, /ECONNRESET|aborted/);
  });

  it('drop destroys the connection without a response', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'drop' });
    const err = await sdkError(listRepos());
    assert.equal(err.$metadata?.httpStatusCode, undefined);
    assert.match(`${err.name} ${err.code ?? ''} ${err.message}`, /ECONNRESET|socket hang up|EPIPE/);
  });

  it('latency delays the answer (a client with a shorter timeout gives up; the answer is otherwise intact)', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'latency', ms: 2000, times: 1 });
    const impatient = ecrClient(server.url, { requestTimeoutMs: 200 });
    try {
      const err = await sdkError(listRepos(impatient));
      assert.equal(err.name, 'TimeoutError');
    } finally {
      impatient.destroy();
    }
    inject({ operation: 'DescribeRepositories', kind: 'latency', ms: 100, times: 1 });
    assert.equal((await listRepos()).repositories?.length, 3);
  });

  it('repeatNextToken hands back the token it was given (a never-ending pager)', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'repeatNextToken' });
    const first = await listRepos(ecr, 1);
    assert.ok(first.nextToken);
    const second = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1, nextToken: first.nextToken }));
    const third = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1, nextToken: second.nextToken }));
    assert.equal(second.nextToken, first.nextToken);
    assert.equal(third.nextToken, first.nextToken);
    assert.deepEqual(second.repositories, third.repositories);
  });

  it('huge answers with a valid 10 MB body', async () => {
    inject({ operation: 'DescribeRepositories', kind: 'huge', times: 1 });
    const res = await rawCall(server.url, 'DescribeRepositories', {});
    assert.ok(res.bytes >= 10 * 1024 * 1024, String(res.bytes));
    const parsed = JSON.parse(res.text) as { repositories: unknown[] };
    assert.equal(parsed.repositories.length, 3);
  });

  it('"*" faults every ECR operation; counters count per operation and reset', async () => {
    server.emulator.resetCalls();
    inject({ operation: '*', kind: 'expiredToken', times: 2 });
    assert.equal((await sdkError(listRepos())).name, 'ExpiredTokenException');
    assert.equal((await sdkError(ecr.send(new DescribeRegistryCommand({})))).name, 'ExpiredTokenException');
    assert.ok(await ecr.send(new DescribeRegistryCommand({})));
    assert.deepEqual(server.emulator.calls(), { DescribeRepositories: 1, DescribeRegistry: 2 });
    server.emulator.resetCalls();
    assert.equal(server.emulator.calls('DescribeRegistry'), 0);
  });

  it('rejects unknown fault operations and kinds', () => {
    assert.throws(() => inject({ operation: 'DescribeImagez', kind: 'throttle' }), /unknown operation/);
    assert.throws(() => inject({ operation: 'DescribeImages', kind: 'explode' as FaultSpec['kind'] }), /unknown fault kind/);
  });

  it('Registry v2 faults: throttle → 429 with Retry-After, huge → 10 MB manifest body', async () => {
    server.emulator.seed({ repositories: [{ name: 'v', images: [{ tags: ['t'] }] }] });
    const auth = { Authorization: `Basic ${server.emulator.authorizationTokenFor()}` };
    inject({ operation: 'v2.manifest', kind: 'throttle', times: 1 });
    const throttled = await fetch(`${server.url}/v2/v/manifests/t`, { headers: auth });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    inject({ operation: 'v2.manifest', kind: 'huge', times: 1 });
    const huge = await fetch(`${server.url}/v2/v/manifests/t`, { headers: auth });
    assert.equal(huge.status, 200);
    assert.ok((await huge.arrayBuffer()).byteLength >= 10 * 1024 * 1024);
    assert.equal((await fetch(`${server.url}/v2/v/manifests/t`, { headers: auth })).status, 200);
  });
});

async function rawCall(url: string, op: string, body: unknown): Promise<{ status: number; text: string; bytes: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AmazonEC2ContainerRegistry_V20150921.${op}`,
      Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20300101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: buf.toString('utf8'), bytes: buf.length };
}

describe('(unit) ECR emulator: HTTP control API', function () {
  this.timeout(30000);
  let server: EmulatorServer;
  let ecr: ECRClient;
  const control = async (route: string, body?: unknown, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${server.controlUrl}/${route}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  before(async () => {
    server = await startEmulator();
    ecr = ecrClient(server.url);
  });
  after(async () => {
    ecr?.destroy();
    await server?.stop();
  });

  it('seeds, injects faults, counts calls, sets token lifetime and hands out passwords over HTTP', async () => {
    assert.equal((await control('reset')).status, 200);
    const seeded = await control('seed', {
      repositories: [
        { name: 'ctl/app', images: [{ tags: ['v1'], pushedAt: '2024-05-01T00:00:00Z', scan: { findings: { CRITICAL: 2 } } }] },
      ],
    });
    assert.equal(seeded.status, 200);
    const img = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'ctl/app' }))).imageDetails?.[0];
    assert.equal(img?.imagePushedAt?.toISOString(), '2024-05-01T00:00:00.000Z');
    assert.deepEqual(img?.imageScanFindingsSummary?.findingSeverityCounts, { CRITICAL: 2 });

    assert.equal((await control('seedScale', { repositories: 5, prefix: 'ctl/scale' })).status, 200);
    assert.equal((await ecr.send(new DescribeRepositoriesCommand({}))).repositories?.length, 6);

    assert.equal((await control('calls/reset')).status, 200);
    assert.equal((await control('faults', { operation: 'DescribeImages', kind: 'throttle', times: 1 })).status, 200);
    assert.equal((await sdkError(ecr.send(new DescribeImagesCommand({ repositoryName: 'ctl/app' })))).name, 'ThrottlingException');
    assert.deepEqual((await control('calls', undefined, 'GET')).json, { calls: { DescribeImages: 1 } });
    assert.deepEqual((await control('calls?operation=DescribeImages', undefined, 'GET')).json, { operation: 'DescribeImages', count: 1 });

    await control('faults', { operation: 'DescribeRegistry', kind: 'serverError' });
    assert.equal((await control('faults/clear')).status, 200);
    assert.ok(await ecr.send(new DescribeRegistryCommand({})));

    const tok = await control('token', { lifetimeMs: 5 * 60_000 });
    assert.equal(tok.json.tokenLifetimeMs, 300_000);
    const before = Date.now();
    const out = await ecr.send(new GetAuthorizationTokenCommand({}));
    const exp = out.authorizationData?.[0].expiresAt?.getTime() ?? 0;
    assert.ok(exp >= before + 300_000 - 1000 && exp <= Date.now() + 300_000 + 1000, String(exp - before));

    const pw = await control('password', { registryId: '123456789012' });
    assert.equal(
      (await fetch(`${server.url}/v2/`, { headers: { Authorization: `Basic ${String(pw.json.authorizationToken)}` } })).status,
      200,
    );

    assert.equal((await control('faults', { operation: 'Nope', kind: 'throttle' })).status, 400);
    assert.equal((await control('no-such-route')).status, 404);
    const state = await control('state', undefined, 'GET');
    assert.equal(state.json.url, server.url);
  });
});
