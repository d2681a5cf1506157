// Container CLI login [pure]: builds the argv for docker/podman/finch/nerdctl (never with the password in it),
// runs it with the password on stdin in its own process group, and turns failures into actionable errors.
// Also reads the CLI's credential config to explain stale or conflicting logins.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Platform, Tag } from '../model/types';
import { imageUri, isPlainHttp, platformName } from '../registry/imageRefs';
import { sanitizeText } from '../model/sanitize';

export type CliKind = 'docker' | 'podman' | 'finch' | 'nerdctl';
export const CLI_KINDS: readonly CliKind[] = ['docker', 'podman', 'finch', 'nerdctl'];

/** Every user-facing text of this module, in one place so it can be localised. */
export const MESSAGES = {
  invalidHost: (h: string) => `"${h}" is not a valid registry host (expected a host name or IP address with an optional port).`,
  invalidUsername: 'The registry user name is empty or contains characters a container CLI cannot take.',
  invalidImage: (r: string) => `"${r}" is not a valid image reference.`,
  notFound: (cmd: string, cli: CliKind) =>
    `The container CLI "${cmd}" was not found. Install ${cli === 'docker' ? 'Docker (https://docs.docker.com/get-docker/)' : cli} or choose another CLI in the settings ` +
    '`ecrExplorer.containerCli` / `ecrExplorer.containerCliPath`.',
  notExecutable: (cmd: string) =>
    `"${cmd}" cannot be run (permission denied). Check the file or the setting \`ecrExplorer.containerCliPath\`.`,
  spawnFailed: (cmd: string, reason: string) => `Could not start "${cmd}": ${reason}.`,
  timeout: (cmd: string, s: number) =>
    `"${cmd}" did not finish within ${s} s and was stopped. Check that the registry is reachable, or raise \`ecrExplorer.login.timeoutSeconds\`.`,
  cancelled: (cmd: string) => `"${cmd}" was cancelled and stopped.`,
  daemon: (cli: CliKind) =>
    cli === 'docker'
      ? 'The Docker daemon is not running (this command needs it). Start Docker Desktop or the docker service and try again.'
      : `The ${cli} engine/VM is not running. Start it (e.g. \`${cli === 'podman' ? 'podman machine start' : cli === 'finch' ? 'finch vm start' : 'sudo systemctl start containerd'}\`) and try again.`,
  unauthorized: (cli: CliKind) =>
    `The registry refused the credentials (401 Unauthorized). For ECR, fetch a fresh token by logging in again; check that the AWS profile may call ecr:GetAuthorizationToken for this registry. (${cli})`,
  expiredToken: 'The registry says the authorization token has expired. Log in again to get a new 12-hour token.',
  forbidden: (cli: CliKind) =>
    `The registry denied access (403 Forbidden). For ECR this usually means the registry token has expired: log in again (or renew the login) to get a new 12-hour token. If it persists, check that the AWS identity may pull from this registry. (${cli})`,
  unreachable: (cli: CliKind) =>
    `The registry could not be reached (${cli}): connection refused, unknown host or a network timeout. Check the registry address, your network, VPN or proxy.`,
  certificate:
    "The registry's TLS certificate is not trusted. Install its CA certificate for the CLI (for podman: `--cert-dir`; for docker: /etc/docker/certs.d/<host>/ca.crt).",
  httpToHttps:
    'The registry speaks plain HTTP but the CLI tried HTTPS. Configure it as an insecure registry for the CLI (loopback registries are handled automatically).',
  wincred:
    'The Windows credential store rejected the token ("The stub received bad data"): ECR tokens are longer than Windows Credential Manager accepts. ' +
    'Use the Amazon ECR credential helper instead: install `docker-credential-ecr-login` and set `"credHelpers": {"<registry host>": "ecr-login"}` in ~/.docker/config.json (then no docker login is needed).',
  helperNotFound: (helper: string) =>
    `The CLI's credential helper "docker-credential-${helper}" is configured but was not found on PATH. Install it or remove it from the CLI's config.json.`,
  helperCannotStore:
    'The "ecr-login" credential helper is configured for this registry; it cannot store logins ("not implemented"). No login is needed: the helper fetches tokens itself.',
  nonTty:
    'The CLI received no password on stdin ("Cannot perform an interactive login from a non TTY device"). This is a bug in the caller; please report it.',
  exit: (cmd: string, code: number, lastLine: string) => `"${cmd}" failed with exit code ${code}${lastLine ? `: ${lastLine}` : '.'}`,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Building command lines

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

export interface CliCommand {
  command: string;
  args: string[];
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

function executableFor(o: { cli: CliKind; executable?: string }): string {
  return o.executable && o.executable.trim() ? o.executable.trim() : o.cli;
}

/** Flags that make the CLI accept a plain-HTTP (or self-signed) registry; loopback only. */
function insecureFlags(o: { cli: CliKind; plainHttp?: boolean; certDir?: string }, host: string): { global: string[]; sub: string[] } {
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

// ---------------------------------------------------------------------------------------------------------------
// Running

export type CliErrorCode = 'notFound' | 'timeout' | 'cancelled' | 'exit' | 'daemon' | 'unauthorized' | 'unreachable' | 'wincred';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode?: number,
    readonly signal?: string,
    /** The CLI's own last meaningful output line (sanitised, secrets redacted), when there is one. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface CliRunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Base environment (default process.env); secret-looking variables are removed before spawning. */
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Which CLI this is, for error explanations (default: from the executable name, else docker). */
  cli?: CliKind;
  /** Time between SIGTERM and SIGKILL when stopping (default 2000 ms). */
  killGraceMs?: number;
  /** More strings never to relay (the stdin secret is always redacted). */
  redact?: string[];
  /** Called with the child's PID (= its process group id on POSIX) once spawned. */
  onSpawn?: (pid: number) => void;
}

export interface CliResult {
  exitCode: number;
  /** Combined stdout+stderr (bounded tail, secrets redacted). */
  output: string;
}

const SECRET_ENV =
  /(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|SESSION_?KEY|DOCKER_AUTH_CONFIG)/i;

/**
 * The child's environment: the parent's minus anything that looks secret (AWS keys, *_TOKEN, *PASSWORD*...) and
 * minus any variable whose value contains one of `secrets`.
 */
export function childEnv(base: NodeJS.ProcessEnv, secrets: string[] = []): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const needles = secrets.filter((s) => s.length >= 4);
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || SECRET_ENV.test(k)) continue;
    if (needles.some((s) => v.includes(s))) continue;
    out[k] = v;
  }
  return out;
}

