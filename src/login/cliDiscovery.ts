// Finding container CLIs [pure]: executables on PATH by absolute path (empty entries skipped).
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import { CLI_KINDS, type CliKind } from './cliBase';

/** True for an existing file the current user may execute (any file on Windows). */
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

/** Full path of `name` on PATH, or undefined. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (await isExecutable(file)) return file;
    }
  }
  return undefined;
}

/** Which container CLIs are on PATH, in the order docker, podman, finch, nerdctl. */
export async function detectClis(env: NodeJS.ProcessEnv = process.env): Promise<CliKind[]> {
  const found = await Promise.all(CLI_KINDS.map(async (k) => ((await findOnPath(k, env)) ? k : undefined)));
  return found.filter((k): k is CliKind => k !== undefined);
}
