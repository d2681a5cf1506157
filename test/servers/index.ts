// Start/stop helpers for the real local servers the tests talk to: moto_server (ECR API), Debian's
// docker-registry (Registry HTTP API v2) and the project's own ECR emulator (in-process).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { Emulator, type EmulatorOptions } from '../emulator/emulator';
import { findExecutable, freePort, makeTempDir, removeTempDir, runTool, spawnManaged, waitForHttp } from './process';

export { PrerequisiteError, freePort, groupAlive } from './process';
export * from './registryPush';
export * from './clients';
export { Emulator } from '../emulator/emulator';
export type { EmulatorOptions } from '../emulator/emulator';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  /** Stops the server (process group killed, temp dir removed). Idempotent. */
  stop(): Promise<void>;
}

export interface ProcessServer extends RunningServer {
  /** Process group id of the spawned server (= leader pid), so tests can check it is gone after stop(). */
  pid: number;
}

export interface ServerStartOptions {
  /** Environment for finding and running the binary (default process.env). Tests use it to hide a binary. */
  env?: NodeJS.ProcessEnv;
  /** Ready timeout, default 20 s. */
  timeoutMs?: number;
}

export interface MotoServer extends ProcessServer {
  /** POST /moto-api/reset: forget every resource. */
  reset(): Promise<void>;
  /** Environment for an SDK/CLI client pointed at this moto (dummy credentials testing/testing). */
  clientEnv: Record<string, string>;
}

/** moto_server on a free 127.0.0.1 port. Credentials: testing/testing; account 123456789012. */
export async function startMoto(opts: ServerStartOptions = {}): Promise<MotoServer> {
  const env = opts.env ?? process.env;
  const bin = findExecutable('moto_server', "pip install 'moto[server]'", env);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnManaged(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...env, MOTO_ACCOUNT_ID: env.MOTO_ACCOUNT_ID ?? '123456789012' },
  });
  try {
    await waitForHttp(`${url}/moto-api/`, proc, opts.timeoutMs ?? 20000, 'moto_server');
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    url,
    port,
    pid: proc.pid,
    clientEnv: {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_ECR: url,
    },
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
    },
    stop: () => proc.stop(),
  };
}

export interface RegistryStartOptions extends ServerStartOptions {
  password: string;
  /** Default 'AWS'. */
  username?: string;
  /** Serve HTTPS with a freshly generated self-signed certificate (IP:127.0.0.1, DNS:localhost). */
  tls?: boolean;
  /** Start on an existing storage root (e.g. a fixture written directly on disk) instead of an empty one. */
  storageDir?: string;
}

export interface RegistryServer extends ProcessServer {
  /** 127.0.0.1:PORT, as a docker/podman login argument. */
  host: string;
  username: string;
  password: string;
  /** PEM of the self-signed certificate (tls only). */
  caCertPath?: string;
  /** Filesystem storage root of the registry. */
  storageDir: string;
  /** Directory with the config, htpasswd and (tls) cert; removed by stop(). */
  configDir: string;
}

/**
 * A Debian docker-registry config (YAML): quiet logs, filesystem storage under `storageDir` (plus `storage` lines),
 * listening on 127.0.0.1:`port` (plus `http` lines), and the `auth` lines.
 */