/** Removes `secrets` from a stream of text, even when one is split across chunks. */
class Redactor {
  private carry = '';
  constructor(private readonly secrets: string[]) {}
  push(chunk: string): string {
    let text = this.carry + chunk;
    this.carry = '';
    for (const s of this.secrets) text = text.split(s).join('***');
    // Hold back a tail that could be the start of a secret completed by the next chunk.
    let hold = 0;
    for (const s of this.secrets) {
      for (let n = Math.min(s.length - 1, text.length); n > hold; n--) {
        if (text.endsWith(s.slice(0, n))) {
          hold = n;
          break;
        }
      }
    }
    this.carry = text.slice(text.length - hold);
    return text.slice(0, text.length - hold);
  }
  flush(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}

function cliKindOf(command: string): CliKind {
  const base = path
    .basename(command)
    .toLowerCase()
    .replace(/\.(exe|cmd|bat)$/, '');
  return (CLI_KINDS as readonly string[]).includes(base) ? (base as CliKind) : 'docker';
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    // No process groups: taskkill /T ends the tree.
    try {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    } catch {
      child.kill(sig);
    }
    return;
  }
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  }
}

const OUTPUT_TAIL = 64 * 1024;

/**
 * Runs a CLI in its own process group with `stdinSecret` written to stdin (then EOF). Resolves on exit code 0;
 * throws CliError otherwise. Timeout and abort stop the whole group (SIGTERM, then SIGKILL after a grace).
 */
