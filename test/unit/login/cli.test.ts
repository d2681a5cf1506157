import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../../src/login/cliBase';
import { diagnoseDockerConfig, diagnoseLoginSetup, locateCliConfig } from '../../../src/login/cliConfig';
import { detectClis } from '../../../src/login/cliDiscovery';
import { explainCliFailure } from '../../../src/login/cliFailures';
import { childEnv } from '../../../src/login/cliRunner';
import { buildLoginCommand, buildLogoutCommand, buildPullCommand, isLoopbackHost, normalizeHost } from '../../../src/login/commandLines';
import { message, type Message, type MessageArg } from '../../../src/model/message';
import { sanitizeTerminalText } from '../../../src/model/sanitize';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('(unit) login: command lines', () => {
  it('docker is the default: --username AWS --password-stdin <host without scheme>', () => {
    assert.deepEqual(buildLoginCommand({ cli: 'docker', host: `https://${ECR}`, username: 'AWS' }), {
      command: 'docker',
      args: ['login', '--username', 'AWS', '--password-stdin', ECR],
    });
    assert.deepEqual(buildLoginCommand({ cli: 'docker', host: 'http://127.0.0.1:5000/', username: 'AWS', plainHttp: true }).args, [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '127.0.0.1:5000',
    ]);
  });

  it('podman: --tls-verify=false only for a plain-HTTP loopback registry; --cert-dir when given', () => {
    assert.deepEqual(buildLoginCommand({ cli: 'podman', host: '127.0.0.1:5000', username: 'AWS', plainHttp: true }).args, [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '--tls-verify=false',
      '127.0.0.1:5000',
    ]);
    assert.deepEqual(buildLoginCommand({ cli: 'podman', host: 'registry.example.com', username: 'AWS', plainHttp: true }).args, [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      'registry.example.com',
    ]);
    assert.deepEqual(buildLoginCommand({ cli: 'podman', host: ECR, username: 'AWS' }).args, [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      ECR,
    ]);
    assert.deepEqual(buildLoginCommand({ cli: 'podman', host: 'localhost:8443', username: 'AWS', certDir: '/tmp/certs' }).args, [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '--cert-dir',
      '/tmp/certs',
      'localhost:8443',
    ]);
  });

  it('finch and nerdctl; nerdctl plain HTTP uses its global --insecure-registry', () => {
    assert.deepEqual(buildLoginCommand({ cli: 'finch', host: ECR, username: 'AWS' }), {
      command: 'finch',
      args: ['login', '--username', 'AWS', '--password-stdin', ECR],
    });
    assert.deepEqual(buildLoginCommand({ cli: 'nerdctl', host: '[::1]:5000', username: 'AWS', plainHttp: true }), {
      command: 'nerdctl',
      args: ['--insecure-registry', 'login', '--username', 'AWS', '--password-stdin', '[::1]:5000'],
    });
  });

  it('a custom executable path and extra arguments placed before the subcommand', () => {
    assert.deepEqual(
      buildLoginCommand({ cli: 'docker', executable: '/opt/bin/docker', extraArgs: ['--config', '/tmp/dc'], host: ECR, username: 'AWS' }),
      { command: '/opt/bin/docker', args: ['--config', '/tmp/dc', 'login', '--username', 'AWS', '--password-stdin', ECR] },
    );
    assert.equal(buildLoginCommand({ cli: 'podman', executable: '  ', host: ECR, username: 'AWS' }).command, 'podman');
  });

  it('hosts that could turn into options or carry junk are refused', () => {
    for (const bad of ['-oProxyCommand=x', '--password=x', 'a b', 'host\u001b[31m', '', 'exa mple.com:5000']) {
      assert.throws(() => buildLoginCommand({ cli: 'docker', host: bad, username: 'AWS' }), /login\.invalidHost\(/, bad);
    }
    assert.throws(() => buildLoginCommand({ cli: 'docker', host: ECR, username: '-p' }), /login\.invalidUsername\(\)$/);
    assert.throws(() => buildLoginCommand({ cli: 'docker', host: ECR, username: '' }), /login\.invalidUsername\(\)$/);
    assert.equal(normalizeHost('HTTPS://Example.COM:443/v2/'), 'example.com');
    assert.equal(normalizeHost('Example.com:5000'), 'example.com:5000');
  });

  it('loopback detection', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:5000', '127.1.2.3:1', 'localhost:80', '[::1]:5000', 'LOCALHOST'])
      assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['128.0.0.1', 'localhost.example.com', ECR, '10.0.0.1:5000', '[::2]:1']) assert.equal(isLoopbackHost(h), false, h);
  });

  it('logout and pull', () => {
    assert.deepEqual(buildLogoutCommand({ cli: 'podman', host: `https://${ECR}`, extraArgs: ['--log-level', 'error'] }), {
      command: 'podman',
      args: ['--log-level', 'error', 'logout', ECR],
    });
    assert.deepEqual(buildPullCommand({ cli: 'docker', imageRef: `${ECR}/team/app:1.0` }), {
      command: 'docker',
      args: ['pull', `${ECR}/team/app:1.0`],
    });
    assert.deepEqual(
      buildPullCommand({ cli: 'podman', imageRef: '127.0.0.1:5000/app@sha256:abc', plainHttp: true, platform: 'linux/arm64' }).args,
      ['pull', '--platform', 'linux/arm64', '--tls-verify=false', '127.0.0.1:5000/app@sha256:abc'],
    );
    assert.throws(() => buildPullCommand({ cli: 'docker', imageRef: '--help' }), {
      name: 'CliError',
      message: 'login.invalidImage("--help")',
    });
  });
});

