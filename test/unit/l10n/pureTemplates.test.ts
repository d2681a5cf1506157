// The pure modules' English messages are localisable: every message they produce (from their message tables,
// from real failures — a closed port, a missing CLI, a CLI that times out — and from login diagnostics of many
// CLI configs) is explained by the templates in src/l10n/pureTemplates.ts, and the Japanese bundle turns them
// into Japanese, arguments included.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyAwsError, EcrService, validateRepositoryName } from '../../../src/aws/index';
import { problemText } from '../../../src/aws/problems';
import { MessageCatalog, type Translate } from '../../../src/l10n/messageCatalog';
import { PURE_TEMPLATES } from '../../../src/l10n/pureTemplates';
import { CliError, MESSAGES, type CliKind } from '../../../src/login/cliBase';
import { diagnoseDockerConfig, diagnoseLoginSetup } from '../../../src/login/cliConfig';
import { explainCliFailure } from '../../../src/login/cliFailures';
import { runCli } from '../../../src/login/cliRunner';
import { NETWORK_REASONS } from '../../../src/registry/errors';
import { RegistryClient, RegistryMessages } from '../../../src/registry/index';

const ROOT = join(__dirname, '..', '..', '..');
const EN_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
const JA_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;

/** What vscode.l10n.t does with a bundle: look the template up, fill in {n}. */
function translator(bundle: Record<string, string>): Translate {
  return (template, args) => (bundle[template] ?? template).replace(/\{(\d+)\}/g, (m, n: string) => args[Number(n)] ?? m);
}

/** Inputs the tests pass in, echoed by the messages (not ours to translate). */
const ECHOED = new Set(['-bad host']);

/** Text that reads as English prose (two words), as opposed to names, numbers, paths, codes and commands. */
function isProse(text: string): boolean {
  if (ECHOED.has(text) || /^(podman|finch|sudo|docker|aws) /.test(text)) return false;
  return /[A-Za-z]{2,}[,;]? +[A-Za-z]{2,}/.test(text);
}

const SAMPLES: unknown[] = ['SAMPLE', undefined, '', 503, 'docker', 'podman', 'finch', 'nerdctl'];

/** Every output of a message table: strings as they are, functions called with each combination of SAMPLES. */
function tableOutputs(table: Record<string, unknown>): Array<{ id: string; text: string }> {
  const out: Array<{ id: string; text: string }> = [];
  for (const [id, entry] of Object.entries(table)) {
    if (typeof entry === 'string') {
      out.push({ id, text: entry });
      continue;
    }
    if (typeof entry !== 'function') continue;
    const fn = entry as (...args: unknown[]) => unknown;
    const arity = Math.max(fn.length, 1);
    const combos: unknown[][] = [[]];
    for (let i = 0; i < arity; i++) {
      const next: unknown[][] = [];
      for (const c of combos) for (const s of SAMPLES) next.push([...c, s]);
      combos.splice(0, combos.length, ...next);
    }
    for (const args of combos) {
      let text: unknown;
      try {
        text = fn(...args);
      } catch {
        continue; // a sample of the wrong type for this parameter
      }
      if (typeof text === 'string') out.push({ id: `${id}(${args.map((a) => JSON.stringify(a)).join(', ')})`, text });
    }
  }
  return out;
}

const catalog = new MessageCatalog(PURE_TEMPLATES);

/** The parts of `message` no template explains: empty when it and every argument that reads as prose match. */
function unexplained(message: string, depth = 0): string[] {
  const matched = depth < 3 ? catalog.match(message) : undefined;
  if (!matched) return isProse(message) ? [message] : [];
  return matched.args.flatMap((a) => (a ? unexplained(a, depth + 1) : []));
}

function assertExplained(messages: Array<{ id: string; text: string }>): void {
  const failures = messages
    .map((m) => ({ ...m, parts: unexplained(m.text) }))
    .filter((m) => m.parts.length > 0)
    .map((m) => `${m.id}: ${JSON.stringify(m.text)} — unexplained: ${JSON.stringify(m.parts)}`);
  assert.deepEqual(failures, [], `messages without a template in src/l10n/pureTemplates.ts:\n${failures.join('\n')}`);
}