export function runCli(cmd: CliCommand, stdinSecret: string | undefined, o: CliRunOptions): Promise<CliResult> {
  const cli = o.cli ?? cliKindOf(cmd.command);
  const shownCmd = sanitizeText(path.basename(cmd.command), 100);
  const secrets = [stdinSecret, ...(o.redact ?? [])].filter((s): s is string => !!s && s.length > 0);
  return new Promise<CliResult>((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(new CliError('cancelled', MESSAGES.cancelled(shownCmd)));
      return;
    }
    let settled = false;
    let stopReason: 'timeout' | 'cancelled' | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let output = '';
    const redactors = { stdout: new Redactor(secrets), stderr: new Redactor(secrets) };

    let child: ChildProcess;
    try {
      child = spawn(cmd.command, cmd.args, {
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        env: childEnv(o.env ?? process.env, secrets),
        windowsHide: true,
        shell: false,
      });
    } catch (err) {
      reject(spawnError(err, cmd.command, shownCmd, cli));
      return;
    }

    const finish = (err: CliError | undefined, result?: CliResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      if (graceTimer) clearTimeout(graceTimer);
      o.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(result as CliResult);
    };

    const stop = (reason: 'timeout' | 'cancelled'): void => {
      if (stopReason || settled) return;
      stopReason = reason;
      signalGroup(child, 'SIGTERM');
      graceTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), o.killGraceMs ?? 2000);
    };
    const onAbort = (): void => stop('cancelled');
    const timeoutTimer = setTimeout(() => stop('timeout'), o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort, { once: true });

    const relay = (stream: 'stdout' | 'stderr', text: string): void => {
      if (!text) return;
      output = (output + text).slice(-OUTPUT_TAIL);
      o.onOutput?.(text, stream);
    };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => relay('stdout', redactors.stdout.push(d)));
    child.stderr?.on('data', (d: string) => relay('stderr', redactors.stderr.push(d)));

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.syscall?.startsWith('spawn') || child.pid === undefined) finish(spawnError(err, cmd.command, shownCmd, cli));
      else signalGroup(child, 'SIGKILL');
    });
    child.on('spawn', () => {
      if (child.pid !== undefined) o.onSpawn?.(child.pid);
    });
    child.on('close', (code, sig) => {
      relay('stdout', redactors.stdout.flush());
      relay('stderr', redactors.stderr.flush());
      if (stopReason) {
        // Whatever of the group survived SIGTERM goes now, so nothing outlives the promise.
        signalGroup(child, 'SIGKILL');
        finish(
          stopReason === 'timeout'
            ? new CliError('timeout', MESSAGES.timeout(shownCmd, Math.round(o.timeoutMs / 1000)), code ?? undefined, sig ?? undefined)
            : new CliError('cancelled', MESSAGES.cancelled(shownCmd), code ?? undefined, sig ?? undefined),
        );
        return;
      }
      const exitCode = code ?? -1;
      if (exitCode === 0) finish(undefined, { exitCode, output });
      else {
        const e = explainCliFailure(output, exitCode, cli, shownCmd);
        finish(sig ? new CliError(e.code, e.message, e.exitCode, sig, e.detail) : e);
      }
    });

    // The secret goes to stdin only, followed by EOF (docker/podman read stdin to the end).
    child.stdin?.on('error', () => undefined); // EPIPE when the CLI exits without reading
    child.stdin?.end(stdinSecret ?? '');
  });
}

function spawnError(err: unknown, command: string, shown: string, cli: CliKind): CliError {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new CliError('notFound', MESSAGES.notFound(sanitizeText(command, 300), cli));
  if (e?.code === 'EACCES') return new CliError('notFound', MESSAGES.notExecutable(sanitizeText(command, 300)));
  return new CliError('exit', MESSAGES.spawnFailed(shown, sanitizeText(String(e?.message ?? err), 300)));
}

/** The last non-empty, non-warning output line, sanitised (for "failed: <why>"). */
function lastMeaningfulLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => sanitizeText(l, 400).trim())
    .filter(
      (l) => l && !/^WARNING!?/i.test(l) && !/credential.*(unencrypted|helper to remove)|docs\.docker\.com\/go\/credential-store/i.test(l),
    );
  return lines[lines.length - 1] ?? '';
}

/** A token the registry no longer accepts (ECR's body text, when the CLI relays it). */
const EXPIRED = /authorization token has expired|token has expired|token expired/i;
/** 403: docker "failed with status: 403 Forbidden", podman "invalid status code from registry 403 (Forbidden)", ECR "denied: …". */
const FORBIDDEN =
  /\b403\b[^\n]{0,20}Forbidden|status(?: code)?:? 403\b|(?<!permission )\bdenied: |requested access to the resource is denied|\baccess denied\b/i;
