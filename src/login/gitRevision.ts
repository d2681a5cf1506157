// The short commit of a folder's git repository [pure], the default tag of Build and Push. git is run by absolute
// path (found on PATH, skipping relative entries and the workspace's own folders), without a shell, with a
// timeout; anything unexpected means "no commit" (the caller falls back to `latest`).
import * as path from 'node:path';
import { findOnPath } from './cliDiscovery';
import { runCli } from './cliRunner';

/** git's absolute path, or undefined; PATH entries that are relative or inside `untrustedDirs` are skipped. */
export async function findGit(env: NodeJS.ProcessEnv = process.env, untrustedDirs: readonly string[] = []): Promise<string | undefined> {
  const inside = (dir: string) => untrustedDirs.some((u) => dir === u || dir.startsWith(u.endsWith(path.sep) ? u : u + path.sep));
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d && path.isAbsolute(d) && !inside(path.resolve(d)));
  return findOnPath('git', { ...env, PATH: dirs.join(path.delimiter), Path: undefined });
}

/** `git rev-parse --short HEAD` in `folder`; undefined when it is not a git repository (or has no commit). */
export async function shortCommit(
  git: string,
  folder: string,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string | undefined> {
  if (!path.isAbsolute(git) || !path.isAbsolute(folder)) return undefined;
  try {
    const r = await runCli({ command: git, args: ['-C', folder, 'rev-parse', '--short', 'HEAD'] }, undefined, {
      timeoutMs: opts.timeoutMs ?? 5000,
      env: { ...(opts.env ?? process.env), GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    // stdout and stderr arrive together: the commit is the line that looks like one.
    return r.output
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]{4,40}$/.test(l))
      .pop();
  } catch {
    return undefined;
  }
}
