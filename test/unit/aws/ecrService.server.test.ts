// The data layer against the project's ECR emulator: exact call counts for large listings, lazy paging,
// every injected fault ending in the right problem code, and the token cache (no call, single-flight, batching).
import { strict as assert } from 'node:assert';
import { describeTag, EcrService, ProblemError, RetagError, type ExplorerConfig } from '../../../src/aws';
import type { EcrRegistry, Problem, ProblemCode, Repository } from '../../../src/model/types';
import type { FaultSpec } from '../../emulator/types';
import { collect, rejection } from '../helpers/awsHelpers';
import { emulatorSuite } from '../helpers/ecrSuite';
import { message } from '../../../src/model/message';

const OWN = '123456789012';
const OTHER = '111122223333';
const THIRD = '444455556666';

/** The registry id an emulator password was issued for (its claims are readable; the MAC is not forgeable). */
function claimedRegistry(password: string): string | undefined {
  return (JSON.parse(Buffer.from(password, 'base64').toString('utf8')) as { claims?: { r?: string } }).claims?.r;
}

describe('(unit) aws data layer against the ECR emulator', function () {
  this.timeout(120000);
  const suite = emulatorSuite();
  const { service, inEnv, ownRegistry } = suite;
  const calls = (op: string) => suite.server.emulator.calls(op) as number;
  const v2Status = async (basic: string) =>
    (await fetch(`${suite.server.url}/v2/`, { headers: { Authorization: `Basic ${basic}` } })).status;

  async function repoNamed(s: EcrService, reg: EcrRegistry, name: string): Promise<Repository> {
    for await (const page of s.listRepositories(reg)) {
      const hit = page.find((r) => r.name === name);
      if (hit) return hit;
    }
    throw new Error(`no repository ${name}`);
  }

  it('registries: own id from DescribeRegistry, login host from the proxyEndpoint of the emulator', async () => {
    suite.server.emulator.addAccount(OTHER);
    const s = service({ registryIds: [OTHER] });
    const regs = (await inEnv(() => s.listRegistries())) as EcrRegistry[];
    assert.deepEqual(
      regs.map((r) => [r.registryId, r.own]),
      [
        [OWN, true],
        [OTHER, false],
      ],
    );
    for (const r of regs) {
      assert.equal(r.host, `127.0.0.1:${suite.server.port}`);
      assert.equal(r.uri, suite.server.url);
    }
    assert.equal(calls('DescribeRegistry'), 1);
    assert.equal(calls('GetAuthorizationToken'), 1, 'one token call for both registries, which fills the cache');
  });

  it('2,500 repositories list completely in exactly 3 calls, page by page', async () => {
    suite.server.emulator.seedScale({ repositories: 2500, prefix: 'scale/repo' });
    const s = service();
    const reg = await ownRegistry(s);
    suite.server.emulator.resetCalls();
    const { items, pages } = await inEnv(() => collect(s.listRepositories(reg)));
    assert.equal(items.length, 2500);
    assert.equal(new Set(items.map((r) => r.name)).size, 2500);
    assert.equal(pages, 3);
    assert.equal(calls('DescribeRepositories'), Math.ceil(2500 / 1000));
  });

  it('the first page is yielded before the second is requested', async () => {
    suite.server.emulator.seedScale({ repositories: 2500, prefix: 'lazy/repo' });
    const s = service();
    const reg = await ownRegistry(s);
    suite.server.emulator.resetCalls();
    const it = s.listRepositories(reg)[Symbol.asyncIterator]();
    const first = await inEnv(() => it.next());
    assert.equal(first.done, false);
    assert.equal((first.value as Repository[]).length, 1000);
    assert.equal(calls('DescribeRepositories'), 1, 'page 2 not requested yet');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls('DescribeRepositories'), 1, 'still no prefetch');
    const second = await inEnv(() => it.next());
    assert.equal((second.value as Repository[]).length, 1000);
    assert.equal(calls('DescribeRepositories'), 2);
    await it.return?.();
    assert.equal(calls('DescribeRepositories'), 2, 'stopping early sends nothing more');
  });

  it('12,000 images list completely in exactly 12 calls (timed)', async () => {
    suite.server.emulator.seedImages('big/images', 12000);
    const s = service();
    const reg = await ownRegistry(s);
    const repo = await inEnv(() => repoNamed(s, reg, 'big/images'));
    suite.server.emulator.resetCalls();
    const t0 = process.hrtime.bigint();
    const { items, pages } = await inEnv(() => collect(s.listImages(repo)));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(items.length, 12000);
    assert.equal(new Set(items.map((i) => i.digest)).size, 12000);
    assert.equal(pages, 12);
    assert.equal(calls('DescribeImages'), Math.ceil(12000 / 1000));
    // A figure for the report, not an assertion (timing goals live in npm run bench).
    console.log(`      [figure] 12,000 images: ${calls('DescribeImages')} DescribeImages calls, ${ms.toFixed(0)} ms`);
  });

  it('maps image details: all tags, untagged, sizes, times, media types, scan status and severity counts', async () => {
    const pushed = new Date('2024-05-01T10:00:00Z');
    suite.server.emulator.seed({
      repositories: [
        {
          name: 'team/app',
          images: [
            {
              tags: ['v1', 'stable'],
              sizeBytes: 1234,
              pushedAt: pushed,
              lastRecordedPullTime: '2024-06-01T00:00:00Z',
              scan: { status: 'COMPLETE', findings: { CRITICAL: 2, LOW: 5 } },
            },
            { tags: [], pushedAt: new Date('2024-04-01T00:00:00Z') },
            {
              tags: ['multi'],
              platforms: [
                { os: 'linux', architecture: 'amd64' },
                { os: 'linux', architecture: 'arm64', variant: 'v8' },
              ],
            },
          ],
        },
      ],
    });
    const s = service();
    const reg = await ownRegistry(s);
    const repo = await inEnv(() => repoNamed(s, reg, 'team/app'));
    const { items } = await inEnv(() => collect(s.listImages(repo)));
    const v1 = items.find((i) => i.tags.includes('v1'))!;
    assert.deepEqual([...v1.tags].sort(), ['stable', 'v1']);
    assert.equal(v1.sizeBytes, 1234);
    assert.equal(v1.pushedAt?.toISOString(), pushed.toISOString());
    assert.equal(v1.lastPulledAt?.toISOString(), '2024-06-01T00:00:00.000Z');
    // The emulator completes a seeded scan 90 s after the push.
    assert.deepEqual(v1.scan, { status: 'COMPLETE', counts: { CRITICAL: 2, LOW: 5 }, completedAt: new Date(pushed.getTime() + 90_000) });
    const multi = items.find((i) => i.tags.includes('multi'))!;
    assert.match(multi.mediaType ?? '', /index|list/);
    // The untagged image plus the two platform children (listed untagged, like real ECR).
    assert.equal(items.filter((i) => i.tags.length === 0).length, 3);
  });

  const faultCases: Array<{ title: string; fault: FaultSpec; code: ProblemCode; config?: Partial<ExplorerConfig> }> = [
    {
      title: 'throttling that persists through the retries',
      fault: { operation: 'DescribeRepositories', kind: 'throttle' },
      code: 'throttled',
      config: { maxAttempts: 2 },
    },
    { title: '500 ServerException', fault: { operation: 'DescribeRepositories', kind: 'serverError' }, code: 'serverError' },
    { title: 'HTML 502 from a proxy', fault: { operation: 'DescribeRepositories', kind: 'html502' }, code: 'badResponse' },
    { title: 'malformed JSON', fault: { operation: 'DescribeRepositories', kind: 'malformedJson' }, code: 'badResponse' },
    {
      title: 'a truncated body (connection closed early)',
      fault: { operation: 'DescribeRepositories', kind: 'truncated' },
      code: 'unreachable',
    },
    {
      title: 'latency past the request timeout',
      fault: { operation: 'DescribeRepositories', kind: 'latency', ms: 1500, times: 1 },
      code: 'timeout',
      config: { requestTimeoutMs: 300 },
    },
    { title: 'a dropped connection', fault: { operation: 'DescribeRepositories', kind: 'drop' }, code: 'unreachable' },
    { title: 'AccessDenied', fault: { operation: 'DescribeRepositories', kind: 'accessDenied' }, code: 'accessDenied' },
    { title: 'an expired session token', fault: { operation: 'DescribeRepositories', kind: 'expiredToken' }, code: 'expiredCredentials' },
  ];
  for (const c of faultCases) {
    it(`fault: ${c.title} → ${c.code}`, async () => {
      suite.server.emulator.seed({ repositories: [{ name: 'a' }, { name: 'b' }] });
      const s = service(c.config);
      const reg = await ownRegistry(s);
      suite.server.emulator.fault(c.fault);
      const err = await rejection(inEnv(() => collect(s.listRepositories(reg))));
      assert.ok(err instanceof ProblemError, String(err));
      assert.equal(err.problem.code, c.code, JSON.stringify(err.problem));
      assert.match(err.problem.message.id, /^aws\./);
      if (c.code === 'accessDenied') {
        assert.equal(err.problem.iamAction, 'ecr:DescribeRepositories');
        assert.deepStrictEqual(err.problem.action, message('aws.accessDeniedActionFor', 'ecr:DescribeRepositories'));
      }
      // The service recovers once the fault is gone.
      suite.server.emulator.clearFaults();
      const { items } = await inEnv(() => collect(s.listRepositories(reg)));
      assert.deepEqual(
        items.map((r) => r.name),
        ['a', 'b'],
      );
    });
  }

  it('fault: throttling that clears is retried by the SDK and succeeds', async () => {
    suite.server.emulator.seed({ repositories: [{ name: 'a' }] });
    const s = service({ maxAttempts: 3 });
    const reg = await ownRegistry(s);
    suite.server.emulator.resetCalls();
    suite.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'throttle', times: 1 });
    const { items } = await inEnv(() => collect(s.listRepositories(reg)));
    assert.deepEqual(
      items.map((r) => r.name),
      ['a'],
    );
    assert.equal(calls('DescribeRepositories'), 2);
  });

  it('fault: a repeating nextToken stops with badResponse instead of looping', async () => {
    suite.server.emulator.seedImages('loop/repo', 2500);
    const s = service();
    const reg = await ownRegistry(s);
    const repo = await inEnv(() => repoNamed(s, reg, 'loop/repo'));
    suite.server.emulator.resetCalls();
    suite.server.emulator.fault({ operation: 'DescribeImages', kind: 'repeatNextToken' });
    const pages: number[] = [];
    const err = await rejection(
      inEnv(async () => {
        for await (const page of s.listImages(repo)) pages.push(page.length);
      }),
    );
    assert.ok(err instanceof ProblemError, String(err));
    assert.equal(err.problem.code, 'badResponse');
    assert.deepStrictEqual(err.problem.message, message('aws.repeatingToken'));
    assert.equal(calls('DescribeImages'), 2, 'stopped at the first repeat');
    assert.deepEqual(pages, [1000, 1000]);
  });

  it('fault: a huge (10 MB) but valid response is read', async () => {
    suite.server.emulator.seed({ repositories: [{ name: 'a' }] });
    const s = service();
    const reg = await ownRegistry(s);
    suite.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'huge', times: 1 });
    const { items } = await inEnv(() => collect(s.listRepositories(reg)));
    assert.deepEqual(
      items.map((r) => r.name),
      ['a'],
    );
  });

  it('a failing DescribeRegistry becomes a Problem node; AccessDenied falls back to the token for the account id', async () => {
    const s = service();
    suite.server.emulator.fault({ operation: 'DescribeRegistry', kind: 'expiredToken' });
    const regs = await inEnv(() => s.listRegistries());
    assert.equal(regs.length, 1);
    assert.equal((regs[0] as Problem).problem.code, 'expiredCredentials');
    assert.equal((regs[0] as Problem).parent, undefined);
    suite.server.emulator.clearFaults();
    suite.server.emulator.fault({ operation: 'DescribeRegistry', kind: 'accessDenied' });
    // The account id is read from an AWS-shaped proxyEndpoint host, as real ECR returns it.
    suite.server.emulator.setProxyEndpoint(`https://${OWN}.dkr.ecr.us-east-1.amazonaws.com`);
    try {
      const s2 = service();
      const regs2 = await inEnv(() => s2.listRegistries());
      assert.deepEqual(
        regs2.map((r) => (r.kind === 'registry' ? r.registryId : r.problem.code)),
        [OWN],
      );
      // Without a way to learn the id, the access-denied problem is shown instead.
      suite.server.emulator.setProxyEndpoint(undefined);
      const s3 = service();
      const regs3 = await inEnv(() => s3.listRegistries());
      assert.equal(regs3.length, 1);
      const p = regs3[0] as Problem;
      assert.equal(p.problem.code, 'accessDenied');
      assert.equal(p.problem.iamAction, 'ecr:DescribeRegistry');
    } finally {
      suite.server.emulator.setProxyEndpoint(undefined);
    }
  });

  it('cancellation: an aborted listing ends as cancelled', async () => {
    suite.server.emulator.seed({ repositories: [{ name: 'a' }] });
    const s = service();
    const reg = await ownRegistry(s);
    suite.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'latency', ms: 3000, times: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await rejection(inEnv(() => collect(s.listRepositories(reg, { signal: ac.signal }))));
    assert.ok(err instanceof ProblemError, String(err));
    assert.equal(err.problem.code, 'cancelled');
  });

  it('tag look-ups (findImageByTag, describeTag): failures are classified for DescribeImages, a call in flight is cancelled', async () => {
    suite.server.emulator.seed({ repositories: [{ name: 'team/app', images: [{ tags: ['v1'] }] }] });
    const s = service();
    const reg = await ownRegistry(s);
    const repo = await inEnv(() => repoNamed(s, reg, 'team/app'));
    const lookUps = [
      (signal?: AbortSignal) => s.findImageByTag(repo, 'v1', { signal }),
      (signal?: AbortSignal) => describeTag(s, repo, 'v1', { signal }),
    ];
    for (const lookUp of lookUps) {
      suite.server.emulator.clearFaults();
      suite.server.emulator.fault({ operation: 'DescribeImages', kind: 'accessDenied' });
      const denied = await rejection(inEnv(() => lookUp()));
      assert.ok(denied instanceof ProblemError, String(denied));
      assert.equal(denied.problem.code, 'accessDenied');
      assert.equal(denied.problem.iamAction, 'ecr:DescribeImages');
      suite.server.emulator.clearFaults();
      suite.server.emulator.fault({ operation: 'DescribeImages', kind: 'latency', ms: 3000, times: 1 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const cancelled = await rejection(inEnv(() => lookUp(ac.signal)));
      assert.ok(cancelled instanceof ProblemError, String(cancelled));
      assert.equal(cancelled.problem.code, 'cancelled');
      suite.server.emulator.clearFaults();
      assert.ok(await inEnv(() => lookUp()), 'found once the faults are gone');
    }
    // Only ECR repositories have tags to look up through the ECR API.
    const generic: Repository = {
      kind: 'repository',
      parent: { kind: 'registry', type: 'generic', id: 'generic:http://127.0.0.1:1', url: 'http://127.0.0.1:1', host: '127.0.0.1:1' },
      name: 'team/app',
      uri: '127.0.0.1:1/team/app',
    };
    await assert.rejects(() => s.findImageByTag(generic, 'v1'), TypeError);
    await assert.rejects(
      () => describeTag(s, generic, 'v1'),
      (e: unknown) => e instanceof RetagError && e.detail.id === 'push.notEcr',
    );
  });

  describe('tokens', () => {
    it('decodes the token; a second call is served from the cache without an API call', async () => {
      const s = service({ endpoint: suite.server.url });
      const reg = await ownRegistry(s);
      s.dispose(); // forget the token fetched while listing registries
      const fresh = service();
      suite.server.emulator.resetCalls();
      const t1 = await inEnv(() => fresh.getAuthorizationToken([reg]));
      assert.equal(calls('GetAuthorizationToken'), 1);
      const tok = t1.get(reg.id)!;
      assert.equal(tok.username, 'AWS');
      assert.equal(claimedRegistry(tok.password), OWN);
      assert.equal(await v2Status(tok.authorizationToken), 200, 'the token is accepted by the registry API');
      assert.equal(await v2Status(Buffer.from('AWS:wrong').toString('base64')), 401, 'and a wrong one is not');
      assert.equal(tok.proxyEndpoint, suite.server.url);
      assert.ok(tok.expiresAt.getTime() > Date.now() + 11 * 3600_000);
      const t2 = await inEnv(() => fresh.getAuthorizationToken([reg]));
      assert.equal(calls('GetAuthorizationToken'), 1, 'cached: no second call');
      assert.equal(t2.get(reg.id), tok);
      await inEnv(() => fresh.getAuthorizationToken([reg], { force: true }));
      assert.equal(calls('GetAuthorizationToken'), 2, 'force renews');
    });

    it('concurrent callers share one GetAuthorizationToken call', async () => {
      const s = service();
      const reg = await ownRegistry(s);
      const fresh = service();
      suite.server.emulator.resetCalls();
      suite.server.emulator.fault({ operation: 'GetAuthorizationToken', kind: 'latency', ms: 200, times: 1 });
      const results = await inEnv(() => Promise.all(Array.from({ length: 8 }, () => fresh.getAuthorizationToken([reg]))));
      assert.equal(calls('GetAuthorizationToken'), 1);
      assert.ok(results.every((m) => m.get(reg.id) === results[0]!.get(reg.id)));
    });

    it('several registries of one source are fetched in ONE call, each with its own password', async () => {
      suite.server.emulator.addAccount(OTHER);
      suite.server.emulator.addAccount(THIRD);
      const lister = service({ registryIds: [OTHER, THIRD] });
      const regs = (await inEnv(() => lister.listRegistries())) as EcrRegistry[];
      assert.equal(regs.length, 3);
      const fresh = service({ registryIds: [OTHER, THIRD] });
      suite.server.emulator.resetCalls();
      const tokens = await inEnv(() => fresh.getAuthorizationToken(regs));
      assert.equal(calls('GetAuthorizationToken'), 1);
      for (const r of regs) {
        const t = tokens.get(r.id)!;
        assert.equal(claimedRegistry(t.password), r.registryId);
        assert.equal(await v2Status(t.authorizationToken), 200, r.registryId);
      }
    });

    it('token failures are classified and never carry the password', async () => {
      const s = service();
      const reg = await ownRegistry(s);
      const fresh = service();
      suite.server.emulator.fault({ operation: 'GetAuthorizationToken', kind: 'malformedJson' });
      const err = await rejection(inEnv(() => fresh.getAuthorizationToken([reg])));
      assert.ok(err instanceof ProblemError);
      assert.equal(err.problem.code, 'badResponse');
      // The malformed body is half of the real answer, so it starts with the token: none of it may leak.
      const leaked = /authorizationToken|eyJ/;
      assert.doesNotMatch(JSON.stringify(err.problem), leaked);
      assert.doesNotMatch(String(err.stack), leaked);
      assert.equal(err.cause, undefined, 'no raw SDK error (with the body) attached');
    });
  });
});