/** The CLI went on to try the plain-HTTP endpoint (docker's fallback for insecure registries). */
const TRIED_HTTP = /endpoint="\{[^}]*\bhttp:\/\/|(login attempt to|Get "?)http:\/\/[^\s"]+\/v2\//i;

/** Turns a failed CLI run (exit ≠ 0) into an actionable CliError from what the CLI printed. */
export function explainCliFailure(output: string, exitCode: number, cli: CliKind, command: string = cli): CliError {
  const last = lastMeaningfulLine(output);
  const err = (code: CliErrorCode, msg: string) => new CliError(code, msg, exitCode, undefined, last || undefined);
  if (/The stub received bad data/i.test(output)) return err('wincred', MESSAGES.wincred);
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|Cannot connect to Podman|cannot access containerd socket|finch.*vm.*(not running|does not exist)/i.test(
      output,
    )
  ) {
    return err('daemon', MESSAGES.daemon(cli));
  }
  if (/Cannot perform an interactive login from a non TTY device/i.test(output)) return err('exit', MESSAGES.nonTty);
  if (/docker-credential-ecr-login.*not implemented|credentials.*not implemented/i.test(output))
    return err('exit', MESSAGES.helperCannotStore);
  const helper = /docker-credential-([\w.-]+)[^\n]*(executable file not found|not found in \$PATH|no such file)/i.exec(output);
  if (helper) return err('exit', MESSAGES.helperNotFound(helper[1]));
  // The registry answered and refused: the most specific explanation, whatever else the transcript holds (docker
  // prints its harmless HTTPS attempt of a loopback registry before every answer of the http:// endpoint).
  const forbidden = FORBIDDEN.test(output);
  if (EXPIRED.test(output) || (forbidden && /expired/i.test(output))) return err('unauthorized', MESSAGES.expiredToken);
  if (forbidden) return err('unauthorized', MESSAGES.forbidden(cli));
  // A TLS registry with a wrong password can end with "400 Bad Request" after the 401 line.
  if (
    /401 Unauthorized|invalid username\/password|unauthorized: |authentication required|incorrect username or password|no basic auth credentials/i.test(
      output,
    )
  ) {
    return err('unauthorized', MESSAGES.unauthorized(cli));
  }
  if (/x509:|certificate signed by unknown authority|certificate is not valid|tls: failed to verify/i.test(output))
    return err('unreachable', MESSAGES.certificate);
  // Only the cause when the CLI did not go on to the http:// endpoint (docker does for loopback/insecure registries,
  // and then that attempt's answer is what matters).
  if (/server gave HTTP response to HTTPS client/i.test(output) && !TRIED_HTTP.test(output))
    return err('unreachable', MESSAGES.httpToHttps);
  if (
    /connection refused|no such host|i\/o timeout|Client\.Timeout exceeded|context deadline exceeded|TLS handshake timeout|network is unreachable|no route to host|connection reset by peer|Temporary failure in name resolution/i.test(
      output,
    )
  ) {
    return err('unreachable', MESSAGES.unreachable(cli));
  }
  return err('exit', MESSAGES.exit(command, exitCode, last));
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery and diagnosis

async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Full path of `name` on PATH, or undefined. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (await isExecutable(file)) return file;
    }
  }
  return undefined;
}

/** Which container CLIs are on PATH, in the order docker, podman, finch, nerdctl. */
export async function detectClis(env: NodeJS.ProcessEnv = process.env): Promise<CliKind[]> {
  const found = await Promise.all(CLI_KINDS.map(async (k) => ((await findOnPath(k, env)) ? k : undefined)));
  return found.filter((k): k is CliKind => k !== undefined);
}

/** Untrusted CLI/server text made safe for a terminal: escape sequences and controls removed, `\r\n` lines. */
export function sanitizeTerminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => sanitizeText(line.replace(/\r$/, ''), 100_000))
    .join('\r\n');
}

export interface Finding {
  level: 'info' | 'warning';
  message: string;
}

export interface DiagnoseExtra {
  /** mtime of the config file (ms since epoch): an `auths` entry is at most this old. */
  mtimeMs?: number;
  /** Credential helper names (`docker-credential-<name>`) found on PATH; undefined = not checked. */
  availableHelpers?: string[];
  /** Where the config was read from, for the messages. */
  configPath?: string;
}

