// Which registries the Amazon ECR credential helper serves for the chosen CLI, and the diagnosis of a helper
// setup (path, version, environment) [pure]. The tree, the status bar, Log In and Diagnose Docker Login read it.
import { sanitizeText } from '../registry/sanitize';
import type { CliKind } from './cliLogin';
import { chMessage, CredHelperConfigError, ECR_LOGIN_EXECUTABLE, ECR_LOGIN_HELPER, type CredHelperMessage } from './credHelperBase';
import { credsStoreOf, helperKey, hostsServedByEcrLogin, parseConfigText, staleAuthKeys, type ConfigData } from './credHelperConfig';
import { credHelperTarget } from './credHelperSetup';
import { checkHelperEnvironment, findEcrLoginHelper, helperVersion, installHints, type PlatformInfo } from './credHelperTool';
import { readConfigFile } from './configFile';

export interface HelperState {
  /** The file read ('' when the CLI does not use docker credential helpers). */
  file: string;
  /** Hosts whose `credHelpers` entry is "ecr-login". */
  hosts: ReadonlySet<string>;
  /** `credsStore` is "ecr-login": every registry goes to the helper. */
  storeIsEcrLogin: boolean;
  /** The parsed config (undefined when missing or unreadable). */
  data?: ConfigData;
  /** Why the file could not be read, if it could not. */
  problem?: CredHelperMessage;
}

export const NO_HELPER_STATE: HelperState = { file: '', hosts: new Set(), storeIsEcrLogin: false };

/** Reads the CLI's credential config and lists the hosts served by ecr-login. Never throws. */
export async function readHelperState(cli: CliKind, env: NodeJS.ProcessEnv = process.env): Promise<HelperState> {
  const target = credHelperTarget(cli, env);
  if (!target.supported) return NO_HELPER_STATE;
  try {
    const snapshot = await readConfigFile(target.path);
    const { data } = parseConfigText(snapshot.text, target.path);
    return {
      file: target.path,
      hosts: new Set(hostsServedByEcrLogin(data)),
      storeIsEcrLogin: credsStoreOf(data) === ECR_LOGIN_HELPER,
      data,
    };
  } catch (e) {
    return {
      file: target.path,
      hosts: new Set(),
      storeIsEcrLogin: false,
      problem: e instanceof CredHelperConfigError ? e.problem : chMessage('chConfigUnreadable', sanitizeText(target.path, 300), String(e)),
    };
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

export interface HelperFinding {
  level: 'info' | 'warning';
  message: CredHelperMessage;
}

export interface HelperDiagnosis {
  findings: HelperFinding[];
  helperPath?: string;
  version?: string;
  /** The helper serves the host (credHelpers or credsStore). */
  served: boolean;
}

export interface DiagnoseHelperOptions {
  cli: CliKind;
  host: string;
  /** The profile (undefined: the default chain) and region the tree uses for the registry. */
  profile?: string;
  region: string;
  env?: NodeJS.ProcessEnv;
  workspaceFolders?: readonly string[];
  platform?: PlatformInfo;
}

/**
 * The helper's side of a login diagnosis: does the config send the host to ecr-login, is the helper installed
 * (absolute path, version; how to install it when it is not), stale logins beside it, and whether the CLI's
 * environment (taken to be VS Code's) selects the registry's AWS profile.
 */
export async function diagnoseHelper(o: DiagnoseHelperOptions): Promise<HelperDiagnosis> {
  const env = o.env ?? process.env;
  const state = await readHelperState(o.cli, env);
  const host = sanitizeText(o.host, 200);
  const file = sanitizeText(state.file, 300);
  const findings: HelperFinding[] = [];
  if (state.problem) findings.push({ level: 'warning', message: state.problem });
  const how = servedBy(state, o.host);
  if (how === 'credHelpers') findings.push({ level: 'info', message: chMessage('chHostServed', host, file) });
  else if (how === 'credsStore') findings.push({ level: 'info', message: chMessage('chHostServedByStore', host, file) });

  const helperPath = await findEcrLoginHelper(env, o.workspaceFolders);
  let version: string | undefined;
  if (helperPath) {
    version = (await helperVersion(helperPath, env))?.version;
    findings.push({
      level: 'info',
      message: version
        ? chMessage('chHelperFound', sanitizeText(helperPath, 300), version)
        : chMessage('chHelperVersionUnknown', sanitizeText(helperPath, 300)),
    });
  } else {
    findings.push({ level: how ? 'warning' : 'info', message: chMessage('chHelperMissing', ECR_LOGIN_EXECUTABLE) });
    for (const hint of installHints(o.platform ?? { platform: process.platform })) findings.push({ level: 'info', message: hint });
  }
  if (how) {
    if (how === 'credHelpers' && state.data && staleAuthKeys(state.data, o.host).length > 0) {
      findings.push({ level: 'warning', message: chMessage('chHostStaleAuth', host, file) });
    }
    const envCheck = checkHelperEnvironment(env, { profile: o.profile, region: o.region, host: o.host }, o.platform?.platform);
    for (const m of envCheck.findings) findings.push({ level: envCheck.matches ? 'info' : 'warning', message: m });
  }
  return { findings, served: how !== undefined, ...(helperPath ? { helperPath } : {}), ...(version ? { version } : {}) };
}