export function registryConfig(storageDir: string, port: number, parts: { storage?: string[]; http?: string[]; auth: string[] }): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    ...(parts.storage ?? []),
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(parts.http ?? []),
    'auth:',
    ...parts.auth,
    '',
  ].join('\n');
}
/** Debian's docker-registry (distribution 2.8) with bcrypt htpasswd Basic auth, delete enabled, temp storage. */
export async function startRegistry(opts: RegistryStartOptions): Promise<RegistryServer> {
  const env = opts.env ?? process.env;
  const bin = findExecutable('docker-registry', 'apt-get install -y --no-install-recommends docker-registry', env);
  const htpasswd = findExecutable('htpasswd', 'apt-get install -y --no-install-recommends apache2-utils', env);
  const openssl = opts.tls ? findExecutable('openssl', 'apt-get install -y openssl', env) : undefined;
  const username = opts.username ?? 'AWS';
  const dir = makeTempDir('ecrx-registry-');
  try {
    const storageDir = opts.storageDir ?? path.join(dir, 'storage');
    fs.mkdirSync(storageDir, { recursive: true });
    // -i: password on stdin, so it never shows in a process listing.
    const line = await runTool(htpasswd, ['-Bin', username], opts.password, env);
    const htpasswdPath = path.join(dir, 'htpasswd');
    fs.writeFileSync(htpasswdPath, line.trim() + '\n', { mode: 0o600 });
    let tlsLines: string[] = [];
    let caCertPath: string | undefined;
    if (openssl) {
      caCertPath = path.join(dir, 'cert.pem');
      const keyPath = path.join(dir, 'key.pem');
      await runTool(
        openssl,
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyPath,
          '-out',
          caCertPath,
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        undefined,
        env,
      );
      tlsLines = ['  tls:', `    certificate: ${caCertPath}`, `    key: ${keyPath}`];
    }
    // A port from freePort() is only free when it was asked for: another server may take it before this one binds.
    // Then the registry exits, or (worse) the probe reaches that other server. Each attempt checks that the server
    // on the port is this one (our password is accepted), and a lost race is retried on a new port.
    let started: { port: number; url: string; proc: ReturnType<typeof spawnManaged>; stop: () => Promise<void> } | undefined;
    for (let attempt = 1; !started; attempt++) {
      const port = await freePort();
      const config = registryConfig(storageDir, port, {
        storage: ['  delete:', '    enabled: true', '  maintenance:', '    uploadpurging:', '      enabled: false'],
        http: [`  secret: ${randomBytes(16).toString('hex')}`, ...tlsLines],
        auth: ['  htpasswd:', '    realm: basic-realm', `    path: ${htpasswdPath}`],
      });
      const configPath = path.join(dir, 'config.yml');
      fs.writeFileSync(configPath, config);
      const scheme = opts.tls ? 'https' : 'http';
      const url = `${scheme}://127.0.0.1:${port}`;
      const proc = spawnManaged(bin, ['serve', configPath], { env, cwd: dir });
      let stopped: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopped ??= proc.stop().then(() => removeTempDir(dir));
        return stopped;
      };
      try {
        await waitForHttp(`${url}/v2/`, proc, opts.timeoutMs ?? 20000, 'docker-registry');
        const status = await statusWithBasic(`${url}/v2/`, username, opts.password);
        if (status !== 200 || !proc.isRunning()) {
          throw new Error(`docker-registry: 127.0.0.1:${port} answered ${status} to our credentials (another server took the port)`);
        }
        started = { port, url, proc, stop };
      } catch (err) {
        if (attempt >= 3) {
          await stop();
          throw err;
        }
        await proc.stop();
      }
    }
    const { port, url, proc, stop } = started;
    return {
      url,
      port,
      pid: proc.pid,
      host: `127.0.0.1:${port}`,
      username,
      password: opts.password,
      caCertPath,
      storageDir,
      configDir: dir,
      stop,
    };
  } catch (err) {
    if (fs.existsSync(dir)) removeTempDir(dir);
    throw err;
  }
}

/** The HTTP status of a GET with Basic credentials (self-signed certificates accepted: loopback test servers). */
function statusWithBasic(url: string, username: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const req = mod.get(url, { rejectUnauthorized: false, timeout: 5000, headers: { authorization } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
  });
}

export interface EmulatorServer extends RunningServer {
  emulator: Emulator;
  /** Base URL of the HTTP control API (`<url>/_emulator`). */
  controlUrl: string;
  /** 127.0.0.1:PORT, the docker login argument for the emulator's /v2 endpoint. */
  host: string;
}

/** The project's ECR emulator in this process (ECR JSON 1.1 API + Registry v2 + /_emulator control). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorServer> {
  const emulator = new Emulator(opts);
  await emulator.listen();
  let stopped: Promise<void> | undefined;
  return {
    emulator,
    url: emulator.url,
    port: emulator.port,
    host: `127.0.0.1:${emulator.port}`,
    controlUrl: `${emulator.url}/_emulator`,
    stop: () => (stopped ??= emulator.close()),
  };
}

/** A dedicated environment for ECR SDK clients aimed at a local server (no real credentials, no IMDS). */
export function localAwsEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_ECR: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}
export * from './podman';