const ECR_HOST = /^\d{12}\.dkr(-fips)?\.ecr(-fips)?\.[a-z0-9-]+\.(amazonaws\.com(\.cn)?|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const ECR_TOKEN_LIFETIME_MS = 12 * 3600_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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
    if (isObject(json) && typeof json.expiration === 'number') return json.expiration * 1000;
  } catch {
    // not an ECR token
  }
  return undefined;
}

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
  const where = extra.configPath ? sanitizeText(extra.configPath, 300) : 'the CLI config';
  let target: string;
  try {
    target = normalizeHost(host);
  } catch (e) {
    return [{ level: 'warning', message: (e as Error).message }];
  }
  if (configJson === undefined) {
    return [
      { level: 'info', message: `No CLI config file (${where}) yet: there is no stored login for ${target}. The first login creates it.` },
    ];
  }
  if (!isObject(configJson)) {
    return [
      {
        level: 'warning',
        message: `${where} is not a JSON object; the CLI will fail to read it. Fix or delete the file, then log in again.`,
      },
    ];
  }
  const isEcr = ECR_HOST.test(target);
  const helperMissing = (name: string) => extra.availableHelpers !== undefined && !extra.availableHelpers.includes(name);

  const credsStore = typeof configJson.credsStore === 'string' ? configJson.credsStore : undefined;
  const credHelpers = isObject(configJson.credHelpers) ? configJson.credHelpers : {};
  const hostHelperKey = Object.keys(credHelpers).find((k) => keyHost(k) === target);
  const hostHelper =
    hostHelperKey !== undefined && typeof credHelpers[hostHelperKey] === 'string' ? (credHelpers[hostHelperKey] as string) : undefined;

  const auths = isObject(configJson.auths) ? configJson.auths : {};
  const entryKeys = Object.keys(auths).filter((k) => keyHost(k) === target);
  const withAuth = entryKeys.filter((k) => {
    const e = auths[k];
    return isObject(e) && typeof e.auth === 'string' && e.auth.length > 0;
  });

  if (hostHelper) {
    const h = sanitizeText(hostHelper, 100);
    if (hostHelper === 'ecr-login') {
      findings.push({
        level: 'info',
        message: `${target} uses the Amazon ECR credential helper (credHelpers → "ecr-login"): the CLI fetches tokens itself with your AWS credentials, so a login is not necessary (and \`docker login\` fails with "not implemented").`,
      });
    } else {
      findings.push({
        level: 'info',
        message: `${target} uses the credential helper "docker-credential-${h}" (credHelpers): logins are stored by that helper, not in ${where}.`,
      });
    }
    if (helperMissing(hostHelper)) findings.push({ level: 'warning', message: MESSAGES.helperNotFound(h) });
    if (withAuth.length > 0) {
      findings.push({
        level: 'warning',
        message: `${where} also has an "auths" entry with credentials for ${target}; the credential helper takes precedence, so that entry is stale and only causes confusion. Remove it (\`docker logout ${target}\` or edit the file).`,
      });
    }
  } else if (credsStore) {
    const s = sanitizeText(credsStore, 100);
    findings.push({
      level: 'info',
      message: `Logins are kept in the credential store "docker-credential-${s}" (credsStore), not in ${where}.`,
    });
    if (helperMissing(credsStore)) findings.push({ level: 'warning', message: MESSAGES.helperNotFound(s) });
    if (credsStore === 'wincred' && isEcr) {
      findings.push({ level: 'warning', message: MESSAGES.wincred });
    }
    if (credsStore === 'ecr-login') {
      findings.push({
        level: isEcr ? 'info' : 'warning',
        message: isEcr
          ? 'credsStore is "ecr-login": the ECR credential helper serves every registry, so no login is needed for ECR.'
          : `credsStore is "ecr-login", which serves ECR only: logins to ${target} cannot be stored. Use credHelpers for ECR hosts instead of credsStore.`,
      });
    }
    if (withAuth.length > 0) {
      findings.push({
        level: 'warning',
        message: `${where} also holds plain-text credentials for ${target} in "auths" although a credential store is configured; they are probably left over from before. Log out and in again to move them to the store.`,
      });
    }
  }

  if (entryKeys.length > 1) {
    findings.push({
      level: 'warning',
      message: `${where} has ${entryKeys.length} "auths" entries for the same registry (${entryKeys.map((k) => JSON.stringify(sanitizeText(k, 200))).join(', ')}); the CLI may use a stale one. Keep only "${target}".`,
    });
  }

  if (withAuth.length > 0 && !hostHelper) {
    const entry = auths[withAuth[0]] as Record<string, unknown>;
    findings.push({
      level: 'info',
      message: `${where} has a stored login for ${target} ("auths"; base64, not encrypted).`,
    });
    const exp = typeof entry.auth === 'string' ? ecrTokenExpiry(entry.auth) : undefined;
    if (exp !== undefined) {
      findings.push(
        exp <= now
          ? { level: 'warning', message: `The stored ECR token for ${target} expired at ${new Date(exp).toISOString()}. Log in again.` }
          : {
              level: 'info',
              message: `The stored ECR token for ${target} is valid until ${new Date(exp).toISOString()} (${formatAge(exp - now)} left).`,
            },
      );
    } else if (extra.mtimeMs !== undefined) {
      const age = now - extra.mtimeMs;
      const text = `The file was last changed ${formatAge(age)} ago, so the entry is at most that old (the CLI does not record when a login happened; the file's age is the best estimate).`;
      findings.push(
        isEcr && age > ECR_TOKEN_LIFETIME_MS
          ? { level: 'warning', message: `${text} ECR tokens last 12 h, so this login has probably expired. Log in again.` }
          : { level: 'info', message: text },
      );
    }
  } else if (entryKeys.length > 0 && !hostHelper && !credsStore) {
    findings.push({ level: 'warning', message: `${where} has an "auths" entry for ${target} without credentials; log in again.` });
  } else if (entryKeys.length === 0 && !hostHelper && !credsStore) {
    findings.push({ level: 'info', message: `There is no stored login for ${target} in ${where}.` });
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
  /** Read/parse problem in words. */
  error?: string;
}

