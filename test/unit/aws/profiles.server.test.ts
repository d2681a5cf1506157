// Real credential resolution from temp shared config files against moto: static keys, SSO expired, assume-role
// via moto's STS, none at all.
import { strict as assert } from 'node:assert';
import { EcrService, type ExplorerConfig } from '../../../src/aws';
import type { EcrRegistry, Problem } from '../../../src/model/types';
import { startMoto, type MotoServer } from '../../servers';
import { makeSandbox, withProcessEnv, type AwsSandbox } from '../helpers/awsHelpers';
import { message } from '../../../src/model/message';

describe('(unit) aws profiles: credentials against real servers', function () {
  this.timeout(60000);
  let moto: MotoServer;
  let sandbox: AwsSandbox;
  const services: EcrService[] = [];
  before(async () => {
    moto = await startMoto();
  });
  after(async () => {
    for (const s of services) s.dispose();
    await moto?.stop();
  });
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.remove());

  function service(extra: Partial<ExplorerConfig>): EcrService {
    const s = new EcrService({
      profiles: [],
      regions: [],
      registryIds: [],
      endpoint: moto.url,
      maxAttempts: 1,
      env: sandbox.env,
      ...extra,
    });
    services.push(s);
    return s;
  }
  const inEnv = <T>(fn: () => Promise<T>, extra: Record<string, string> = {}) => withProcessEnv({ ...sandbox.env, ...extra }, fn);

  it('a static-key profile lists its registry, in the profile region', async () => {
    sandbox.write('[profile dev]\nregion = eu-west-1\n', '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = x\n');
    const s = service({ profiles: ['dev'] });
    const regs = await inEnv(() => s.listRegistries());
    assert.equal(regs.length, 1);
    const reg = regs[0] as EcrRegistry;
    assert.equal(reg.kind, 'registry', JSON.stringify(regs));
    assert.equal(reg.id, 'ecr:dev:eu-west-1:123456789012');
    assert.deepEqual(reg.source, { profile: 'dev', region: 'eu-west-1', endpoint: moto.url });
    const creds = await s.client(reg.source).config.credentials();
    assert.equal(creds.accessKeyId, 'AKIDDEV');
  });

  it('AWS_PROFILE in the given env picks the profile when none is configured', async () => {
    sandbox.write('[profile picked]\nregion = ca-central-1\n', '[picked]\naws_access_key_id = AKIDPICKED\naws_secret_access_key = x\n');
    const s = service({ env: { ...sandbox.env, AWS_PROFILE: 'picked' } });
    const regs = await inEnv(() => s.listRegistries());
    assert.equal((regs[0] as EcrRegistry).id, 'ecr:picked:ca-central-1:123456789012');
  });

  for (const variant of ['legacy', 'sso_session'] as const) {
    it(`an SSO profile (${variant}) with an expired cached token → expiredCredentials naming aws sso login --profile`, async () => {
      const expired = {
        accessToken: 'old-access-token',
        expiresAt: new Date(Date.now() - 3600_000).toISOString(),
        region: 'us-east-1',
        startUrl: 'https://corp.awsapps.com/start',
      };
      if (variant === 'legacy') {
        sandbox.write(
          '[profile corp-dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n',
        );
        sandbox.writeSsoToken('https://corp.awsapps.com/start', expired);
      } else {
        sandbox.write(
          '[profile corp-dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n' +
            '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
        );
        sandbox.writeSsoToken('corp', expired);
      }
      const s = service({ profiles: ['corp-dev'] });
      const regs = await inEnv(() => s.listRegistries());
      assert.equal(regs.length, 1);
      const p = regs[0] as Problem;
      assert.equal(p.kind, 'problem', JSON.stringify(regs));
      assert.equal(p.problem.code, 'expiredCredentials');
      assert.equal(p.problem.actionId, 'ssoLogin');
      assert.equal(p.problem.profile, 'corp-dev');
      assert.deepStrictEqual(p.problem.message, message('aws.ssoExpired', message('aws.profile', 'corp-dev')));
      assert.deepStrictEqual(p.problem.action, message('aws.ssoActionProfile', 'corp-dev'));
      assert.doesNotMatch(JSON.stringify(p.problem), /old-access-token/);
    });
  }

  it('an assume-role profile (role_arn + source_profile) gets its credentials from STS (moto via AWS_ENDPOINT_URL_STS)', async () => {
    sandbox.write(
      '[profile deployer]\nrole_arn = arn:aws:iam::123456789012:role/deployer\nsource_profile = base\nregion = us-east-1\n',
      '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = x\n',
    );
    const stsEnv = { AWS_ENDPOINT_URL_STS: moto.url };
    const s = service({ profiles: ['deployer'], env: { ...sandbox.env, ...stsEnv } });
    const regs = await inEnv(() => s.listRegistries(), stsEnv);
    const reg = regs[0] as EcrRegistry;
    assert.equal(reg.kind, 'registry', JSON.stringify(regs));
    const creds = await inEnv(() => s.client(reg.source).config.credentials(), stsEnv);
    assert.notEqual(creds.accessKeyId, 'AKIDBASE', 'the role credentials, not the source profile keys');
    assert.ok(creds.sessionToken, 'temporary credentials carry a session token');
    assert.ok(creds.expiration instanceof Date);
  });

  it('no credentials anywhere → noCredentials asking to choose a profile (IMDS disabled, empty files)', async () => {
    const s = service({});
    const regs = await inEnv(() => s.listRegistries());
    assert.equal(regs.length, 1);
    const p = regs[0] as Problem;
    assert.equal(p.kind, 'problem');
    assert.equal(p.problem.code, 'noCredentials');
    assert.equal(p.problem.actionId, 'chooseProfile');
    assert.deepStrictEqual(p.problem.message, message('aws.noCredentials', message('aws.defaultChain')));
  });

  it('a profile that does not exist → noCredentials naming it', async () => {
    const s = service({ profiles: ['ghost'] });
    const regs = await inEnv(() => s.listRegistries());
    const p = regs[0] as Problem;
    assert.equal(p.problem.code, 'noCredentials');
    // The SDK's own words follow (sanitised): it says the profile could not be resolved.
    assert.equal(p.problem.message.id, 'aws.credentialsFailed');
    assert.deepStrictEqual(p.problem.message.args[0], message('aws.profile', 'ghost'));
    assert.equal(p.problem.profile, 'ghost');
  });

  it('static keys in the given env are used for the default chain', async () => {
    const s = service({ env: { ...sandbox.env, AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'x' } });
    const regs = await inEnv(() => s.listRegistries());
    const reg = regs[0] as EcrRegistry;
    assert.equal(reg.kind, 'registry');
    assert.equal(reg.id, 'ecr:default:us-east-1:123456789012');
    assert.equal((await s.client(reg.source).config.credentials()).accessKeyId, 'AKIDENV');
  });
});
