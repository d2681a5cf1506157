// The `docker-credential-ecr-login` executable [pure]: finding it (absolute path only), its version, how to
// install it on this platform, and whether the environment it will run in picks the same AWS profile as the
// registry in the tree (the helper runs in the container CLI's process, with that process's environment).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sanitizeText } from '../model/sanitize';
import { findOnPath } from './cliDiscovery';
import { runCli } from './cliRunner';
import { chMessage, ECR_LOGIN_EXECUTABLE, type CredHelperMessage } from './credHelperBase';

const RELEASES_URL = 'https://github.com/awslabs/amazon-ecr-credential-helper/releases';

function isInside(dir: string, parent: string, caseInsensitive: boolean): boolean {
  const norm = (p: string): string => (caseInsensitive ? path.resolve(p).toLowerCase() : path.resolve(p));
  const rel = path.relative(norm(parent), norm(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * PATH without the entries a program must never be taken from: empty and relative ones (they mean "the current
 * directory") and directories inside the open workspace folders (a repository could ship a fake helper).
 */
export function trustedPath(env: NodeJS.ProcessEnv, workspaceFolders: readonly string[] = [], platform = process.platform): string {
  const raw = env.PATH ?? env.Path ?? '';
  const caseInsensitive = platform === 'win32' || platform === 'darwin';
  return raw
    .split(path.delimiter)
    .filter((d) => d !== '' && path.isAbsolute(d) && !workspaceFolders.some((w) => isInside(d, w, caseInsensitive)))
    .join(path.delimiter);
}

/** The helper's absolute path on the trusted PATH, or undefined. */
export async function findEcrLoginHelper(env: NodeJS.ProcessEnv, workspaceFolders: readonly string[] = []): Promise<string | undefined> {
  const found = await findOnPath(ECR_LOGIN_EXECUTABLE, { ...env, PATH: trustedPath(env, workspaceFolders), Path: undefined });
  return found ? path.resolve(found) : undefined;
}

export interface HelperVersion {
  version: string;
  commit?: string;
}

/**
 * The version from the helper's output. `-v` prints the helper's own version ("Version:    0.6.0" and a
 * "Git commit:" line); the `version` action prints the version of the docker-credential-helpers library it was
 * built with (a bare "0.6.4", or "<name> (<module>) v0.8.0" in newer builds), so `-v` is asked first.
 */
export function parseHelperVersion(output: string): HelperVersion | undefined {
  const text = sanitizeText(output.replace(/\r?\n/g, ' \n '), 2000);
  const labelled = /Version:\s*v?(\d+\.\d+(?:\.\d+)?[\w.+-]*)/i.exec(text);
  const commit = /Git commit:\s*([0-9a-f]{6,40})/i.exec(text)?.[1];
  if (labelled) return commit ? { version: labelled[1], commit } : { version: labelled[1] };
  const bare = /(?:^|\s)v?(\d+\.\d+\.\d+[\w.+-]*)(?:\s|$)/.exec(text);
  return bare ? { version: bare[1] } : undefined;
}

/** Runs `<helper> -v` (then `<helper> version`) with a short timeout; undefined when neither says a version. */
export async function helperVersion(helperPath: string, env: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<HelperVersion | undefined> {
  for (const args of [['-v'], ['version']]) {
    try {
      const { output } = await runCli({ command: helperPath, args }, undefined, { timeoutMs, env, killGraceMs: 500 });
      const parsed = parseHelperVersion(output);
      if (parsed) return parsed;
    } catch {
      // try the other form
    }
  }
  return undefined;
}

export interface PlatformInfo {
  platform: NodeJS.Platform;
  /** ID and ID_LIKE from /etc/os-release (Linux), lower case. */
  osIds?: string[];
}

/** /etc/os-release's ID and ID_LIKE words (Linux); empty when unreadable. */
export async function readOsIds(file = '/etc/os-release'): Promise<string[]> {
  try {
    const text = await fs.readFile(file, 'utf8');
    const ids: string[] = [];
    for (const m of text.matchAll(/^(ID|ID_LIKE)=["']?([^"'\n]*)["']?$/gm)) ids.push(...m[2].toLowerCase().split(/\s+/).filter(Boolean));
    return ids;
  } catch {
    return [];
  }
}

/** How to install the helper here, most fitting first; the release binaries are always offered. */
export function installHints(info: PlatformInfo): CredHelperMessage[] {
  const ids = info.osIds ?? [];
  const hints: CredHelperMessage[] = [];
  if (info.platform === 'darwin') hints.push(chMessage('chInstallMac', 'brew install docker-credential-helper-ecr'));
  else if (info.platform === 'win32') hints.push(chMessage('chInstallWindows', ECR_LOGIN_EXECUTABLE + '.exe', RELEASES_URL));
  else if (info.platform === 'linux') {
    if (ids.some((id) => ['debian', 'ubuntu'].includes(id)))
      hints.push(chMessage('chInstallDebian', 'sudo apt install amazon-ecr-credential-helper'));
    else if (ids.some((id) => ['fedora', 'rhel', 'amzn', 'centos'].includes(id)))
      hints.push(chMessage('chInstallFedora', 'sudo dnf install amazon-ecr-credential-helper'));
    else hints.push(chMessage('chInstallDebian', 'sudo apt install amazon-ecr-credential-helper'));
    hints.push(chMessage('chInstallMac', 'brew install docker-credential-helper-ecr'));
  }
  if (info.platform !== 'win32') hints.push(chMessage('chInstallOther', RELEASES_URL, ECR_LOGIN_EXECUTABLE));
  return hints;
}

export interface EnvironmentCheck {
  /** Does the helper, run with this environment, use the registry's profile? */
  matches: boolean;
  findings: CredHelperMessage[];
}

/**
 * Compares the AWS_PROFILE/AWS_REGION of an environment (VS Code's, which its terminals inherit) with the
 * profile and region the tree uses for a registry. The helper signs with AWS_PROFILE (else the default
 * profile); the region comes from the registry host, so AWS_REGION only matters for the credential chain.
 */
export function checkHelperEnvironment(
  env: NodeJS.ProcessEnv,
  registry: { profile?: string; region: string; host: string },
  platform: NodeJS.Platform = process.platform,
): EnvironmentCheck {
  const findings: CredHelperMessage[] = [];
  const envProfile = env.AWS_PROFILE?.trim() || undefined;
  const wanted = registry.profile;
  const host = sanitizeText(registry.host, 200);
  let matches = true;
  if (wanted === undefined || wanted === (envProfile ?? 'default')) {
    findings.push(chMessage('chEnvProfileMatches', host, sanitizeText(envProfile ?? 'default', 100)));
  } else {
    matches = false;
    const shownWanted = sanitizeText(wanted, 100);
    if (envProfile === undefined) findings.push(chMessage('chEnvProfileUnset', host, shownWanted));
    else findings.push(chMessage('chEnvProfileDiffers', host, sanitizeText(envProfile, 100), shownWanted));
    findings.push(
      platform === 'win32'
        ? chMessage('chEnvHowToSetWindows', `setx AWS_PROFILE ${shownWanted}`, 'terminal.integrated.env.windows')
        : chMessage(
            'chEnvHowToSetPosix',
            `export AWS_PROFILE=${shownWanted}`,
            platform === 'darwin' ? 'terminal.integrated.env.osx' : 'terminal.integrated.env.linux',
          ),
    );
  }
  const envRegion = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)?.trim();
  if (envRegion && envRegion !== registry.region) {
    findings.push(chMessage('chEnvRegionNote', sanitizeText(envRegion, 50), sanitizeText(registry.region, 50)));
  }
  return { matches, findings };
}
