// A throw-away podman: its own image storage (vfs driver, so it works anywhere), run root and auth file in a temp
// directory, so tests that build and push never touch the machine's images or logins and can run side by side.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliResult } from './clients';
import { findExecutable, makeTempDir, removeTempDir } from './process';

export interface PodmanSandbox {
  /** Absolute path of podman. */
  podman: string;
  /** Global options that select this sandbox's storage (put them before the subcommand). */
  globalArgs: string[];
  /** The temp directory (storage, run root, auth file, build contexts). */
  dir: string;
  /** REGISTRY_AUTH_FILE of this sandbox. */
  authFile: string;
  /** Environment for podman/skopeo runs (REGISTRY_AUTH_FILE set). */
  env: NodeJS.ProcessEnv;
  /** Runs podman with the sandbox's global options. */
  run(args: string[], stdin?: string, timeoutMs?: number): Promise<CliResult>;
  /**
   * Writes a build context with a `FROM scratch` + `COPY` Containerfile (no base image, no network) and
   * returns its directory and the Containerfile path. `content` makes images differ.
   */
  context(name: string, content: string, fileName?: string): { dir: string; file: string };
  /** Builds `tag` from a fresh scratch context; returns the image id. */
  buildScratch(tag: string, content: string): Promise<string>;
  /** Removes the sandbox (storage included). Idempotent. */
  dispose(): void;
}

export async function podmanSandbox(env: NodeJS.ProcessEnv = process.env): Promise<PodmanSandbox> {
  const podman = findExecutable('podman', 'apt-get install -y podman', env);
  const dir = makeTempDir('ecrx-podman-');
  const authFile = path.join(dir, 'auth.json');
  const globalArgs = ['--root', path.join(dir, 'root'), '--runroot', path.join(dir, 'run'), '--storage-driver', 'vfs'];
  const sandboxEnv: NodeJS.ProcessEnv = { ...env, REGISTRY_AUTH_FILE: authFile, TMPDIR: path.join(dir, 'tmp') };
  fs.mkdirSync(path.join(dir, 'tmp'));
  let disposed = false;
  const run = (args: string[], stdin = '', timeoutMs = 120_000): Promise<CliResult> =>
    runCli(podman, [...globalArgs, ...args], stdin, sandboxEnv, timeoutMs);
  const context = (name: string, content: string, fileName = 'Containerfile'): { dir: string; file: string } => {
    const ctx = path.join(dir, 'contexts', name);
    fs.mkdirSync(ctx, { recursive: true });
    fs.writeFileSync(path.join(ctx, 'hello.txt'), content);
    const file = path.join(ctx, fileName);
    fs.writeFileSync(file, 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    return { dir: ctx, file };
  };
  return {
    podman,
    globalArgs,
    dir,
    authFile,
    env: sandboxEnv,
    run,
    context,
    async buildScratch(tag, content) {
      const ctx = context(tag.replace(/[^a-z0-9]+/gi, '-'), content);
      const r = await run(['build', '-q', '-f', ctx.file, '-t', tag, ctx.dir]);
      if (r.code !== 0) throw new Error(`podman build failed (${r.code}): ${r.stderr}`);
      return r.stdout.trim().split('\n').pop() ?? '';
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // vfs layers are plain directories (no mounts), so removing the directory removes the storage.
      removeTempDir(dir);
    },
  };
}
