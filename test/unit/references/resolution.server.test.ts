// The resolver with the real SDK source (src/aws/imageLookup.ts) against the ECR emulator: 100 references to 10
// repositories in 3 registries cost one DescribeImages call per repository, counted at the emulator; missing
// repositories, tags and credentials come back as states.
import { strict as assert } from 'node:assert';
import { EcrImageLookup, EcrService } from '../../../src/aws';
import { ReferenceResolver } from '../../../src/references/resolution';
import { type ReferenceResolution } from '../../../src/references/batches';
import { scanReferences } from '../../../src/references/scanner';
import { corpusSeed, kubernetesCorpus } from '../../fixtures/references/corpus';
import { startEmulator, type EmulatorServer } from '../../servers';
import { makeSandbox, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';

describe('(unit) references resolver against the ECR emulator', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let sandbox: AwsSandbox;
  const services: EcrService[] = [];

  function service(keys = true): EcrService {
    const env = keys ? { ...sandbox.env, AWS_ACCESS_KEY_ID: 'AKIDEMULATOR', AWS_SECRET_ACCESS_KEY: 'x' } : sandbox.env;
    const s = new EcrService({ profiles: [], regions: [], registryIds: [], endpoint: server.url, maxAttempts: 1, env });
    services.push(s);
    return s;
  }

  before(async () => {
    sandbox = makeSandbox();
    server = await startEmulator();
  });
  after(async () => {
    for (const s of services) s.dispose();
    await server.stop();
    sandbox.remove();
  });
  beforeEach(() => server.emulator.resetCalls());

  /** A tag of the big repository's last listing page. */
  async function lastPageTag(): Promise<string[]> {
    const lookup = new EcrImageLookup(service());
    const repo = { registryId: '123456789012', region: 'eu-west-1', repository: 'big/repo' };
    let page = await withProcessEnv(sandbox.env, () => lookup.listPage(repo, undefined));
    while (page.nextToken) {
      const token = page.nextToken;
      page = await withProcessEnv(sandbox.env, () => lookup.listPage(repo, token));
    }
    return page.images.flatMap((i) => i.tags).slice(-1);
  }

  const refs = () => scanReferences(kubernetesCorpus(100, 10), 'yaml').references;

  it('resolves 100 references to 10 repositories in 3 registries with 10 DescribeImages imageIds calls', async () => {
    server.emulator.reset();
    // Tags 1.0.0 … 1.9.0: every reference exists.
    server.emulator.seed({ repositories: corpusSeed(10, 10) });
    server.emulator.resetCalls();
    const all = refs();
    assert.equal(all.length, 100);
    const resolver = new ReferenceResolver(new EcrImageLookup(service()));
    await withProcessEnv(sandbox.env, () => resolver.resolve(all));
    assert.equal(server.emulator.calls('DescribeImages'), 10);
    assert.deepEqual(Object.keys(server.emulator.calls()).sort(), ['DescribeImages']);
    const states = all.map((r) => resolver.peek(r));
    assert.equal(states.filter((s) => s?.state === 'resolved' && s.tagImage).length, 100);
    const first = states[0] as Extract<ReferenceResolution, { state: 'resolved' }>;
    assert.deepEqual(first.tagImage?.scan?.counts, { CRITICAL: 1, HIGH: 2 });
    assert.ok(first.tagImage?.pushedAt instanceof Date);
    assert.equal(first.versionsKnown, false);
    // Cached: a second round (another document, a hover) makes no call.
    await withProcessEnv(sandbox.env, () => resolver.resolve(all));
    assert.equal(server.emulator.calls('DescribeImages'), 10);
    // The versions of one repository on demand: one listing call.
    await withProcessEnv(sandbox.env, () => resolver.loadVersions([all[0]!]));
    assert.equal(server.emulator.calls('DescribeImages'), 11);
    const again = resolver.peek(all[0]!) as Extract<ReferenceResolution, { state: 'resolved' }>;
    assert.equal(again.newerInLine?.tag, '1.9.0');
    assert.equal(again.newestTag?.tag, '1.9.0');
  });

  it('pays one more call per repository where a referenced tag is missing (ECR names it in ImageNotFoundException)', async () => {
    server.emulator.reset();
    // Tags 1.0.0 … 1.8.0: of the references 1.0.0 … 1.9.0 the last ten miss, one per repository.
    server.emulator.seed({ repositories: corpusSeed(10, 9) });
    server.emulator.resetCalls();
    const all = refs();
    const resolver = new ReferenceResolver(new EcrImageLookup(service()));
    await withProcessEnv(sandbox.env, () => resolver.resolve(all));
    assert.equal(server.emulator.calls('DescribeImages'), 20);
    const states = all.map((r) => resolver.peek(r));
    assert.equal(states.filter((s) => s?.state === 'resolved' && s.tagImage).length, 90);
    assert.deepEqual(
      all.filter((_, i) => states[i]?.state === 'resolved' && (states[i] as { tagMissing: boolean }).tagMissing).map((r) => r.tag),
      Array.from({ length: 10 }, () => '1.9.0'),
    );
  });

  it('reports a missing repository, and missing credentials once per repository, without throwing', async () => {
    const text = [
      'a: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/not/there:1.0.0',
      'b: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team0/service-0:1.0.0',
    ].join('\n');
    const [gone, known] = scanReferences(text, 'yaml').references;
    const resolver = new ReferenceResolver(new EcrImageLookup(service()));
    await withProcessEnv(sandbox.env, () => resolver.resolve([gone!]));
    assert.equal(resolver.peek(gone!)?.state, 'repositoryMissing');

    const noKeys = new ReferenceResolver(new EcrImageLookup(service(false)));
    await withProcessEnv(sandbox.env, () => noKeys.resolve([known!, known!]));
    const state = noKeys.peek(known!);
    assert.equal(state?.state, 'unavailable');
    assert.equal(state?.state === 'unavailable' && state.problem.code, 'noCredentials');
  });

  it('answers references in a large repository with one imageIds call, never listing it', async () => {
    server.emulator.seedImages('big/repo', 2500, { accountId: '123456789012', region: 'eu-west-1' });
    const repo = { registryId: '123456789012', region: 'eu-west-1', repository: 'big/repo' };
    const page = await withProcessEnv(sandbox.env, () => new EcrImageLookup(service()).listPage(repo, undefined));
    // One tag from the first page and one from the last (beyond the first listing page).
    const tags = [page.images[0]!.tags[0]!, ...(await lastPageTag())];
    const text = tags.map((t, i) => `a${i}: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/big/repo:${t}`).join('\n') + '\n';
    const refsOfBig = scanReferences(text, 'yaml').references;
    assert.equal(refsOfBig.length, 2);
    server.emulator.resetCalls();
    const resolver = new ReferenceResolver(new EcrImageLookup(service()), { maxPages: 1 });
    await withProcessEnv(sandbox.env, () => resolver.resolve(refsOfBig));
    assert.equal(server.emulator.calls('DescribeImages'), 1);
    assert.ok(
      refsOfBig.every((r) => {
        const s = resolver.peek(r);
        return s?.state === 'resolved' && !!s.tagImage;
      }),
    );
    const [missing] = scanReferences('a: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/big/repo:nope\n', 'yaml').references;
    await withProcessEnv(sandbox.env, () => resolver.resolve([missing!]));
    assert.equal(server.emulator.calls('DescribeImages'), 2);
    const state = resolver.peek(missing!);
    assert.equal(state?.state === 'resolved' && state.tagMissing, true);
  });
});
