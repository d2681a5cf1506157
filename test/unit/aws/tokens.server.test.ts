// Token cache rules at the trust boundary, against the ECR emulator: a logout drops the cached token (the next
// login calls GetAuthorizationToken again), and a renewal pinned to the recorded host refuses a token whose
// proxyEndpoint names another host (nothing is cached).
import { strict as assert } from 'node:assert';
import { EcrService } from '../../../src/aws';
import type { EcrRegistry } from '../../../src/model/types';
import { registryFromRecord } from '../../../src/token/loginRecords';
import { startEmulator, type EmulatorServer } from '../../servers';
import { EMULATOR_KEYS, localEcrService, makeSandbox, ownRegistry, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';

describe('(unit) aws: cached tokens at logout and renewal (emulator)', function () {
  this.timeout(60_000);
  let server: EmulatorServer;
  let sandbox: AwsSandbox;
  let service: EcrService;
  const calls = () => server.emulator.calls('GetAuthorizationToken') as number;
  const inEnv = <T>(fn: () => Promise<T>) => withProcessEnv(sandbox.env, fn);

  before(async () => {
    sandbox = makeSandbox();
    server = await startEmulator();
  });
  after(async () => {
    sandbox?.remove();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.resetCalls();
    service = localEcrService(server.url, { ...sandbox.env, ...EMULATOR_KEYS }, { requestTimeoutMs: 10_000 });
  });
  afterEach(() => service.dispose());

  const own = (): Promise<EcrRegistry> => ownRegistry(service, sandbox.env);

  it('forgetToken (Log Out) drops the cached token: the next login asks ECR again', async () => {
    const reg = await own();
    await inEnv(() => service.getAuthorizationToken([reg]));
    const before = calls();
    await inEnv(() => service.getAuthorizationToken([reg]));
    assert.equal(calls(), before, 'served from the cache');
    // Logout works from a login record, a copy of the registry rebuilt without the endpoint.
    const rec = {
      key: reg.id,
      registryId: reg.registryId,
      host: reg.host,
      region: 'us-east-1',
      expiresAt: Date.now() + 3_600_000,
      loggedInAt: Date.now(),
      cli: 'docker',
    };
    service.forgetToken(registryFromRecord(rec, undefined));
    await inEnv(() => service.getAuthorizationToken([reg]));
    assert.equal(calls(), before + 1, 'a fresh GetAuthorizationToken after the logout');
  });

  it('a renewal pinned to the recorded host refuses a token for another host, and caches nothing', async () => {
    const reg = await own();
    await assert.rejects(
      inEnv(() => service.getAuthorizationToken([reg], { force: true, pinnedHost: '123456789012.dkr.ecr.attacker.example' })),
      (err: unknown) => (err as { problem?: { code?: string } }).problem?.code === 'badResponse',
    );
    assert.equal(service.peekToken(reg), undefined, 'the refused token is not cached');
    const tokens = await inEnv(() => service.getAuthorizationToken([reg], { pinnedHost: new URL(server.url).host }));
    assert.equal(tokens.get(reg.id)?.proxyEndpoint, server.url);
  });
});
