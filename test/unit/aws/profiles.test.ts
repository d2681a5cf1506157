// Profiles from temp shared config files: listing and classification, region/endpoint precedence (the real
// credential resolution against moto is in profiles.server.test.ts).
import { strict as assert } from 'node:assert';
import { effectiveEndpoint, effectiveProfiles, effectiveRegions, listProfiles } from '../../../src/aws';
import { makeSandbox, type AwsSandbox } from '../helpers/awsHelpers';

const CONFIG = `
[default]
region = eu-west-1

[profile static-cfg]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = secretcfg

[profile sso-new]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Dev
region = us-west-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Dev

[profile proc]
credential_process = /bin/false

[profile role]
role_arn = arn:aws:iam::123456789012:role/deployer
source_profile = static-cred
region = ap-northeast-1

[profile web]
role_arn = arn:aws:iam::123456789012:role/ci
web_identity_token_file = /tmp/none

[profile region-only]
region = sa-east-1

[services local]
ecr =
  endpoint_url = http://127.0.0.1:9
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretdefault

[static-cred]
aws_access_key_id = AKIDSTATIC
aws_secret_access_key = secretstatic
`;

describe('(unit) aws profiles: listing and precedence', () => {
  let sandbox: AwsSandbox;
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.remove());

  it('lists profiles from AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE and classifies them', async () => {
    sandbox.write(CONFIG, CREDENTIALS);
    const profiles = await listProfiles(sandbox.env);
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.equal(profiles[0]!.name, 'default');
    assert.deepEqual(byName.default, { name: 'default', kind: 'static', region: 'eu-west-1', source: 'both' });
    assert.deepEqual(byName['static-cfg'], { name: 'static-cfg', kind: 'static', source: 'config' });
    assert.deepEqual(byName['static-cred'], { name: 'static-cred', kind: 'static', source: 'credentials' });
    assert.equal(byName['sso-new']!.kind, 'sso');
    assert.equal(byName['sso-new']!.region, 'us-west-2');
    assert.equal(byName['sso-legacy']!.kind, 'sso');
    assert.equal(byName.proc!.kind, 'process');
    assert.equal(byName.role!.kind, 'assumeRole');
    assert.equal(byName.web!.kind, 'web');
    assert.equal(byName['region-only']!.kind, 'other');
    // sso-session and services sections are not profiles.
    assert.ok(!profiles.some((p) => /corp|local/.test(p.name)), JSON.stringify(profiles.map((p) => p.name)));
    assert.equal(profiles.length, 9);
  });

  it('re-reads the files on every call and treats missing files as no profiles', async () => {
    assert.deepEqual(
      await listProfiles({ ...sandbox.env, AWS_CONFIG_FILE: `${sandbox.home}/nope`, AWS_SHARED_CREDENTIALS_FILE: `${sandbox.home}/nope2` }),
      [],
    );
    sandbox.write('[profile a]\nregion = us-east-2\n');
    assert.deepEqual(
      (await listProfiles(sandbox.env)).map((p) => p.name),
      ['a'],
    );
    sandbox.write('[profile a]\nregion = us-east-2\n[profile b]\nregion = us-east-2\n');
    assert.deepEqual(
      (await listProfiles(sandbox.env)).map((p) => p.name),
      ['a', 'b'],
    );
  });

  it('profiles: configured → AWS_PROFILE → default chain; regions: configured → profile → env → us-east-1', () => {
    assert.deepEqual(effectiveProfiles(['a', ' b ', 'a', ''], { AWS_PROFILE: 'x' }), ['a', 'b']);
    assert.deepEqual(effectiveProfiles([], { AWS_PROFILE: 'x' }), ['x']);
    assert.deepEqual(effectiveProfiles([], {}), [undefined]);
    assert.deepEqual(effectiveRegions(['eu-central-1', 'eu-central-1'], 'us-west-2', { AWS_REGION: 'ap-south-1' }), ['eu-central-1']);
    assert.deepEqual(effectiveRegions([], 'us-west-2', { AWS_REGION: 'ap-south-1' }), ['us-west-2']);
    assert.deepEqual(effectiveRegions([], undefined, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'ca-central-1' }), ['ap-south-1']);
    assert.deepEqual(effectiveRegions([], undefined, { AWS_DEFAULT_REGION: 'ca-central-1' }), ['ca-central-1']);
    assert.deepEqual(effectiveRegions([], undefined, {}), ['us-east-1']);
    assert.equal(effectiveEndpoint('http://a:1', { AWS_ENDPOINT_URL_ECR: 'http://b:2' }), 'http://a:1');
    assert.equal(effectiveEndpoint('  ', { AWS_ENDPOINT_URL_ECR: 'http://b:2' }), 'http://b:2');
    assert.equal(effectiveEndpoint(undefined, {}), undefined);
  });
});