const DOCKER_HTTPS_LINE =
  'time="2026-11-27T19:26:49Z" level=info msg="Error logging in to endpoint, trying next endpoint" endpoint="{false https://127.0.0.1:38181 false false false 0xc00032e000}" error="Get \\"https://127.0.0.1:38181/v2/\\": http: server gave HTTP response to HTTPS client"\n';
const dockerHttpLine = (status: string): string =>
  `time="2026-11-27T19:26:49Z" level=info msg="Error logging in to endpoint, trying next endpoint" endpoint="{false http://127.0.0.1:38181 false false false 0xc00032e000}" error="login attempt to http://127.0.0.1:38181/v2/ failed with status: ${status}"\n`;

describe('(unit) login: explaining CLI failures', () => {
  const m = message;
  const cases: Array<[string, string, number, string, Message]> = [
    [
      'docker wrong password',
      'Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized\n',
      1,
      'unauthorized',
      m('login.unauthorized', 'docker'),
    ],
    [
      'podman wrong password',
      'Error: logging into "127.0.0.1:5000": invalid username/password\n',
      125,
      'unauthorized',
      m('login.unauthorized', 'podman'),
    ],
    [
      'TLS 401 then 400',
      'level=info msg="Error logging in to endpoint, trying next endpoint" error="login attempt to https://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized"\nlogin attempt to http://127.0.0.1:5000/v2/ failed with status: 400 Bad Request\n',
      1,
      'unauthorized',
      m('login.unauthorized', 'docker'),
    ],
    [
      'registry down',
      'Error response from daemon: Get "https://127.0.0.1:5/v2/": dial tcp 127.0.0.1:5: connect: connection refused\n',
      1,
      'unreachable',
      m('login.unreachable', 'docker'),
    ],
    [
      'unknown host',
      'Error: Get "https://nope.invalid/v2/": dial tcp: lookup nope.invalid: no such host',
      125,
      'unreachable',
      m('login.unreachable', 'docker'),
    ],
    [
      'network timeout',
      'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      1,
      'unreachable',
      m('login.unreachable', 'docker'),
    ],
    [
      'daemon',
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      1,
      'daemon',
      m('login.dockerDaemon'),
    ],
    [
      'wincred',
      'Error saving credentials: error storing credentials - err: exit status 1, out: `The stub received bad data.`',
      1,
      'wincred',
      m('login.wincred'),
    ],
    ['empty stdin', 'Error: Cannot perform an interactive login from a non TTY device', 1, 'exit', m('login.nonTty')],
    [
      'expired token',
      'denied: Your authorization token has expired. Reauthenticate and try again.',
      1,
      'unauthorized',
      m('login.expiredToken'),
    ],
    [
      'helper missing',
      'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``',
      1,
      'exit',
      m('login.helperNotFound', 'desktop'),
    ],
    // Real transcripts (docker 28 client / podman 4.3, captured against the emulator's /v2 faults and Debian's
    // docker-registry): docker tries https:// first and prints the "HTTP response to HTTPS client" line for every
    // loopback registry before the http:// endpoint's real answer.
    [
      'docker expired token 403 (emulator)',
      DOCKER_HTTPS_LINE +
        dockerHttpLine('403 Forbidden') +
        'login attempt to http://127.0.0.1:38181/v2/ failed with status: 403 Forbidden\n',
      1,
      'unauthorized',
      m('login.forbidden', 'docker'),
    ],
    [
      'podman expired token 403 (emulator)',
      'Error: authenticating creds for "127.0.0.1:38181": pinging container registry 127.0.0.1:38181: invalid status code from registry 403 (Forbidden)\n',
      125,
      'unauthorized',
      m('login.forbidden', 'podman'),
    ],
    [
      'docker wrong password, plain-HTTP docker-registry',
      DOCKER_HTTPS_LINE +
        dockerHttpLine('401 Unauthorized') +
        'login attempt to http://127.0.0.1:41869/v2/ failed with status: 401 Unauthorized\n',
      1,
      'unauthorized',
      message('login.unauthorized', 'docker'),
    ],
    [
      'docker http:// endpoint answers 500 (emulator)',
      DOCKER_HTTPS_LINE +
        dockerHttpLine('500 Internal Server Error') +
        'login attempt to http://127.0.0.1:38181/v2/ failed with status: 500 Internal Server Error\n',
      1,
      'exit',
      m('login.exitWithLine', 'docker', 1, 'login attempt to http://127.0.0.1:38181/v2/ failed with status: 500 Internal Server Error'),
    ],
    [
      'podman plain-HTTP registry without --tls-verify=false',
      'Error: authenticating creds for "127.0.0.1:38181": pinging container registry 127.0.0.1:38181: Get "https://127.0.0.1:38181/v2/": http: server gave HTTP response to HTTPS client\n',
      125,
      'unreachable',
      m('login.httpToHttps'),
    ],
    [
      'docker remote plain-HTTP registry (https only)',
      'Error response from daemon: Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client\n',
      1,
      'unreachable',
      m('login.httpToHttps'),
    ],
    [
      'permission denied is not a registry refusal',
      'Error saving credentials: open /home/u/.docker/config.json1234: permission denied\n',
      1,
      'exit',
      m('login.exitWithLine', 'docker', 1, 'Error saving credentials: open /home/u/.docker/config.json1234: permission denied'),
    ],
    [
      'anything else',
      'WARNING! Your credentials are stored unencrypted\nsomething odd \u001b[31mhappened\n',
      3,
      'exit',
      m('login.exitWithLine', 'docker', 3, 'something odd happened'),
    ],
  ];
  for (const [name, output, code, want, msg] of cases) {
    it(name, () => {
      const e = explainCliFailure(output, code, name.startsWith('podman') ? 'podman' : 'docker');
      assert.ok(e instanceof CliError);
      assert.equal(e.code, want);
      assert.equal(e.exitCode, code);
      assert.deepStrictEqual(e.userMessage, msg);
    });
  }
  it('the daemon message names the engine of the CLI in use', () => {
    assert.deepStrictEqual(
      explainCliFailure('Cannot connect to Podman. Please verify your connection', 125, 'podman').userMessage,
      message('login.engineNotRunning', 'podman', 'podman machine start'),
    );
  });
});