export async function readCliConfig(cli: CliKind, env: NodeJS.ProcessEnv = process.env): Promise<CliConfigRead> {
  const loc = locateCliConfig(cli, env);
  try {
    const [text, st] = await Promise.all([fs.readFile(loc.path, 'utf8'), fs.stat(loc.path)]);
    try {
      return { ...loc, json: JSON.parse(text) as unknown, mtimeMs: st.mtimeMs };
    } catch {
      return { ...loc, json: null, mtimeMs: st.mtimeMs, error: `${loc.path} is not valid JSON.` };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ...loc };
    return { ...loc, error: `${loc.path} cannot be read: ${(e as Error).message}` };
  }
}

/** Reads the config, looks for the CLI and the configured credential helpers on PATH, and diagnoses. */
export async function diagnoseLoginSetup(
  cli: CliKind,
  host: string,
  opts: { env?: NodeJS.ProcessEnv; executable?: string; now?: number } = {},
): Promise<{ findings: Finding[]; config: CliConfigRead }> {
  const env = opts.env ?? process.env;
  const findings: Finding[] = [];
  const exe = opts.executable?.trim();
  const exePath = exe ? ((await isExecutable(exe)) ? exe : undefined) : await findOnPath(cli, env);
  if (!exePath) findings.push({ level: 'warning', message: MESSAGES.notFound(exe || cli, cli) });
  else findings.push({ level: 'info', message: `Container CLI: ${sanitizeText(exePath, 300)}.` });
  const others = (await detectClis(env)).filter((k) => k !== cli);
  if (!exePath && others.length)
    findings.push({ level: 'info', message: `Found on PATH instead: ${others.join(', ')} (setting \`ecrExplorer.containerCli\`).` });

  const config = await readCliConfig(cli, env);
  findings.push({ level: 'info', message: `Credential config: ${sanitizeText(config.path, 300)} (${config.source}).` });
  if (config.error) findings.push({ level: 'warning', message: sanitizeText(config.error, 500) });
  const helpers: string[] = [];
  if (isObject(config.json)) {
    const names = new Set<string>();
    if (typeof config.json.credsStore === 'string') names.add(config.json.credsStore);
    if (isObject(config.json.credHelpers)) for (const v of Object.values(config.json.credHelpers)) if (typeof v === 'string') names.add(v);
    for (const n of names) if (/^[\w.-]+$/.test(n) && (await findOnPath(`docker-credential-${n}`, env))) helpers.push(n);
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
