// Helpers for the aws*.test.ts suites: isolated AWS environments (temp HOME and shared files), process.env
// swaps for the SDK's internal look-ups, an EcrService on a local ECR and its own registry, API call counting at
// the client, and collecting async pages.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { EcrService, type ExplorerConfig } from '../../../src/aws';
import type { EcrRegistry } from '../../../src/model/types';

/** Variables the SDK's providers read from process.env; tests blank them so nothing leaks in from the machine. */
export const AWS_VARS = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_ECR',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'HOME',
];

export interface AwsSandbox {
  home: string;
  configFile: string;
  credentialsFile: string;
  /** The env to pass as ExplorerConfig.env (and to set on process.env for the SDK's own look-ups). */
  env: Record<string, string>;
  write(config: string, credentials?: string): void;
  /** Writes an SSO token cache file under HOME/.aws/sso/cache for a session name or start URL. */
  writeSsoToken(cacheKey: string, token: Record<string, unknown>): string;
  remove(): void;
}

/** A temp HOME with empty ~/.aws/config and ~/.aws/credentials, IMDS disabled, no keys. */
export function makeSandbox(extra: Record<string, string> = {}): AwsSandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-aws-'));
  const awsDir = path.join(home, '.aws');
  fs.mkdirSync(path.join(awsDir, 'sso', 'cache'), { recursive: true });
  const configFile = path.join(awsDir, 'config');
  const credentialsFile = path.join(awsDir, 'credentials');
  fs.writeFileSync(configFile, '');
  fs.writeFileSync(credentialsFile, '');
  const env: Record<string, string> = {
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Anything SSO/OIDC/STS-shaped that slips through must hit a closed loopback port, never the internet.
    AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
    ...extra,
  };
  return {
    home,
    configFile,
    credentialsFile,
    env,
    write(config, credentials = '') {
      fs.writeFileSync(configFile, config);
      fs.writeFileSync(credentialsFile, credentials);
    },
    writeSsoToken(cacheKey, token) {
      // The SDK names the cache file sha1(session name or start URL).json.
      const file = path.join(awsDir, 'sso', 'cache', `${createHash('sha1').update(cacheKey).digest('hex')}.json`);
      fs.writeFileSync(file, JSON.stringify(token));
      return file;
    },
    remove() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn` with process.env holding exactly `vars` for the AWS variables (others blanked), then restores it.
 * Needed because the SDK's credential providers read HOME, IMDS and endpoint variables from process.env.
 */
export async function withProcessEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  const names = new Set([...AWS_VARS, ...Object.keys(vars)]);
  for (const name of names) {
    saved.set(name, process.env[name]);
    if (vars[name] === undefined) delete process.env[name];
    else process.env[name] = vars[name];
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Static keys for the ECR emulator (it maps none of them to another account: every call is the default one's). */
export const EMULATOR_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEMULATOR', AWS_SECRET_ACCESS_KEY: 'x' };
/** moto_server's conventional static keys. */
export const MOTO_KEYS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

/**
 * An EcrService on a local ECR (the emulator or moto_server at `endpoint`): no profile, us-east-1, no cross-account
 * ids, one attempt per call, `env` as its environment; `extra` overrides any of these.
 */
export function localEcrService(endpoint: string, env: Record<string, string>, extra: Partial<ExplorerConfig> = {}): EcrService {
  return new EcrService({ profiles: [], regions: ['us-east-1'], registryIds: [], endpoint, maxAttempts: 1, env, ...extra });
}

/** The caller's own registry as `service` lists it, with process.env holding `env` (fails the test when missing). */
export async function ownRegistry(service: EcrService, env: Record<string, string>): Promise<EcrRegistry> {
  const regs = await withProcessEnv(env, () => service.listRegistries());
  const own = regs.find((r): r is EcrRegistry => r.kind === 'registry' && r.own);
  assert.ok(own, `own registry missing: ${JSON.stringify(regs.map((r) => (r.kind === 'problem' ? r.problem : r.id)))}`);
  return own;
}

/** Counts the commands a client sends (by command name), e.g. to prove a cached token made no call. */
export function countCalls(client: ECRClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String((context as { commandName?: string }).commandName ?? '?').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'ecrxCountCalls', override: true },
  );
  return counts;
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let n = 0;
  for await (const page of pages) {
    n++;
    items.push(...page);
  }
  return { items, pages: n };
}

/** Awaits a promise expected to reject and returns the rejection. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, got a result');
}

/** A Docker v2 schema 2 manifest whose digest differs per `seed`. */
export function manifestFor(seed: string): string {
  const hex = (s: string) => Buffer.from(s).toString('hex').padEnd(64, '0').slice(0, 64);
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 100, digest: `sha256:${hex(`c-${seed}`)}` },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1000, digest: `sha256:${hex(`l-${seed}`)}` }],
  });
}