describe('(unit) login: child environment and terminal text', () => {
  it('secret-looking variables and values are dropped; the rest is kept', () => {
    const env = childEnv(
      {
        PATH: '/usr/bin',
        HOME: '/h',
        DOCKER_CONFIG: '/d',
        REGISTRY_AUTH_FILE: '/a.json',
        XDG_RUNTIME_DIR: '/run/u',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 't',
        AWS_ACCESS_KEY_ID: 'AKIA',
        GITHUB_TOKEN: 'g',
        DB_PASSWORD: 'p',
        ECR_PASSWORD_FILE: 'x',
        MY_API_KEY: 'k',
        DOCKER_AUTH_CONFIG: '{}',
        INNOCENT: 'contains hunter2-secret inside',
        OTHER: undefined,
      },
      ['hunter2-secret'],
    );
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/h', DOCKER_CONFIG: '/d', REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/u' });
  });

  it('terminal text: escape sequences and controls stripped, lines end in \\r\\n', () => {
    assert.equal(sanitizeTerminalText('Login Succeeded\n'), 'Login Succeeded\r\n');
    assert.equal(sanitizeTerminalText('a\r\nb\n'), 'a\r\nb\r\n');
    assert.equal(sanitizeTerminalText('\u001b]0;pwned\u0007\u001b[2Jred\u001b[31m!\u0008\n'), 'red!\r\n');
    assert.equal(sanitizeTerminalText('\u202eevil'), 'evil');
  });
});

/** A finding of the diagnosis, as the pure modules return it. */
const info = (id: string, ...args: MessageArg[]) => ({ level: 'info', message: message(id, ...args) });
const warning = (id: string, ...args: MessageArg[]) => ({ level: 'warning', message: message(id, ...args) });

