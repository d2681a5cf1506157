// Which file a container CLI reads `credHelpers` from, and which registry hosts it sends to the Amazon ECR
// credential helper [pure]. Small on purpose: the tree and the status bar read it from the main bundle; editing,
// diagnosis and the commands live in the credential-helper bundle (src/login/credHelperBundle.ts).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sanitizeText } from '../model/sanitize';
import type { CliKind } from './cliBase';
import { locateCliConfig } from './cliConfig';
import { normalizeHost } from './commandLines';
import { chMessage, ECR_LOGIN_HELPER, type CredHelperMarker, type CredHelperMarkers, type CredHelperMessage } from './credHelperBase';
import { isRecord } from '../model/untrusted';

export type HelperTarget =
  | {
      supported: true;
      /** The file to edit. */
      path: string;
      /** How it was chosen, e.g. "$DOCKER_CONFIG". */
      source: string;
      /** Files the CLI reads before this one, where a login for the host would win over the helper. */
      readFirst: string[];
      /** Something the user should know about this CLI's lookup. */
      note?: CredHelperMessage;
    }
  | { supported: false; reason: CredHelperMessage };

/**
 * The file whose `credHelpers` the CLI honours. docker and nerdctl: their config.json. podman (and skopeo,
 * buildah): containers-auth.json(5) files are searched in order — the primary file ($REGISTRY_AUTH_FILE, else
 * ${XDG_RUNTIME_DIR}/containers/auth.json), then ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json, then
 * ~/.docker/config.json — and a `credHelpers` entry in any of them is used. The primary file under
 * XDG_RUNTIME_DIR is deleted at logout, so the helper goes in the persistent one. finch runs its helpers inside its
 * VM, configured by `creds_helpers` in finch.yaml, which this extension does not edit.
 */
export function credHelperTarget(
  cli: CliKind,
  env: NodeJS.ProcessEnv = process.env,
  home: string = env.HOME ?? env.USERPROFILE ?? os.homedir(),
): HelperTarget {
  if (cli === 'finch') return { supported: false, reason: chMessage('chCliFinch', '~/.finch/finch.yaml', 'creds_helpers: [ecr-login]') };
  if (cli === 'podman') {
    if (env.REGISTRY_AUTH_FILE) return { supported: true, path: env.REGISTRY_AUTH_FILE, source: '$REGISTRY_AUTH_FILE', readFirst: [] };
    const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
    const file = path.join(configHome, 'containers', 'auth.json');
    const primary = locateCliConfig('podman', env, home).path;
    return {
      supported: true,
      path: file,
      source: env.XDG_CONFIG_HOME ? '$XDG_CONFIG_HOME' : 'default',
      readFirst: primary !== file ? [primary] : [],
      note: chMessage('chCliPodmanFiles', sanitizeText(file, 300)),
    };
  }
  const loc = locateCliConfig(cli, env, home);
  return { supported: true, path: loc.path, source: loc.source, readFirst: [] };
}

/** The `credHelpers` key docker looks up for a host: the registry host name as in an image reference. */
export function helperKey(host: string): string {
  return normalizeHost(host);
}

/** Every host whose `credHelpers` entry is "ecr-login". */
export function hostsServedByEcrLogin(data: Record<string, unknown>): string[] {
  const helpers = isRecord(data.credHelpers) ? data.credHelpers : {};
  const out: string[] = [];
  for (const [k, v] of Object.entries(helpers)) {
    if (v !== ECR_LOGIN_HELPER) continue;
    try {
      out.push(normalizeHost(k));
    } catch {
      // not a host docker would ever match
    }
  }
  return out;
}

export interface HelperState {
  /** The file read ('' when the CLI does not use docker credential helpers). */
  file: string;
  /** Hosts whose `credHelpers` entry is "ecr-login". */
  hosts: ReadonlySet<string>;
  /** `credsStore` is "ecr-login": every registry goes to the helper. */
  storeIsEcrLogin: boolean;
  /** The file exists but could not be read or parsed (the diagnosis says why). */
  unreadable?: boolean;
}

export const NO_HELPER_STATE: HelperState = { file: '', hosts: new Set(), storeIsEcrLogin: false };

/** Reads the CLI's credential config and lists the hosts served by ecr-login. Never throws. */
export async function readHelperState(cli: CliKind, env: NodeJS.ProcessEnv = process.env): Promise<HelperState> {
  const target = credHelperTarget(cli, env);
  if (!target.supported) return NO_HELPER_STATE;
  let text: string;
  try {
    text = await fs.readFile(target.path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { file: target.path, hosts: new Set(), storeIsEcrLogin: false, ...(missing ? {} : { unreadable: true }) };
  }
  try {
    const data: unknown = text.trim() === '' ? {} : JSON.parse(text.replace(/^\ufeff/, ''));
    if (!isRecord(data)) throw new Error('not an object');
    return { file: target.path, hosts: new Set(hostsServedByEcrLogin(data)), storeIsEcrLogin: data.credsStore === ECR_LOGIN_HELPER };
  } catch {
    return { file: target.path, hosts: new Set(), storeIsEcrLogin: false, unreadable: true };
  }
}

/** How the helper serves `host` in this state, if it does. */
export function servedBy(state: HelperState, host: string): 'credHelpers' | 'credsStore' | undefined {
  let key: string;
  try {
    key = helperKey(host);
  } catch {
    return undefined;
  }
  if (state.hosts.has(key)) return 'credHelpers';
  return state.storeIsEcrLogin ? 'credsStore' : undefined;
}

/** What the tree, the status bar and the commands use (src/login/credHelperWatch.ts implements it; tests may replace it). */
export interface CredHelperApi {
  /** How the helper serves `host` for the chosen CLI (from the last read of its config), if it does. */
  servedBy(host: string): 'credHelpers' | 'credsStore' | undefined;
  /** Hosts whose `credHelpers` entry is "ecr-login". */
  hosts(): ReadonlySet<string>;
  /** The last read of the config. */
  readonly state: HelperState;
  /** Re-reads the config now (after a change made here; the file watcher covers the rest). */
  refresh(): Promise<void>;
  markers(): CredHelperMarkers;
  /** Stores (or, with undefined, forgets) the marker of one config file. */
  setMarker(file: string, marker: CredHelperMarker | undefined): Promise<void>;
  readonly onDidChange: (listener: () => void) => { dispose(): unknown };
}
