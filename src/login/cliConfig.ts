// Diagnosing a container CLI's credential config [pure]: where docker/podman/finch/nerdctl keep logins, and how
// credential stores and helpers, stale or duplicate entries and their age affect logging in to a registry.
// Never returns any part of a stored secret.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRegistryHost } from '../aws/ecrHosts';
import type { MessageArg } from '../model/message';
import { sanitizeText } from '../model/sanitize';
import { CliError, loginMessage as m, MESSAGES, type CliKind, type LoginMessage } from './cliBase';
import { detectClis, findOnPath, resolveExecutable } from './cliDiscovery';
import { normalizeHost } from './commandLines';
import { isRecord } from '../model/untrusted';

export interface Finding {
  level: 'info' | 'warning';
  message: LoginMessage;
}

export interface DiagnoseExtra {
  /** mtime of the config file (ms since epoch): an `auths` entry is at most this old. */
  mtimeMs?: number;
  /** Credential helper names (`docker-credential-<name>`) found on PATH; undefined = not checked. */
  availableHelpers?: string[];
  /** Where the config was read from, for the messages. */
  configPath?: string;
}

const ECR_TOKEN_LIFETIME_MS = 12 * 3600_000;

function keyHost(key: string): string | undefined {
  try {
    return normalizeHost(key.replace(/\/v[12]\/?$/, ''));
  } catch {
    return undefined;
  }
}

/**
 * The expiry stored inside an ECR password (base64 JSON with an `expiration` in seconds), read without ever
 * returning any part of the secret.
 */
function ecrTokenExpiry(auth: string): number | undefined {
  try {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const pw = decoded.slice(colon + 1);
    const json: unknown = JSON.parse(Buffer.from(pw, 'base64').toString('utf8'));
    if (isRecord(json) && typeof json.expiration === 'number') return json.expiration * 1000;
  } catch {
    // not an ECR token
  }
  return undefined;
}

