// Whether a push logs the CLI in first, decided from the CLI's real config file as the extension reads it
// (readHelperState + servedBy of src/login/credHelperHosts.ts): a host the Amazon ECR credential helper serves gets
// no login, any other host does, and a config that cannot be read never stops the login. The same decision with real
// podman and a helper in a real extension host: the last test of test/integration/push.test.ts.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHelperState, servedBy } from '../../../src/login/credHelperHosts';
import { FRESH_LOGIN_MS, needsLoginBeforePush } from '../../../src/login/pushFlow';

const SERVED = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const OTHER = '210987654321.dkr.ecr.eu-west-1.amazonaws.com';
const NOW = Date.UTC(2025, 0, 1);

describe('(unit) push: log in first unless the credential helper serves the host', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-push-login-'));
    env = { HOME: dir, DOCKER_CONFIG: dir };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The decision for an ECR host without a recorded login, with docker's config.json holding `config`. */
  async function loginFirst(config: string | undefined, host: string): Promise<boolean> {
    const file = path.join(dir, 'config.json');
    if (config === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, config);
    const state = await readHelperState('docker', env);
    assert.equal(state.file, file);
    return needsLoginBeforePush({ registryType: 'ecr', helper: servedBy(state, host), loginExpiresAt: undefined, now: NOW });
  }

  it('a host in credHelpers with "ecr-login": no login; another host of the same config: login', async () => {
    const config = JSON.stringify({ auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } }, credHelpers: { [SERVED]: 'ecr-login' } });
    assert.equal(await loginFirst(config, SERVED), false);
    assert.equal(await loginFirst(config, OTHER), true);
    // docker looks a host up by its name, whatever case or scheme the image reference or the registry used.
    assert.equal(await loginFirst(config, `https://${SERVED.toUpperCase()}`), false);
  });

  it('credsStore of another store only: login (the store keeps what the login writes)', async () => {
    assert.equal(await loginFirst(JSON.stringify({ credsStore: 'desktop' }), SERVED), true);
    assert.equal(await loginFirst(JSON.stringify({ credsStore: 'desktop', credHelpers: { [OTHER]: 'ecr-login' } }), SERVED), true);
  });

  it('credsStore "ecr-login": every host goes to the helper, so no login', async () => {
    assert.equal(await loginFirst(JSON.stringify({ credsStore: 'ecr-login' }), SERVED), false);
  });

  it('a credHelpers entry naming another helper: login', async () => {
    assert.equal(await loginFirst(JSON.stringify({ credHelpers: { [SERVED]: 'gcloud' } }), SERVED), true);
  });

  it('a malformed, non-object or missing config: login, and reading it never throws', async () => {
    for (const config of [
      `{"credHelpers": {"${SERVED}": "ecr-login"`,
      'not json',
      JSON.stringify([{ credHelpers: { [SERVED]: 'ecr-login' } }]),
      JSON.stringify({ credHelpers: [SERVED] }),
      JSON.stringify({ credHelpers: `${SERVED}=ecr-login` }),
      JSON.stringify({ credHelpers: { 'not a host!': 'ecr-login' } }),
      '',
      undefined,
    ]) {
      assert.equal(await loginFirst(config, SERVED), true, String(config));
    }
    fs.writeFileSync(path.join(dir, 'config.json'), '{"credHelpers":');
    assert.equal((await readHelperState('docker', env)).unreadable, true);
  });

  it('without the helper: a recorded login still fresh skips the login, one about to expire does not', () => {
    const decide = (loginExpiresAt: number | undefined) =>
      needsLoginBeforePush({ registryType: 'ecr', helper: undefined, loginExpiresAt, now: NOW });
    assert.equal(decide(NOW + FRESH_LOGIN_MS + 1), false);
    assert.equal(decide(NOW + FRESH_LOGIN_MS), true);
    assert.equal(decide(NOW - 1), true);
    assert.equal(decide(undefined), true);
    // With the helper the recorded login does not matter.
    assert.equal(needsLoginBeforePush({ registryType: 'ecr', helper: 'credHelpers', loginExpiresAt: NOW - 1, now: NOW }), false);
  });

  it('a registry that is not ECR: never a login (its login is the user’s own)', () => {
    assert.equal(needsLoginBeforePush({ registryType: 'generic', helper: undefined, loginExpiresAt: undefined, now: NOW }), false);
  });
});
