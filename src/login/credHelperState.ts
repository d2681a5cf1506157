// Which registries the Amazon ECR credential helper serves for the chosen CLI, and the diagnosis of a helper
// setup (path, version, environment) [pure]. The tree, the status bar, Log In and Diagnose Docker Login read it.
import { sanitizeText } from '../model/sanitize';
import type { CliKind } from './cliBase';
import { chMessage, CredHelperConfigError, ECR_LOGIN_EXECUTABLE, type CredHelperMessage } from './credHelperBase';
import { parseConfigText, staleAuthKeys, type ConfigData } from './credHelperConfig';
import { readHelperState, servedBy } from './credHelperHosts';
import { checkHelperEnvironment, findEcrLoginHelper, helperVersion, installHints, type PlatformInfo } from './credHelperTool';
import { readConfigFile } from './configFile';

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
  // The full read says what is wrong with the file (which line), and gives the data for the stale-login check.
  let data: ConfigData | undefined;
  if (state.file) {
    try {
      data = parseConfigText((await readConfigFile(state.file)).text, state.file).data;
    } catch (e) {
      findings.push({
        level: 'warning',
        message: e instanceof CredHelperConfigError ? e.problem : chMessage('chConfigUnreadable', file, sanitizeText(String(e), 200)),
      });
    }
  }
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
    if (how === 'credHelpers' && data && staleAuthKeys(data, o.host).length > 0) {
      findings.push({ level: 'warning', message: chMessage('chHostStaleAuth', host, file) });
    }
    const envCheck = checkHelperEnvironment(env, { profile: o.profile, region: o.region, host: o.host }, o.platform?.platform);
    for (const m of envCheck.findings) findings.push({ level: envCheck.matches ? 'info' : 'warning', message: m });
  }
  return { findings, served: how !== undefined, ...(helperPath ? { helperPath } : {}), ...(version ? { version } : {}) };
}
