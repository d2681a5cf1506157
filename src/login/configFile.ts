// Reading and safely rewriting a container CLI's config file [pure, Node fs]: a symlinked config is followed so
// the real file is written (the link stays a link), the write is atomic (a temp file beside it, then rename) with
// the original permissions, a one-time backup `<file>.ecr-explorer.bak` is kept, a file marked read-only is
// refused, and a file that changed since it was read is not overwritten.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import { sanitizeText } from '../model/sanitize';
import { BACKUP_SUFFIX, chMessage, CredHelperConfigError } from './credHelperBase';

export interface ConfigSnapshot {
  /** The path the CLI uses (may be a symlink). */
  path: string;
  /** The file actually read and written (the symlink's target). */
  realPath: string;
  exists: boolean;
  /** '' when the file does not exist. */
  text: string;
  /** Permission bits of the existing file (0o600 for a new one, as docker creates it). */
  mode: number;
}

/** Where `file` really lives: its symlinks resolved, even when the target does not exist yet. */
async function resolveReal(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = await fs.lstat(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // Missing: resolve the directory part (it may be a link too) and keep the name.
      try {
        return path.join(await fs.realpath(path.dirname(current)), path.basename(current));
      } catch {
        return current;
      }
    }
    if (!st.isSymbolicLink()) return fs.realpath(current);
    current = path.resolve(path.dirname(current), await fs.readlink(current));
  }
  return current;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return sanitizeText(err.code ?? err.message ?? String(e), 200);
}

/** Reads the config (a missing file is an empty snapshot). Throws CredHelperConfigError when it cannot be read. */
export async function readConfigFile(file: string): Promise<ConfigSnapshot> {
  const shown = sanitizeText(file, 300);
  let realPath: string;
  try {
    realPath = await resolveReal(file);
  } catch (e) {
    throw new CredHelperConfigError('unreadable', chMessage('chConfigUnreadable', shown, describe(e)));
  }
  try {
    const st = await fs.stat(realPath);
    if (!st.isFile()) throw new CredHelperConfigError('notFile', chMessage('chConfigNotFile', shown));
    const text = await fs.readFile(realPath, 'utf8');
    return { path: file, realPath, exists: true, text, mode: st.mode & 0o7777 };
  } catch (e) {
    if (e instanceof CredHelperConfigError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, realPath, exists: false, text: '', mode: 0o600 };
    throw new CredHelperConfigError('unreadable', chMessage('chConfigUnreadable', shown, describe(e)));
  }
}

/** The backup written before the first change of `realPath`. */
export function backupPathOf(realPath: string): string {
  return realPath + BACKUP_SUFFIX;
}

export interface WriteOutcome {
  /** The backup made by this write (only the first write of a file makes one). */
  backup?: string;
  /** The file was deleted (the caller asked for it: it held nothing but what this extension had added). */
  deleted?: boolean;
}

/**
 * Replaces the file read as `snapshot` with `text` (or deletes it when `text` is undefined). Refuses when the
 * file is marked read-only (no write bit at all, which root would otherwise ignore) or changed since the read.
 * The first write of an existing file backs it up (`backup: false` skips that, e.g. for a file this extension
 * created itself).
 */
export async function writeConfigFile(
  snapshot: ConfigSnapshot,
  text: string | undefined,
  options: { backup?: boolean } = {},
): Promise<WriteOutcome> {
  const shown = sanitizeText(snapshot.path, 300);
  const real = snapshot.realPath;
  const dir = path.dirname(real);
  const notWritable = (e: unknown): CredHelperConfigError => {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
      ? new CredHelperConfigError('readOnly', chMessage('chConfigNotWritable', shown, describe(e)))
      : new CredHelperConfigError('notWritable', chMessage('chConfigNotWritable', shown, describe(e)));
  };

  // Still the file we planned the change on?
  let current: ConfigSnapshot;
  try {
    current = await readConfigFile(snapshot.path);
  } catch (e) {
    if (e instanceof CredHelperConfigError) throw e;
    throw notWritable(e);
  }
  if (current.exists !== snapshot.exists || current.text !== snapshot.text || current.realPath !== real) {
    throw new CredHelperConfigError('changed', chMessage('chConfigChanged', shown));
  }
  if (snapshot.exists && (current.mode & 0o222) === 0) {
    throw new CredHelperConfigError('readOnly', chMessage('chConfigReadOnly', shown));
  }

  const outcome: WriteOutcome = {};
  try {
    if (snapshot.exists && options.backup !== false) {
      const backup = backupPathOf(real);
      try {
        await fs.copyFile(real, backup, fsConstants.COPYFILE_EXCL);
        await fs.chmod(backup, snapshot.mode & 0o777);
        outcome.backup = backup;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    if (text === undefined) {
      if (snapshot.exists) await fs.unlink(real);
      outcome.deleted = true;
      return outcome;
    }
    // docker creates its config directory private to the user.
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${path.basename(real)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(tmp, 'wx', snapshot.mode & 0o777);
      try {
        await handle.writeFile(text, 'utf8');
        // The umask may have narrowed the mode given to open().
        await handle.chmod(snapshot.mode & 0o7777);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, real);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    return outcome;
  } catch (e) {
    if (e instanceof CredHelperConfigError) throw e;
    throw notWritable(e);
  }
}
