// AWS profiles, regions, endpoints and credential providers, resolved from an explicit environment.
//
// About `env`: everything this module decides itself (which profile, which files, which region, which endpoint,
// static keys in the environment) is read from the `env` it is given (default process.env), so tests and the
// extension pass their own. The SDK's credential providers also read a few variables straight from process.env
// (HOME for the SSO token cache, AWS_EC2_METADATA_DISABLED, AWS_ENDPOINT_URL_STS/_SSO, container credential
// variables); callers that need those isolated (tests) set them on process.env for the duration of the call.
import * as os from 'node:os';
import * as path from 'node:path';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ProfileKind } from './problems';

export type Env = Record<string, string | undefined>;

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
  source: 'config' | 'credentials' | 'both';
}

function homeDir(env: Env): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}` : os.homedir());
}

function expandHome(p: string, env: Env): string {
  return p.startsWith('~/') || p.startsWith('~\\') ? path.join(homeDir(env), p.slice(2)) : p;
}

/** The shared config and credentials file paths for `env` (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, HOME). */
export function sharedFilePaths(env: Env): { configFilepath: string; filepath: string } {
  return {
    configFilepath: expandHome(env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config'), env),
    filepath: expandHome(env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials'), env),
  };
}

type Section = Record<string, string | undefined>;

function classify(section: Section): ProfileKind {
  if (section.sso_session || section.sso_start_url) return 'sso';
  if (section.role_arn && section.web_identity_token_file) return 'web';
  if (section.role_arn && (section.source_profile || section.credential_source)) return 'assumeRole';
  if (section.credential_process) return 'process';
  if (section.aws_access_key_id && section.aws_secret_access_key) return 'static';
  return 'other';
}

/** Non-profile sections of the config file keep their type prefix after parsing ("sso-session.x", "services.y"). */
function isProfileKey(key: string): boolean {
  return !/^(sso-session|services)\./.test(key);
}

/** Profiles from the shared config and credentials files ("default" first, then by name). Re-reads the files. */
export async function listProfiles(env: Env = process.env): Promise<ProfileInfo[]> {
  const files = await loadSharedConfigFiles({ ...sharedFilePaths(env), ignoreCache: true });
  const config = files.configFile as Record<string, Section>;
  const credentials = files.credentialsFile as Record<string, Section>;
  const names = new Set([...Object.keys(config).filter(isProfileKey), ...Object.keys(credentials)]);
  const out: ProfileInfo[] = [];
  for (const name of names) {
    const inConfig = Object.prototype.hasOwnProperty.call(config, name);
    const inCredentials = Object.prototype.hasOwnProperty.call(credentials, name);
    const merged: Section = { ...(config[name] ?? {}), ...(credentials[name] ?? {}) };
    const info: ProfileInfo = {
      name,
      kind: classify(merged),
      source: inConfig && inCredentials ? 'both' : inConfig ? 'config' : 'credentials',
    };
    const region = config[name]?.region ?? credentials[name]?.region;
    if (region) info.region = region;
    out.push(info);
  }
  return out.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Profiles to use: the configured ones, else AWS_PROFILE, else the default chain (one entry, undefined). */
export function effectiveProfiles(configured: string[], env: Env): Array<string | undefined> {
  const list = [...new Set(configured.map((p) => p.trim()).filter(Boolean))];
  if (list.length > 0) return list;
  const fromEnv = env.AWS_PROFILE?.trim();
  return [fromEnv || undefined];
}

/** Regions to use for one profile: configured → the profile's region → AWS_REGION / AWS_DEFAULT_REGION → us-east-1. */
export function effectiveRegions(configured: string[], profileRegion: string | undefined, env: Env): string[] {
  const list = [...new Set(configured.map((r) => r.trim()).filter(Boolean))];
  if (list.length > 0) return list;
  return [profileRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'];
}

/** ECR endpoint: the setting, else AWS_ENDPOINT_URL_ECR, else undefined (the SDK's AWS endpoint). */
export function effectiveEndpoint(configured: string | undefined, env: Env): string | undefined {
  const value = configured?.trim() || env.AWS_ENDPOINT_URL_ECR?.trim();
  return value || undefined;
}

/**
 * A credential provider for a profile. A named profile goes through `fromIni` (static keys, SSO — both
 * sso_session and legacy —, credential_process, role_arn + source_profile, web identity). No profile means the
 * node default chain, after static keys present in `env` itself (so a caller-supplied env wins over process.env).
 */
export function credentialProvider(profile: string | undefined, env: Env): AwsCredentialIdentityProvider {
  const files = sharedFilePaths(env);
  if (profile !== undefined) {
    return fromIni({ profile, ...files, ignoreCache: true });
  }
  const key = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (key && secret) {
    const creds: AwsCredentialIdentity = {
      accessKeyId: key,
      secretAccessKey: secret,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
    return async () => creds;
  }
  return fromNodeProviderChain({ ...files, ignoreCache: true });
}
