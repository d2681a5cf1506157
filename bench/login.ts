// Login contenders: the extension's login path (token from EcrService, cached or fresh, then buildLoginCommand +
// runCli with the password on stdin), the AWS CLI pipeline `aws ecr get-login-password | docker login
// --password-stdin` in a shell, and a bare `docker login` with the password already known (the floor).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Aws } from '../src/aws/load';
import { runCli } from '../src/login/cliRunner';
import { buildLoginCommand, loginTarget } from '../src/login/commandLines';
import type { EcrRegistry } from '../src/model/types';
import type { AwsCli } from './listing';

type EcrService = InstanceType<Aws['EcrService']>;

/** The extension's login path minus the terminal UI: token (cache or GetAuthorizationToken), then the CLI. */
export async function extensionLogin(svc: EcrService, registry: EcrRegistry, force: boolean, env: NodeJS.ProcessEnv): Promise<number> {
  const token = (await svc.getAuthorizationToken([registry], { force })).get(registry.id);
  if (!token) throw new Error('no token');
  const target = loginTarget(token.proxyEndpoint);
  const cmd = buildLoginCommand({ cli: 'docker', host: target.host, username: token.username, plainHttp: target.plainHttp });
  const res = await runCli(cmd, token.password, { cli: 'docker', timeoutMs: 60000, env, redact: [token.authorizationToken] });
  return res.exitCode;
}

/** The floor: spawn `docker login --password-stdin`, write the known password, wait for exit 0. */
export function bareDockerLogin(host: string, password: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['login', '--username', 'AWS', '--password-stdin', host], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(0) : reject(new Error(`docker login exited ${code}: ${stderr.trim()}`))));
    child.stdin.end(password);
  });
}

/** `aws ecr get-login-password … | docker login --username AWS --password-stdin HOST` through bash (pipefail). */
export function awsCliPipelineLogin(cli: AwsCli, endpoint: string, region: string, host: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script =
    'set -o pipefail; "$BENCH_AWS" ecr get-login-password --region "$BENCH_REGION" --endpoint-url "$BENCH_ENDPOINT" ' +
    `${cli.pagerArgs.join(' ')} | docker login --username AWS --password-stdin "$BENCH_HOST"`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      env: { ...env, BENCH_AWS: cli.path, BENCH_REGION: region, BENCH_ENDPOINT: endpoint, BENCH_HOST: host },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(0) : reject(new Error(`aws | docker login exited ${code}: ${stderr.trim().slice(0, 400)}`)),
    );
  });
}

/** True when DOCKER_CONFIG/config.json holds a login for `host`. */
export function dockerConfigHas(dockerConfigDir: string, host: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dockerConfigDir, 'config.json'), 'utf8')) as { auths?: Record<string, unknown> };
    return !!json.auths && host in json.auths;
  } catch {
    return false;
  }
}
