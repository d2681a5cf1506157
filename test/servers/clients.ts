// Small client-side helpers for tests that talk to the local servers: an ECR SDK client aimed at one of them,
// an async CLI runner (never spawnSync: it would block the event loop an in-process emulator answers on).
import { spawn } from 'node:child_process';
import { ECRClient } from '@aws-sdk/client-ecr';

export interface EcrClientOptions {
  region?: string;
  accessKeyId?: string;
  /** Sent as x-emulator-account-id (the emulator's per-request account selection). */
  accountId?: string;
  /** Default 1 (no retries) so faults surface at once. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

/** An ECRClient for a local endpoint with dummy static credentials (no profile/IMDS look-ups). */
export function ecrClient(endpoint: string, opts: EcrClientOptions = {}): ECRClient {
  const client = new ECRClient({
    endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? 'testing', secretAccessKey: 'testing' },
    maxAttempts: opts.maxAttempts ?? 1,
    // Newer SDKs only warn on requestTimeout unless told to throw.
    requestHandler: { requestTimeout: opts.requestTimeoutMs ?? 15000, connectionTimeout: 5000, throwOnRequestTimeout: true },
  });
  const account = opts.accountId;
  if (account) {
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers['x-emulator-account-id'] = account;
        return next(args);
      },
      { step: 'build', name: 'emulatorAccountHeader' },
    );
  }
  return client;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI with `stdin` piped in (e.g. a password for --password-stdin); never throws on a non-zero exit. */
export function runCli(command: string, args: string[], stdin: string, env: NodeJS.ProcessEnv, timeoutMs = 30000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // EPIPE when the program exits without reading
    child.stdin.end(stdin);
  });
}
