// The pure modules' structured messages are localisable: every id a pure module can produce has a renderer in
// src/l10n/ (TypeScript proves it per table with `satisfies MessageTable<Id>`; this also proves src/l10n/messages.ts
// adds every table), every renderer's English template is a key of the shipped bundles with a Japanese translation,
// and messages from real failures (a closed port, a missing CLI, a CLI that times out) render in Japanese.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EN_BUNDLE, JA_BUNDLE, l10nStandIn, render, renderedIds } from '../l10nHelpers';
import { AWS_MESSAGE_IDS } from '../../../src/aws/problems';
import { EcrService } from '../../../src/aws/index';
import { CliError, LOGIN_MESSAGE_IDS, type CliKind } from '../../../src/login/cliBase';
import { diagnoseDockerConfig } from '../../../src/login/cliConfig';
import { explainCliFailure } from '../../../src/login/cliFailures';
import { runCli } from '../../../src/login/cliRunner';
import { isMessage, message, type Message } from '../../../src/model/message';
import { REGISTRY_MESSAGE_IDS } from '../../../src/registry/errors';
import { RegistryClient, RegistryError } from '../../../src/registry/index';
import { STATUS_MESSAGE_IDS } from '../../../src/status/statusText';
import { TOKEN_MESSAGE_IDS } from '../../../src/token/expiry';

/** Every id the pure modules can produce, by module. */
const PURE_IDS: Record<string, readonly string[]> = {
  'aws/problems.ts': AWS_MESSAGE_IDS,
  'registry/errors.ts': REGISTRY_MESSAGE_IDS,
  'login/cliBase.ts': LOGIN_MESSAGE_IDS,
  'token/expiry.ts': TOKEN_MESSAGE_IDS,
  'status/statusText.ts': STATUS_MESSAGE_IDS,
};

/** Templates whose Japanese is rightly the English text (see test/unit/l10n.bundle.test.ts). */
const SAME_IN_JAPANESE = new Set(['ECR {0}', 'Docker (https://docs.docker.com/get-docker/)']);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Every id of a message and of the messages nested in its arguments. */
function ids(m: Message): string[] {
  return [m.id, ...m.args.flatMap((a) => (isMessage(a) ? ids(a) : []))];
}

/** Renders in Japanese and returns the templates used; fails for an id without a renderer. */
function renderJapanese(m: Message): { text: string; templates: string[] } {
  const known = new Set(renderedIds());
  assert.deepEqual(
    ids(m).filter((id) => !known.has(id)),
    [],
    `no renderer for ${JSON.stringify(m)}`,
  );
  l10nStandIn.used.clear();
  const text = render(m, 'ja');
  return { text, templates: [...l10nStandIn.used] };
}

function assertJapanese(m: Message): string {
  const { text, templates } = renderJapanese(m);
  for (const t of templates) {
    assert.ok(t in EN_BUNDLE, `"${t}" (${m.id}) is not in l10n/bundle.l10n.json: run \`npm run l10n\``);
    assert.ok(t in JA_BUNDLE, `"${t}" (${m.id}) has no Japanese in l10n/bundle.l10n.ja.json`);
  }
  if (!templates.every((t) => SAME_IN_JAPANESE.has(t))) assert.match(text, JAPANESE, `${m.id}: ${text}`);
  return text;
}

