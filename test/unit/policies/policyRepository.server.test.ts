// src/policies/policyRepository.ts against the ECR emulator: the registry a policy document's repository belongs
// to is the one the tree's listing (EcrService.listRegistries) produces for the same (profile, region, registry
// id): same id, source (endpoint included), host and uri, with FIPS and dual-stack on and with an endpoint
// override from the setting or from AWS_ENDPOINT_URL_ECR, whichever of the two runs first.
import { strict as assert } from 'node:assert';
import type { EcrService, ExplorerConfig } from '../../../src/aws';
import type { EcrRegistry, Problem } from '../../../src/model/types';
import { policyRepository } from '../../../src/policies/policyRepository';
import { startEmulator, type EmulatorServer } from '../../servers';
import { EMULATOR_KEYS, localEcrService, makeSandbox, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';

const OTHER_ACCOUNT = '210987654321';

/**
 * What the registry of a policy document and of the tree must agree on (all but `own`, which only DescribeRegistry
 * tells and a policy document does not need).
 */
function essentials(r: EcrRegistry): Pick<EcrRegistry, 'id' | 'registryId' | 'source' | 'host' | 'uri'> {
  return { id: r.id, registryId: r.registryId, source: r.source, host: r.host, uri: r.uri };
}

function registryOf(list: Array<EcrRegistry | Problem>, registryId: string): EcrRegistry {
  const found = list.find((r): r is EcrRegistry => r.kind === 'registry' && r.registryId === registryId);
  assert.ok(found, `${registryId} missing from the listing: ${JSON.stringify(list)}`);
  return found;
}

describe('(unit) policies/policyRepository: the registry of a policy document is the listing’s', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let sandbox: AwsSandbox;
  const services: EcrService[] = [];

  before(async () => {
    sandbox = makeSandbox();
    server = await startEmulator();
  });
  after(async () => {
    for (const s of services) s.dispose();
    sandbox?.remove();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.clearFaults();
    server.emulator.addAccount(OTHER_ACCOUNT);
  });

  /**
   * A fresh service (no learnt hosts, no cached tokens) on the emulator, configured by `extra`: the extension's
   * tree and policy documents share one (Services.ecr()).
   */
  function service(env: Record<string, string>, extra: Partial<ExplorerConfig>): EcrService {
    const svc = localEcrService(server.url, env, { registryIds: [OTHER_ACCOUNT], ...extra });
    services.push(svc);
    return svc;
  }

  const configurations: Array<{ name: string; env: () => Record<string, string>; extra: () => Partial<ExplorerConfig> }> = [
    {
      name: 'the ecrExplorer.endpoint setting',
      env: () => ({ ...sandbox.env, ...EMULATOR_KEYS }),
      extra: () => ({ useFips: true, useDualStack: true }),
    },
    {
      name: 'AWS_ENDPOINT_URL_ECR',
      env: () => ({ ...sandbox.env, ...EMULATOR_KEYS, AWS_ENDPOINT_URL_ECR: server.url }),
      extra: () => ({ endpoint: undefined, useFips: true, useDualStack: true }),
    },
  ];

  for (const config of configurations) {
    for (const policyFirst of [true, false]) {
      it(`FIPS + dual-stack, endpoint from ${config.name}, policy ${policyFirst ? 'before' : 'after'} the listing`, async () => {
        const env = config.env();
        const svc = service(env, config.extra());
        const own = server.emulator.defaultAccountId;
        const run = <T>(fn: () => Promise<T>) => withProcessEnv(env, fn);
        const policies = async () => ({
          own: await run(() => policyRepository(svc, { region: 'us-east-1', registryId: own, repository: 'team/api' })),
          other: await run(() => policyRepository(svc, { region: 'us-east-1', registryId: OTHER_ACCOUNT, repository: 'web' })),
        });
        const before = policyFirst ? await policies() : undefined;
        const listing = await run(() => svc.listRegistries());
        const { own: ownRepo, other: otherRepo } = before ?? (await policies());
        assert.ok(ownRepo && otherRepo);
        const treeOwn = registryOf(listing, own);
        // The listing's login host comes from the token's proxyEndpoint (the emulator), not an AWS host.
        assert.equal(treeOwn.host, server.host);
        assert.equal(treeOwn.source.endpoint, server.url);
        assert.deepEqual(essentials(ownRepo.parent as EcrRegistry), essentials(treeOwn));
        assert.deepEqual(essentials(otherRepo.parent as EcrRegistry), essentials(registryOf(listing, OTHER_ACCOUNT)));
        assert.equal(ownRepo.uri, `${treeOwn.host}/team/api`);
        assert.equal(ownRepo.name, 'team/api');
      });
    }

    it(`FIPS + dual-stack, endpoint from ${config.name}, no token to learn the host from: the computed FIPS dual-stack host`, async () => {
      server.emulator.fault({ operation: 'GetAuthorizationToken', kind: 'accessDenied' });
      const env = config.env();
      const svc = service(env, config.extra());
      const own = server.emulator.defaultAccountId;
      const repo = await withProcessEnv(env, () => policyRepository(svc, { region: 'us-east-1', registryId: own, repository: 'team/api' }));
      const treeOwn = registryOf(await withProcessEnv(env, () => svc.listRegistries()), own);
      assert.equal(treeOwn.host, `${own}.dkr-ecr-fips.us-east-1.on.aws`);
      assert.ok(repo);
      assert.deepEqual(essentials(repo.parent as EcrRegistry), essentials(treeOwn));
      assert.equal(repo.uri, `${own}.dkr-ecr-fips.us-east-1.on.aws/team/api`);
    });
  }

  it('a profile or region the settings do not show names no repository', async () => {
    const env = { ...sandbox.env, ...EMULATOR_KEYS };
    const svc = service(env, {});
    const own = server.emulator.defaultAccountId;
    const run = <T>(fn: () => Promise<T>) => withProcessEnv(env, fn);
    assert.equal(await run(() => policyRepository(svc, { region: 'eu-west-1', registryId: own, repository: 'team/api' })), undefined);
    assert.equal(
      await run(() => policyRepository(svc, { profile: 'prod', region: 'us-east-1', registryId: own, repository: 'team/api' })),
      undefined,
    );
    assert.equal(server.emulator.calls('GetAuthorizationToken') ?? 0, 0, 'no call for a location the settings do not show');
  });
});