describe("(unit) l10n of the pure modules' messages", function () {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ecr-l10n-pure-'));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('MessageCatalog', () => {
    const c = new MessageCatalog([
      'Not found: {0}',
      'profile "{0}"',
      'No AWS credentials found for {0}.',
      '{0}: {1}',
      'ECR answered with a server error (HTTP {0}) after retries.',
      'ECR answered with a server error (HTTP {0} {1}) after retries.',
      'Keep only "{0}" and "{0}".',
    ]);

    it('recovers the arguments of the template that matches the whole message', () => {
      assert.deepEqual(c.match('Not found: team/app'), { template: 'Not found: {0}', args: ['team/app'] });
      assert.equal(c.match('Not found'), undefined);
      assert.equal(c.match('Prefix Not found: x'), undefined);
    });

    it('prefers the most specific template', () => {
      assert.deepEqual(c.match('ECR answered with a server error (HTTP 503 ServiceUnavailable) after retries.'), {
        template: 'ECR answered with a server error (HTTP {0} {1}) after retries.',
        args: ['503', 'ServiceUnavailable'],
      });
    });

    it('ignores templates that are (almost) only placeholders, and requires repeated placeholders to agree', () => {
      assert.equal(c.match('anything: at all'), undefined);
      assert.ok(!c.templates.includes('{0}: {1}'));
      assert.deepEqual(c.match('Keep only "a" and "a".')?.args, ['a']);
      assert.equal(c.match('Keep only "a" and "b".'), undefined);
    });

    it('localises nested messages and keeps unknown text as it is', () => {
      const ja = translator({
        'No AWS credentials found for {0}.': '{0} の AWS 認証情報が見つかりません。',
        'profile "{0}"': 'プロファイル "{0}"',
      });
      assert.equal(c.localize('No AWS credentials found for profile "dev".', ja), 'プロファイル "dev" の AWS 認証情報が見つかりません。');
      assert.equal(c.localize('Some server text.', ja), 'Some server text.');
    });
  });

  it('every template is a key of l10n/bundle.l10n.json (so vscode.l10n.t finds it) and has a Japanese translation', () => {
    const missing = PURE_TEMPLATES.filter((t) => !(t in EN_BUNDLE));
    assert.deepEqual(missing, [], 'run `npm run l10n` to re-export the bundle');
    assert.deepEqual(
      PURE_TEMPLATES.filter((t) => !(t in JA_BUNDLE)),
      [],
    );
  });

  it('explains every message of the message tables (aws/problems, registry/errors, login/cliBase)', () => {
    const outputs = [
      ...tableOutputs(problemText as Record<string, unknown>),
      ...tableOutputs(RegistryMessages as Record<string, unknown>),
      ...tableOutputs(MESSAGES as Record<string, unknown>),
      ...Object.entries(NETWORK_REASONS).map(([code, reason]) => ({ id: code, text: `${reason}, ${code}` })),
    ];
    assert.ok(outputs.length > 150, `only ${outputs.length} outputs generated`);
    assertExplained(outputs);
  });

  it('explains repository name validation and classified AWS errors', () => {
    const names = ['a', 'x'.repeat(300), 'Team/App', 'a..b', '-x'];
    const outputs = names.map((n) => ({ id: `validateRepositoryName(${n.slice(0, 10)})`, text: validateRepositoryName(n) ?? '' }));
    assert.ok(outputs.every((o) => o.text !== ''));
    const errors: Array<[string, unknown]> = [
      ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })],
      ['sso', Object.assign(new Error('The SSO session associated with this profile has expired'), { name: 'CredentialsProviderError' })],
      [
        'access denied',
        Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
      ],
      ['throttled', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
      ['html 502', Object.assign(new Error('Deserialization error: <html>'), { name: 'SyntaxError', $metadata: { httpStatusCode: 502 } })],
      ['server', Object.assign(new Error('boom'), { name: 'ServerException', $metadata: { httpStatusCode: 500 }, $fault: 'server' })],
    ];
    for (const [id, err] of errors) {
      for (const profile of [undefined, 'dev']) {
        const p = classifyAwsError(err, { profile, operation: 'DescribeImages' });
        outputs.push({ id: `${id} message`, text: p.message }, { id: `${id} action`, text: p.action ?? '' });
      }
    }
    assertExplained(outputs);
  });

  it('explains real failures: a closed port for the ECR API and the Registry API, a missing CLI, a CLI that times out or is cancelled', async function () {
    this.timeout(60_000);
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const outputs: Array<{ id: string; text: string }> = [];
    const registry = new RegistryClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'none' }, timeoutMs: 5000 });
    await registry.ping().then(
      () => assert.fail('ping of a closed port succeeded'),
      (err: Error) => outputs.push({ id: 'registry ping', text: err.message }),
    );
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
      const rows = await ecr.listRegistries();
      for (const row of rows)
        if (row.kind === 'problem')
          outputs.push(
            { id: 'listRegistries', text: row.problem.message },
            { id: 'listRegistries action', text: row.problem.action ?? '' },
          );
      assert.ok(
        rows.some((r) => r.kind === 'problem'),
        'a closed port gave no problem row',
      );
    } finally {
      ecr.dispose();
    }
    const cliFailure = async (cmd: { command: string; args: string[] }, o: { timeoutMs: number; signal?: AbortSignal }): Promise<void> => {
      await runCli(cmd, undefined, o).then(
        () => assert.fail(`${cmd.command} did not fail`),
        (err: CliError) => outputs.push({ id: `${cmd.command} ${err.code}`, text: err.message }),
      );
    };
    await cliFailure({ command: join(tmp, 'no-such-docker'), args: ['login'] }, { timeoutMs: 5000 });
    await cliFailure({ command: 'sleep', args: ['5'] }, { timeoutMs: 300 });
    await cliFailure({ command: 'sleep', args: ['5'] }, { timeoutMs: 5000, signal: AbortSignal.timeout(300) });
    for (const [output, cli] of [
      ['Error response from daemon: Get "https://x/v2/": unauthorized: authentication required', 'docker'],
      ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'docker'],
      ['Cannot connect to Podman', 'podman'],
      ['finch vm is not running', 'finch'],
      ['error storing credentials - err: exit status 1, out: `The stub received bad data.`', 'docker'],
      [
        'Error saving credentials: error storing credentials - err: exec: "docker-credential-pass": executable file not found in $PATH',
        'docker',
      ],
      ['x509: certificate signed by unknown authority', 'docker'],
      ['http: server gave HTTP response to HTTPS client', 'podman'],
      ['dial tcp 127.0.0.1:1: connect: connection refused', 'nerdctl'],
      ['Cannot perform an interactive login from a non TTY device', 'docker'],
      ['your authorization token has expired', 'docker'],
      ['login attempt to http://127.0.0.1:5000/v2/ failed with status: 403 Forbidden', 'docker'],
      ['boom', 'docker'],
    ] as Array<[string, CliKind]>) {
      outputs.push({ id: `explainCliFailure ${output.slice(0, 20)}`, text: explainCliFailure(output, 1, cli).message });
    }
    assert.ok(outputs.length >= 17);
    assertExplained(outputs);
  });

  it('explains every finding of the login diagnosis', async () => {
    const ecrHost = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
    const other = 'registry.example.com:5000';
    const now = Date.UTC(2026, 0, 1);
    const ecrAuth = (expiresAt: number): string =>
      Buffer.from(
        `AWS:${Buffer.from(JSON.stringify({ payload: 'x', expiration: Math.floor(expiresAt / 1000) })).toString('base64')}`,
      ).toString('base64');
    const basic = Buffer.from('user:pw').toString('base64');
    const cases: Array<[string, unknown, string, { mtimeMs?: number; availableHelpers?: string[]; configPath?: string }]> = [
      ['no file', undefined, other, {}],
      ['no file (path)', undefined, other, { configPath: '/home/u/.docker/config.json' }],
      ['not an object', [], other, {}],
      [
        'ecr-login helper + stale auths',
        { credHelpers: { [ecrHost]: 'ecr-login' }, auths: { [ecrHost]: { auth: basic } } },
        ecrHost,
        { availableHelpers: [] },
      ],
      ['other helper', { credHelpers: { [other]: 'pass' } }, other, { availableHelpers: [] }],
      ['wincred store', { credsStore: 'wincred', auths: { [ecrHost]: { auth: basic } } }, ecrHost, { availableHelpers: [] }],
      ['ecr-login store (ECR)', { credsStore: 'ecr-login' }, ecrHost, {}],
      ['ecr-login store (other)', { credsStore: 'ecr-login' }, other, {}],
      [
        'duplicates, old file',
        { auths: { [other]: { auth: basic }, [`https://${other}`]: { auth: basic } } },
        other,
        { mtimeMs: now - 3 * 3600_000 },
      ],
      ['ECR entry, old file', { auths: { [ecrHost]: { auth: basic } } }, ecrHost, { mtimeMs: now - 20 * 3600_000 }],
      ['ECR token expired', { auths: { [ecrHost]: { auth: ecrAuth(now - 60_000) } } }, ecrHost, {}],
      ['ECR token valid', { auths: { [ecrHost]: { auth: ecrAuth(now + 5 * 3600_000) } } }, ecrHost, { configPath: '/c.json' }],
      ['entry without credentials', { auths: { [other]: {} } }, other, {}],
      ['no entry', { auths: {} }, other, {}],
      ['bad host', {}, '-bad host', {}],
    ];
    const outputs = cases.flatMap(([id, json, host, extra]) =>
      diagnoseDockerConfig(json, host, now, extra).map((f) => ({ id, text: f.message })),
    );
    assert.ok(outputs.length >= cases.length);

    // The whole setup check, with a PATH that has podman but not docker and a config file that is not JSON.
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'podman'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'podman'), 0o755);
    const dockerConfig = join(tmp, 'docker');
    mkdirSync(dockerConfig, { recursive: true });
    writeFileSync(join(dockerConfig, 'config.json'), '{ not json');
    const setup = await diagnoseLoginSetup('docker', other, { env: { PATH: bin, DOCKER_CONFIG: dockerConfig, HOME: tmp }, now });
    const found = await diagnoseLoginSetup('podman', other, {
      env: { PATH: bin, REGISTRY_AUTH_FILE: join(tmp, 'auth.json'), HOME: tmp },
      now,
    });
    for (const f of [...setup.findings, ...found.findings]) outputs.push({ id: 'diagnoseLoginSetup', text: f.message });
    assert.ok(setup.findings.some((f) => f.level === 'warning'));
    assertExplained(outputs);
  });

  it('turns real messages into Japanese with the shipped bundle, arguments included', () => {
    const ja = translator(JA_BUNDLE);
    const all = new MessageCatalog(Object.keys(EN_BUNDLE));
    assert.equal(
      all.localize('Registry check: cannot reach the registry (connection refused, ECONNREFUSED).', ja),
      'レジストリの確認: レジストリに接続できません (接続が拒否されました、ECONNREFUSED)。',
    );
    assert.equal(all.localize(problemText.noCredentials('dev'), ja), 'プロファイル "dev" の AWS 認証情報が見つかりません。');
    assert.equal(all.localize(problemText.noCredentials(undefined), ja), 'デフォルトの認証情報チェーン の AWS 認証情報が見つかりません。');
    assert.equal(
      all.localize(MESSAGES.timeout('docker login', 60), ja).startsWith('"docker login" が 60 秒以内に終了しなかったため'),
      true,
    );
    // Text from servers and CLIs is not ours to translate.
    assert.equal(all.localize('manifest unknown', ja), 'manifest unknown');
  });
});