describe("(unit) l10n of the pure modules' messages", function () {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ecr-l10n-pure-'));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('every id a pure module can produce has exactly one renderer, and every renderer belongs to such an id', () => {
    const all = Object.values(PURE_IDS).flat();
    const rendered = renderedIds();
    assert.deepEqual(
      all.filter((id) => !rendered.includes(id)),
      [],
      'ids without a renderer: add them to the table in src/l10n/ and the table to src/l10n/messages.ts',
    );
    // The core domains list their ids at run time; the feature tables (policies, scan, push, references) are typed
    // against their modules' id unions (`satisfies MessageTable<…>`), which TypeScript checks instead.
    const core = /^(aws|registry|login|token|status)\./;
    assert.deepEqual(
      rendered.filter((id) => core.test(id) && !all.includes(id)),
      [],
      'renderers for ids no pure module produces',
    );
    assert.equal(new Set(rendered).size, rendered.length, 'an id has two renderers');
  });

  it('every renderer uses one English template of the bundle that has a Japanese translation, keeping every argument', () => {
    const samples = ['«A0»', '«A1»', '«A2»', '«A3»'];
    for (const id of renderedIds()) {
      const { text, templates } = renderJapanese(message(id, ...samples));
      assert.equal(templates.length, 1, `${id} uses ${templates.length} templates`);
      const [template] = templates;
      assert.ok(template in EN_BUNDLE, `"${template}" (${id}) is not in l10n/bundle.l10n.json: run \`npm run l10n\``);
      assert.ok(template in JA_BUNDLE, `"${template}" (${id}) has no Japanese`);
      if (!SAME_IN_JAPANESE.has(template)) assert.match(text, JAPANESE, `${id}: ${text}`);
      const placeholders = new Set(template.match(/\{\d+\}/g) ?? []);
      for (let i = 0; i < placeholders.size; i++) assert.ok(text.includes(samples[i]), `${id}: argument ${i} lost in "${text}"`);
    }
  });

  it('renders a nested message in English and Japanese, arguments included', () => {
    const refused = message(
      'registry.unreachable',
      message('registry.what.check'),
      message('registry.net.connectionRefused', 'ECONNREFUSED'),
    );
    assert.equal(render(refused), 'Registry check: cannot reach the registry (connection refused, ECONNREFUSED).');
    assert.equal(render(refused, 'ja'), 'レジストリの確認: レジストリに接続できません (接続が拒否されました、ECONNREFUSED)。');
    const none = message('aws.noCredentials', message('aws.profile', 'dev'));
    assert.equal(render(none), 'No AWS credentials found for profile "dev".');
    assert.equal(render(none, 'ja'), 'プロファイル "dev" の AWS 認証情報が見つかりません。');
  });

  it('renders the messages of real failures in Japanese: a closed port for the Registry API and the ECR API', async function () {
    this.timeout(60_000);
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const registry = new RegistryClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'none' }, timeoutMs: 5000 });
    const err = await registry.ping().then(
      () => assert.fail('ping of a closed port succeeded'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RegistryError);
    assert.match(assertJapanese(err.userMessage), /ECONNREFUSED/);

    const ecr = new EcrService({
      profiles: [],
      regions: ['us-east-1'],
      registryIds: [],
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAL10NTEST',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_EC2_METADATA_DISABLED: 'true',
        HOME: tmp,
        AWS_CONFIG_FILE: join(tmp, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'),
      },
    });
    try {
      const problems = (await ecr.listRegistries()).flatMap((row) => (row.kind === 'problem' ? [row.problem] : []));
      assert.ok(problems.length > 0, 'a closed port gave no problem row');
      for (const p of problems) {
        assertJapanese(p.message);
        if (p.action) assertJapanese(p.action);
      }
    } finally {
      ecr.dispose();
    }
  });

  it('renders the messages of real CLI failures in Japanese: a missing CLI, a CLI that times out or is cancelled, failure output', async function () {
    this.timeout(30_000);
    const failures: Message[] = [];
    const cliFailure = async (cmd: { command: string; args: string[] }, o: { timeoutMs: number; signal?: AbortSignal }) => {
      const err = await runCli(cmd, undefined, o).then(
        () => assert.fail(`${cmd.command} did not fail`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CliError, String(err));
      failures.push(err.userMessage);
    };
    await cliFailure({ command: join(tmp, 'no-such-docker'), args: ['login'] }, { timeoutMs: 5000 });
    await cliFailure({ command: 'sleep', args: ['5'] }, { timeoutMs: 300 });
    await cliFailure({ command: 'sleep', args: ['5'] }, { timeoutMs: 5000, signal: AbortSignal.timeout(300) });
    assert.deepEqual(
      failures.map((m) => m.id),
      ['login.notFound', 'login.timeout', 'login.cancelled'],
    );
    for (const [output, cli] of [
      ['Error response from daemon: Get "https://x/v2/": unauthorized: authentication required', 'docker'],
      ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'docker'],
      ['Cannot connect to Podman', 'podman'],
      ['error storing credentials - err: exit status 1, out: `The stub received bad data.`', 'docker'],
      ['x509: certificate signed by unknown authority', 'docker'],
      ['http: server gave HTTP response to HTTPS client', 'podman'],
      ['dial tcp 127.0.0.1:1: connect: connection refused', 'nerdctl'],
      ['your authorization token has expired', 'docker'],
      ['login attempt to http://127.0.0.1:5000/v2/ failed with status: 403 Forbidden', 'docker'],
      ['boom', 'docker'],
    ] as Array<[string, CliKind]>) {
      failures.push(explainCliFailure(output, 1, cli).userMessage);
    }
    for (const m of failures) assertJapanese(m);
  });

  it('renders every finding of the login diagnosis in Japanese', () => {
    const ecrHost = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
    const other = 'registry.example.com:5000';
    const now = Date.UTC(2026, 0, 1);
    const basic = Buffer.from('user:pw').toString('base64');
    const cases: Array<[unknown, string, { mtimeMs?: number; availableHelpers?: string[]; configPath?: string }]> = [
      [undefined, other, {}],
      [[], other, {}],
      [{ credHelpers: { [ecrHost]: 'ecr-login' }, auths: { [ecrHost]: { auth: basic } } }, ecrHost, { availableHelpers: [] }],
      [{ credHelpers: { [other]: 'pass' } }, other, { availableHelpers: [] }],
      [{ credsStore: 'wincred', auths: { [ecrHost]: { auth: basic } } }, ecrHost, { availableHelpers: [] }],
      [{ credsStore: 'ecr-login' }, ecrHost, {}],
      [{ credsStore: 'ecr-login' }, other, {}],
      [{ auths: { [other]: { auth: basic }, [`https://${other}`]: { auth: basic } } }, other, { mtimeMs: now - 3 * 3600_000 }],
      [{ auths: { [ecrHost]: { auth: basic } } }, ecrHost, { mtimeMs: now - 20 * 3600_000 }],
      [{ auths: { [other]: {} } }, other, {}],
      [{ auths: {} }, other, { configPath: '/c.json' }],
      [{}, '-bad host', {}],
    ];
    const findings = cases.flatMap(([json, host, extra]) => diagnoseDockerConfig(json, host, now, extra));
    assert.ok(findings.length >= cases.length);
    for (const f of findings) assertJapanese(f.message);
  });
});
