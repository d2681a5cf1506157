// The ECR emulator as its own process (so it does not share the event loop or the CPU time of the code being
// measured), seeded at scale through its control API; API calls are counted at the server.
import * as path from 'node:path';
import { freePort, spawnManaged, waitForHttp, type ManagedProcess } from '../test/servers/process';

export const REPO_REGION = 'us-east-1';
export const IMAGES_REGION = 'us-west-2';
export const SPREAD_REGION = 'eu-west-1';
export const IMAGES_REPO = 'scale/images';
export const ACCOUNT = '123456789012';

export interface BenchScale {
  repositories: number;
  images: number;
  /** The same number of images again, spread evenly over this many repositories. */
  spreadRepositories: number;
}

export interface EmulatorProcess {
  url: string;
  pid: number;
  control<T = unknown>(route: string, body?: unknown, method?: string): Promise<T>;
  calls(): Promise<Record<string, number>>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

export function spreadRepoName(i: number): string {
  return `spread/repo-${String(i + 1).padStart(5, '0')}`;
}

/**
 * Layout (one region per data set, so each listing is exactly one data set):
 * - us-east-1: `repositories` repositories (`scale/repo-00001`…);
 * - us-west-2: one repository `scale/images` holding `images` images;
 * - eu-west-1: `images` images spread over `spreadRepositories` repositories.
 */
export async function startEmulatorProcess(scale: BenchScale): Promise<EmulatorProcess> {
  const root = path.resolve(__dirname, '..');
  const port = await freePort();
  const proc: ManagedProcess = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/emulator/main.ts'), '--seed', 'none', '--port', String(port)],
    { cwd: root },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/_emulator/state`, proc, 30000, 'ECR emulator');
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const control = async <T>(route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> => {
    const res = await fetch(`${url}/_emulator/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator control ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  try {
    await control('seedScale', { region: REPO_REGION, repositories: scale.repositories });
    await control('seedScale', { region: IMAGES_REGION, repository: IMAGES_REPO, images: scale.images });
    const per = Math.ceil(scale.images / scale.spreadRepositories);
    for (let i = 0, left = scale.images; left > 0; i++, left -= per) {
      await control('seedScale', { region: SPREAD_REGION, repository: spreadRepoName(i), images: Math.min(per, left) });
    }
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    url,
    pid: proc.pid,
    control,
    calls: async () => (await control<{ calls: Record<string, number> }>('calls')).calls,
    resetCalls: async () => {
      await control('calls/reset', {});
    },
    stop: () => proc.stop(),
  };
}
