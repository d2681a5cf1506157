// Finding container CLIs [pure]: executables on PATH by absolute path. Empty and relative PATH entries ("." and
// the like resolve against whatever directory the editor started in) and directories inside the workspace
// folders are skipped, so a workspace can never plant the program a token goes to.
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import { CLI_KINDS, type CliKind } from './cliBase';

/** True for an existing regular file the current user may execute (any regular file on Windows). */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when `dir` is `root` or inside it. */
function isInside(dir: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The PATH directories searched: absolute ones only, none inside `exclude` (the workspace folders). */
export function searchDirs(env: NodeJS.ProcessEnv, exclude: readonly string[] = []): string[] {
  return (env.PATH ?? env.Path ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '' && path.isAbsolute(dir) && !exclude.some((root) => isInside(dir, root)));
}

/** Absolute path of `name` on PATH (see searchDirs), or undefined. */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  exclude: readonly string[] = [],
): Promise<string | undefined> {
  if (name === '' || name.includes('/') || name.includes('\\')) return undefined;
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of searchDirs(env, exclude)) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (await isExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * The absolute path a command runs from: an absolute path as given (a user setting) when it is an executable
 * regular file; a bare name looked up with findOnPath; anything else (a relative path) never.
 */
export async function resolveExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  exclude: readonly string[] = [],
): Promise<string | undefined> {
  const c = command.trim();
  if (path.isAbsolute(c)) return (await isExecutable(c)) ? c : undefined;
  return findOnPath(c, env, exclude);
}

/** Which container CLIs are on PATH, in the order docker, podman, finch, nerdctl. */
export async function detectClis(env: NodeJS.ProcessEnv = process.env, exclude: readonly string[] = []): Promise<CliKind[]> {
  const found = await Promise.all(CLI_KINDS.map(async (k) => ((await findOnPath(k, env, exclude)) ? k : undefined)));
  return found.filter((k): k is CliKind => k !== undefined);
}
