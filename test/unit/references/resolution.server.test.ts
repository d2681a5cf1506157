// The resolver with the real SDK source (src/aws/imageLookup.ts) against the ECR emulator: 100 references to 10
// repositories in 3 registries cost one DescribeImages call per repository, counted at the emulator; missing
// repositories, tags and credentials come back as states.
import { strict as assert } from 'node:assert';
import { EcrImageLookup, EcrService } from '../../../src/aws';
import { ReferenceResolver, type ReferenceResolution } from '../../../src/references/resolution';
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
    // Tags 1.0.0 … 1.8.0: of the references 1.0.0 … 1.9.0 the last ten miss.
    server.emulator.seed({ repositories: corpusSeed(10, 9) });
  });
  after(async () => {
    for (const s of services) s.dispose();
    await server.stop();
    sandbox.remove();
  });
  beforeEach(() => server.emulator.resetCalls());

  const refs = () => scanReferences(kubernetesCorpus(100, 10), 'yaml').references;

  it('resolves 100 references to 10 repositories in 3 registries with 10 DescribeImages calls', async () => {
    const all = refs();
    assert.equal(all.length, 100);
    const resolver = new ReferenceResolver(new EcrImageLookup(service()));
    await withProcessEnv(sandbox.env, () => resolver.resolve(all));
    assert.equal(server.emulator.calls('DescribeImages'), 10);
    assert.deepEqual(Object.keys(server.emulator.calls()).sort(), ['DescribeImages']);
    const states = all.map((r) => resolver.peek(r));
    const found = states.filter((s) => s?.state === 'resolved' && s.tagImage);
    const missing = states.filter((s) => s?.state === 'resolved' && s.tagMissing);
    assert.equal(found.length, 90);
    assert.equal(missing.length, 10);
    const first = states[0] as Extract<ReferenceResolution, { state: 'resolved' }>;
    assert.equal(first.newerInLine?.tag, '1.8.0');
    assert.deepEqual(first.tagImage?.scan?.counts, { CRITICAL: 1, HIGH: 2 });
    assert.ok(first.tagImage?.pushedAt instanceof Date);
    // Cached: a second round (another document, a hover) makes no call.
    await withProcessEnv(sandbox.env, () => resolver.resolve(all));
    assert.equal(server.emulator.calls('DescribeImages'), 10);
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

  it('finds a reference beyond the first pages of a large repository with an imageIds lookup', async () => {
    server.emulator.seedImages('big/repo', 2500, { accountId: '123456789012', region: 'eu-west-1' });
    const text = 'a: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/big/repo:nope\n';
    const [ref] = scanReferences(text, 'yaml').references;
    const resolver = new ReferenceResolver(new EcrImageLookup(service()), { maxPages: 1 });
    await withProcessEnv(sandbox.env, () => resolver.resolve([ref!]));
    assert.equal(server.emulator.calls('DescribeImages'), 2);
    const state = resolver.peek(ref!);
    assert.equal(state?.state === 'resolved' && state.tagMissing, true);
  });
});
