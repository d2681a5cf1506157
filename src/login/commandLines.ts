// Container CLI command lines [pure]: the argv for docker/podman/finch/nerdctl login, logout and pull, never with
// the password in it; hosts are validated so nothing a server or setting supplies can become a CLI option.
import type { Platform, Tag } from '../model/types';
import { imageUri, isPlainHttp, platformName } from '../registry/imageRefs';
import { sanitizeText } from '../model/sanitize';
import { MESSAGES, type CliCommand, type CliKind } from './cliBase';

export interface LoginCommandOptions {
  cli: CliKind;
  /** Custom executable path (setting ecrExplorer.containerCliPath); default: `cli` on PATH. */
  executable?: string;
  /** Extra arguments placed before the subcommand, e.g. `--config /path`. */
  extraArgs?: string[];
  /** Registry host (a scheme and path are stripped), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com or 127.0.0.1:5000. */
  host: string;
  username: string;
  /** The registry speaks plain HTTP (only honoured for loopback hosts). */
  plainHttp?: boolean;
  /** podman: directory with the registry's ca.crt. */
  certDir?: string;
}

/**
 * Normalises `https://host:port/path`, `host:port` or `HOST` to `host:port` (lower case). Throws on anything that
 * is not a plain host, so a value starting with `-` can never become a CLI option.
 */
export function normalizeHost(hostOrUrl: string): string {
  const raw = hostOrUrl.trim();
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`).host.toLowerCase();
  } catch {
    throw new Error(MESSAGES.invalidHost(sanitizeText(raw, 200)));
  }
  if (
    !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(host) &&
    !/^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(host)
  ) {
    throw new Error(MESSAGES.invalidHost(sanitizeText(raw, 200)));
  }
  return host;
}

/** True for 127.0.0.0/8, ::1 and localhost (with or without a port). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * The host a CLI logs in to for a token's proxyEndpoint (or a registry URL), and whether it is a plain-HTTP
 * loopback registry (the emulator, a local registry) that needs the CLI's insecure flag.
 */
export function loginTarget(endpoint: string): { host: string; plainHttp: boolean } {
  const host = normalizeHost(endpoint);
  return { host, plainHttp: /^http:\/\//i.test(endpoint.trim()) && isLoopbackHost(host) };
}

function checkUsername(username: string): void {
  if (!username || username.startsWith('-') || /[\s\p{Cc}]/u.test(username)) {
    throw new Error(MESSAGES.invalidUsername);
  }
}

/** The executable to run: the configured path, else the CLI's name (found on PATH by the caller). */
export function executableFor(o: { cli: CliKind; executable?: string }): string {
  return o.executable && o.executable.trim() ? o.executable.trim() : o.cli;
}

/** Flags that make the CLI accept a plain-HTTP (or self-signed) registry; loopback only. */
export function insecureFlags(
  o: { cli: CliKind; plainHttp?: boolean; certDir?: string },
  host: string,
): { global: string[]; sub: string[] } {
  const global: string[] = [];
  const sub: string[] = [];
  const plain = !!o.plainHttp && isLoopbackHost(host);
  if (o.cli === 'podman') {
    if (plain) sub.push('--tls-verify=false');
    if (o.certDir) sub.push('--cert-dir', o.certDir);
  } else if (o.cli === 'nerdctl' && plain) {
    // nerdctl's --insecure-registry is a global flag (allows the HTTP fallback).
    global.push('--insecure-registry');
  }
  // docker treats loopback registries as insecure by itself; finch has no such flag.
  return { global, sub };
}

/** `<cli> [extraArgs] login --username <user> --password-stdin [flags] <host>`; the password goes to stdin only. */
export function buildLoginCommand(o: LoginCommandOptions): CliCommand {
  const host = normalizeHost(o.host);
  checkUsername(o.username);
  const flags = insecureFlags(o, host);
  return {
    command: executableFor(o),
    args: [...(o.extraArgs ?? []), ...flags.global, 'login', '--username', o.username, '--password-stdin', ...flags.sub, host],
  };
}

export interface LogoutCommandOptions {
  cli: CliKind;
  executable?: string;
  extraArgs?: string[];
  host: string;
}

export function buildLogoutCommand(o: LogoutCommandOptions): CliCommand {
  const host = normalizeHost(o.host);
  return { command: executableFor(o), args: [...(o.extraArgs ?? []), 'logout', host] };
}

export interface PullCommandOptions {
  cli: CliKind;
  executable?: string;
  extraArgs?: string[];
  /** e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.0 or …/app@sha256:… */
  imageRef: string;
  plainHttp?: boolean;
  certDir?: string;
  /** e.g. linux/arm64 */
  platform?: string;
}

export function buildPullCommand(o: PullCommandOptions): CliCommand {
  const ref = o.imageRef.trim();
  if (!ref || ref.startsWith('-') || /[\s\p{Cc}]/u.test(ref)) throw new Error(MESSAGES.invalidImage(sanitizeText(ref, 200)));
  const host = normalizeHost(ref.split('/')[0]);
  const flags = insecureFlags(o, host);
  const platform = o.platform && /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i.test(o.platform) ? ['--platform', o.platform] : [];
  return { command: executableFor(o), args: [...(o.extraArgs ?? []), ...flags.global, 'pull', ...platform, ...flags.sub, ref] };
}

/** The configured container CLI (ExplorerSettings' fields). */
export interface CliSettings {
  containerCli: CliKind;
  containerCliPath?: string;
  containerCliArgs: string[];
}

/** `<cli> pull <ref>` for a tag or platform row with the configured CLI (a platform row adds `--platform os/arch`). */
export function pullCommandFor(settings: CliSettings, target: Tag | Platform): CliCommand {
  const tag = target.kind === 'platform' ? target.parent : target;
  return buildPullCommand({
    cli: settings.containerCli,
    executable: settings.containerCliPath,
    extraArgs: settings.containerCliArgs,
    imageRef: imageUri(tag),
    plainHttp: isPlainHttp(tag.parent.parent),
    platform: target.kind === 'platform' ? platformName(target) : undefined,
  });
}

/** Quotes an argument for a POSIX shell only when it needs it (for a command line the user pastes). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