/** A rough age, "45 min" or "3 h" (units as symbols, the same in every language). */
function formatAge(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  return m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`;
}

/**
 * Explains, in plain words, how the CLI's credential config (docker config.json or podman auth.json) affects
 * logging in to `host`: credential stores and helpers, stale or duplicate `auths` entries, their age.
 * Never returns any part of a stored secret.
 */
export function diagnoseDockerConfig(configJson: unknown, host: string, now: number = Date.now(), extra: DiagnoseExtra = {}): Finding[] {
  const findings: Finding[] = [];
  const where: MessageArg = extra.configPath ? sanitizeText(extra.configPath, 300) : m('login.diag.theCliConfig');
  let target: string;
  try {
    target = normalizeHost(host);
  } catch (e) {
    return [{ level: 'warning', message: e instanceof CliError ? e.userMessage : MESSAGES.invalidHost(sanitizeText(host, 200)) }];
  }
  if (configJson === undefined) {
    return [{ level: 'info', message: m('login.diag.noConfigFile', where, target) }];
  }
  if (!isRecord(configJson)) {
    return [
      {
        level: 'warning',
        message: m('login.diag.notObject', where),
      },
    ];
  }
  const isEcr = parseRegistryHost(target) !== undefined;
  const helperMissing = (name: string) => extra.availableHelpers !== undefined && !extra.availableHelpers.includes(name);

  const credsStore = typeof configJson.credsStore === 'string' ? configJson.credsStore : undefined;
  const credHelpers = isRecord(configJson.credHelpers) ? configJson.credHelpers : {};
  const hostHelperKey = Object.keys(credHelpers).find((k) => keyHost(k) === target);
  const hostHelper =
    hostHelperKey !== undefined && typeof credHelpers[hostHelperKey] === 'string' ? (credHelpers[hostHelperKey] as string) : undefined;

  const auths = isRecord(configJson.auths) ? configJson.auths : {};
  const entryKeys = Object.keys(auths).filter((k) => keyHost(k) === target);
  const withAuth = entryKeys.filter((k) => {
    const e = auths[k];
    return isRecord(e) && typeof e.auth === 'string' && e.auth.length > 0;
  });

  if (hostHelper) {
    const h = sanitizeText(hostHelper, 100);
    if (hostHelper === 'ecr-login') {
      findings.push({
        level: 'info',
        message: m('login.diag.ecrLoginHelper', target),
      });
    } else {
      findings.push({
        level: 'info',
        message: m('login.diag.helper', target, h, where),
      });
    }
    if (helperMissing(hostHelper)) findings.push({ level: 'warning', message: MESSAGES.helperNotFound(h) });
    if (withAuth.length > 0) {
      findings.push({
        level: 'warning',
        message: m('login.diag.staleAuthsWithHelper', where, target),
      });
    }
  } else if (credsStore) {
    const s = sanitizeText(credsStore, 100);
    findings.push({
      level: 'info',
      message: m('login.diag.credsStore', s, where),
    });
    if (helperMissing(credsStore)) findings.push({ level: 'warning', message: MESSAGES.helperNotFound(s) });
    if (credsStore === 'wincred' && isEcr) {
      findings.push({ level: 'warning', message: MESSAGES.wincred });
    }
    if (credsStore === 'ecr-login') {
      findings.push({
        level: isEcr ? 'info' : 'warning',
        message: isEcr ? m('login.diag.ecrLoginStoreEcr') : m('login.diag.ecrLoginStoreOther', target),
      });
    }
    if (withAuth.length > 0) {
      findings.push({
        level: 'warning',
        message: m('login.diag.plainTextWithStore', where, target),
      });
    }
  }

  if (entryKeys.length > 1) {
    findings.push({
      level: 'warning',
      message: m(
        'login.diag.duplicates',
        where,
        entryKeys.length,
        entryKeys.map((k) => JSON.stringify(sanitizeText(k, 200))).join(', '),
        target,
      ),
    });
  }

  if (withAuth.length > 0 && !hostHelper) {
    const entry = auths[withAuth[0]] as Record<string, unknown>;
    findings.push({
      level: 'info',
      message: m('login.diag.storedLogin', where, target),
    });
    const exp = typeof entry.auth === 'string' ? ecrTokenExpiry(entry.auth) : undefined;
    if (exp !== undefined) {
      findings.push(
        exp <= now
          ? { level: 'warning', message: m('login.diag.tokenExpired', target, new Date(exp).toISOString()) }
          : {
              level: 'info',
              message: m('login.diag.tokenValid', target, new Date(exp).toISOString(), formatAge(exp - now)),
            },
      );
    } else if (extra.mtimeMs !== undefined) {
      const age = now - extra.mtimeMs;
      const fileAge = m('login.diag.fileAge', formatAge(age));
      findings.push(
        isEcr && age > ECR_TOKEN_LIFETIME_MS
          ? { level: 'warning', message: m('login.diag.fileAgeExpired', fileAge) }
          : { level: 'info', message: fileAge },
      );
    }
  } else if (entryKeys.length > 0 && !hostHelper && !credsStore) {
    findings.push({ level: 'warning', message: m('login.diag.entryWithoutCredentials', where, target) });
  } else if (entryKeys.length === 0 && !hostHelper && !credsStore) {
    findings.push({ level: 'info', message: m('login.diag.noStoredLogin', target, where) });
  }
  return findings;
}

export interface CliConfigLocation {
  path: string;
  /** How the path was chosen, e.g. "$DOCKER_CONFIG". */
  source: string;
}

/**
 * Where the CLI keeps its logins: docker/nerdctl: $DOCKER_CONFIG/config.json or ~/.docker/config.json; finch:
 * ~/.finch/config.json; podman: $REGISTRY_AUTH_FILE, else ${XDG_RUNTIME_DIR}/containers/auth.json (Linux), else
 * ~/.config/containers/auth.json.
 */
export function locateCliConfig(
  cli: CliKind,
  env: NodeJS.ProcessEnv = process.env,
  home: string = env.HOME ?? env.USERPROFILE ?? os.homedir(),
): CliConfigLocation {
  if (cli === 'podman') {
    if (env.REGISTRY_AUTH_FILE) return { path: env.REGISTRY_AUTH_FILE, source: '$REGISTRY_AUTH_FILE' };
    if (env.XDG_RUNTIME_DIR) return { path: path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'), source: '$XDG_RUNTIME_DIR' };
    return { path: path.join(home, '.config', 'containers', 'auth.json'), source: 'default' };
  }
  if (cli === 'finch' && !env.DOCKER_CONFIG) return { path: path.join(home, '.finch', 'config.json'), source: 'default' };
  if (env.DOCKER_CONFIG) return { path: path.join(env.DOCKER_CONFIG, 'config.json'), source: '$DOCKER_CONFIG' };
  return { path: path.join(home, '.docker', 'config.json'), source: 'default' };
}

export interface CliConfigRead extends CliConfigLocation {
  /** Parsed JSON; undefined when the file does not exist. */
  json?: unknown;
  mtimeMs?: number;
  /** Read/parse problem. */
  error?: LoginMessage;
}

export async function readCliConfig(cli: CliKind, env: NodeJS.ProcessEnv = process.env): Promise<CliConfigRead> {
  const loc = locateCliConfig(cli, env);
  try {
    const [text, st] = await Promise.all([fs.readFile(loc.path, 'utf8'), fs.stat(loc.path)]);
    try {
      return { ...loc, json: JSON.parse(text) as unknown, mtimeMs: st.mtimeMs };
    } catch {
      return { ...loc, json: null, mtimeMs: st.mtimeMs, error: m('login.diag.notJson', sanitizeText(loc.path, 300)) };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ...loc };
    return { ...loc, error: m('login.diag.cannotRead', sanitizeText(loc.path, 300), sanitizeText((e as Error).message, 300)) };
  }
}

/** Reads the config, looks for the CLI and the configured credential helpers on PATH, and diagnoses. */
export async function diagnoseLoginSetup(
  cli: CliKind,
  host: string,
  opts: { env?: NodeJS.ProcessEnv; executable?: string; now?: number; searchExclude?: readonly string[] } = {},
): Promise<{ findings: Finding[]; config: CliConfigRead }> {
  const env = opts.env ?? process.env;
  const findings: Finding[] = [];
  const exe = opts.executable?.trim();
  // The same resolution runCli uses, so the path reported is the one that runs.
  const exclude = opts.searchExclude ?? [];
  const exePath = await resolveExecutable(exe || cli, env, exclude);
  if (!exePath) findings.push({ level: 'warning', message: MESSAGES.notFound(exe || cli, cli) });
  else findings.push({ level: 'info', message: m('login.diag.containerCli', sanitizeText(exePath, 300)) });
  const others = (await detectClis(env, exclude)).filter((k) => k !== cli);
  if (!exePath && others.length) findings.push({ level: 'info', message: m('login.diag.foundInstead', others.join(', ')) });

  const config = await readCliConfig(cli, env);
  findings.push({ level: 'info', message: m('login.diag.credentialConfig', sanitizeText(config.path, 300), config.source) });
  if (config.error) findings.push({ level: 'warning', message: config.error });
  const helpers: string[] = [];
  if (isRecord(config.json)) {
    const names = new Set<string>();
    if (typeof config.json.credsStore === 'string') names.add(config.json.credsStore);
    if (isRecord(config.json.credHelpers)) for (const v of Object.values(config.json.credHelpers)) if (typeof v === 'string') names.add(v);
    for (const n of names) if (/^[\w.-]+$/.test(n) && (await findOnPath(`docker-credential-${n}`, env, exclude))) helpers.push(n);
  }
  if (!config.error) {
    findings.push(
      ...diagnoseDockerConfig(config.json, host, opts.now ?? Date.now(), {
        mtimeMs: config.mtimeMs,
        availableHelpers: helpers,
        configPath: config.path,
      }),
    );
  }
  return { findings, config };
}