describe('(unit) login: diagnosing the CLI config', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const ecrPassword = (expSeconds: number) =>
    b64(JSON.stringify({ payload: 'p', datakey: 'd', version: '2', type: 'DATA_KEY', expiration: expSeconds }));
  const where = message('login.diag.theCliConfig');

  it('credHelpers ecr-login: no login needed, and an auths entry for the same host is stale', () => {
    const f = diagnoseDockerConfig({ credHelpers: { [ECR]: 'ecr-login' }, auths: { [ECR]: { auth: b64('AWS:xyz') } } }, ECR, now, {
      availableHelpers: ['ecr-login'],
    });
    assert.deepStrictEqual(f, [info('login.diag.ecrLoginHelper', ECR), warning('login.diag.staleAuthsWithHelper', where, ECR)]);
  });

  it('a configured helper that is not on PATH is reported', () => {
    const f = diagnoseDockerConfig({ credsStore: 'desktop', auths: { [ECR]: {} } }, ECR, now, { availableHelpers: [] });
    assert.deepStrictEqual(f, [info('login.diag.credsStore', 'desktop', where), warning('login.helperNotFound', 'desktop')]);
  });

  it('wincred with an ECR host warns about token length', () => {
    assert.deepStrictEqual(diagnoseDockerConfig({ credsStore: 'wincred' }, ECR, now), [
      info('login.diag.credsStore', 'wincred', where),
      warning('login.wincred'),
    ]);
    assert.deepStrictEqual(diagnoseDockerConfig({ credsStore: 'wincred' }, 'registry.example.com', now), [
      info('login.diag.credsStore', 'wincred', where),
    ]);
  });

  it('ECR hosts of every form and partition count as ECR; look-alikes do not', () => {
    const ecrHosts = [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      '123456789012.dkr-ecr.eu-west-1.on.aws',
      '123456789012.dkr-ecr-fips.us-east-1.on.aws',
      '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu',
      '123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov',
      '123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
    ];
    const lookAlikes = [
      '123456789012.dkr-fips.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com.attacker.example',
      '12345678901.dkr.ecr.us-east-1.amazonaws.com',
    ];
    // Only an ECR host gets the wincred warning (ECR tokens are too long for the Windows credential store).
    for (const [host, isEcr] of [...ecrHosts.map((h) => [h, true] as const), ...lookAlikes.map((h) => [h, false] as const)]) {
      const expected = [info('login.diag.credsStore', 'wincred', where), ...(isEcr ? [warning('login.wincred')] : [])];
      assert.deepStrictEqual(diagnoseDockerConfig({ credsStore: 'wincred' }, host, now), expected, host);
    }
  });

  it('an auths entry: expiry read from the ECR token itself, never the secret', () => {
    const expired = ecrPassword(now / 1000 - 3600);
    const f1 = diagnoseDockerConfig({ auths: { [`https://${ECR}`]: { auth: b64(`AWS:${expired}`) } } }, ECR, now);
    assert.deepStrictEqual(f1, [
      info('login.diag.storedLogin', where, ECR),
      warning('login.diag.tokenExpired', ECR, '2025-06-01T11:00:00.000Z'),
    ]);
    assert.ok(!JSON.stringify(f1).includes(expired) && !JSON.stringify(f1).includes('DATA_KEY'));
    const valid = ecrPassword(now / 1000 + 5 * 3600);
    assert.deepStrictEqual(diagnoseDockerConfig({ auths: { [ECR]: { auth: b64(`AWS:${valid}`) } } }, ECR, now), [
      info('login.diag.storedLogin', where, ECR),
      info('login.diag.tokenValid', ECR, '2025-06-01T17:00:00.000Z', '5 h'),
    ]);
  });

  it('without a readable expiry the file age stands in, and says so', () => {
    const old = diagnoseDockerConfig({ auths: { [ECR]: { auth: b64('AWS:opaque') } } }, ECR, now, { mtimeMs: now - 13 * 3600_000 });
    assert.deepStrictEqual(old, [
      info('login.diag.storedLogin', where, ECR),
      warning('login.diag.fileAgeExpired', message('login.diag.fileAge', '13 h')),
    ]);
    const fresh = diagnoseDockerConfig({ auths: { [ECR]: { auth: b64('AWS:opaque') } } }, ECR, now, { mtimeMs: now - 5 * 60_000 });
    assert.deepStrictEqual(fresh, [info('login.diag.storedLogin', where, ECR), info('login.diag.fileAge', '5 min')]);
    // The path of the config file names it, when known.
    const named = diagnoseDockerConfig({ auths: {} }, ECR, now, { configPath: '/home/u/.docker/config.json' });
    assert.deepStrictEqual(named, [info('login.diag.noStoredLogin', ECR, '/home/u/.docker/config.json')]);
  });

  it('duplicate entries, missing entries, no file, not an object', () => {
    assert.deepStrictEqual(diagnoseDockerConfig({ auths: { [ECR]: { auth: 'x' }, [`https://${ECR}`]: { auth: 'y' } } }, ECR, now), [
      warning('login.diag.duplicates', where, 2, `"${ECR}", "https://${ECR}"`, ECR),
      info('login.diag.storedLogin', where, ECR),
    ]);
    assert.deepStrictEqual(diagnoseDockerConfig({ auths: {} }, ECR, now), [info('login.diag.noStoredLogin', ECR, where)]);
    assert.deepStrictEqual(diagnoseDockerConfig(undefined, ECR, now), [info('login.diag.noConfigFile', where, ECR)]);
    assert.deepStrictEqual(diagnoseDockerConfig([1, 2], ECR, now), [warning('login.diag.notObject', where)]);
    assert.deepStrictEqual(diagnoseDockerConfig({}, '-bad host', now), [warning('login.invalidHost', '-bad host')]);
  });

  it('config locations follow DOCKER_CONFIG, REGISTRY_AUTH_FILE and XDG_RUNTIME_DIR', () => {
    assert.equal(locateCliConfig('docker', { DOCKER_CONFIG: '/d' }, '/h').path, path.join('/d', 'config.json'));
    assert.equal(locateCliConfig('docker', {}, '/h').path, path.join('/h', '.docker', 'config.json'));
    assert.equal(locateCliConfig('nerdctl', {}, '/h').path, path.join('/h', '.docker', 'config.json'));
    assert.equal(locateCliConfig('finch', {}, '/h').path, path.join('/h', '.finch', 'config.json'));
    assert.equal(locateCliConfig('podman', { REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/u' }, '/h').path, '/a.json');
    assert.equal(locateCliConfig('podman', { XDG_RUNTIME_DIR: '/run/u' }, '/h').path, path.join('/run/u', 'containers', 'auth.json'));
    assert.equal(locateCliConfig('podman', {}, '/h').path, path.join('/h', '.config', 'containers', 'auth.json'));
  });
});

describe('(unit) login: finding CLIs and diagnosing a real setup', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-login-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('detectClis finds executables on PATH only', async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'podman'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'finch'), 'not executable', { mode: 0o644 });
    assert.deepEqual(await detectClis({ PATH: bin }), ['podman']);
    assert.deepEqual(await detectClis({ PATH: '' }), []);
    // The machine's real PATH has docker and podman installed.
    const real = await detectClis(process.env);
    assert.ok(real.includes('docker') && real.includes('podman'), real.join(','));
  });

  it('diagnoseLoginSetup reads the real config file, its age and the helpers on PATH', async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ credHelpers: { [ECR]: 'ecr-login' }, auths: { [ECR]: { auth: b64('AWS:opaque') } } }),
    );
    const r = await diagnoseLoginSetup('docker', ECR, { env: { PATH: bin, DOCKER_CONFIG: dir } });
    const config = path.join(dir, 'config.json');
    assert.deepStrictEqual(r.findings, [
      info('login.diag.containerCli', path.join(bin, 'docker')),
      info('login.diag.credentialConfig', config, '$DOCKER_CONFIG'),
      info('login.diag.ecrLoginHelper', ECR),
      warning('login.helperNotFound', 'ecr-login'),
      warning('login.diag.staleAuthsWithHelper', config, ECR),
    ]);
    fs.writeFileSync(path.join(bin, 'docker-credential-ecr-login'), '#!/bin/sh\n', { mode: 0o755 });
    const r2 = await diagnoseLoginSetup('docker', ECR, { env: { PATH: bin, DOCKER_CONFIG: dir } });
    assert.ok(!r2.findings.some((f) => f.message.id === 'login.helperNotFound'));
    fs.writeFileSync(config, '{ broken');
    const broken = await diagnoseLoginSetup('docker', ECR, { env: { PATH: bin, DOCKER_CONFIG: dir } });
    assert.deepStrictEqual(broken.findings.slice(-1), [warning('login.diag.notJson', config)]);
    const missing = await diagnoseLoginSetup('podman', ECR, { env: { PATH: bin, REGISTRY_AUTH_FILE: path.join(dir, 'none.json') } });
    assert.deepStrictEqual(missing.findings.slice(0, 2), [
      warning('login.notFound', 'podman', 'podman'),
      info('login.diag.foundInstead', 'docker'),
    ]);
  });
});
