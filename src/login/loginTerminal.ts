// Runs container CLI logins in a Pseudoterminal (no shell): work starts in open(), closing the terminal or Ctrl+C
// stops the CLI, output is sanitised with \r\n line endings, and each login ends with a one-line summary.
// The password goes from memory to the CLI's stdin only.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { describeError } from '../services/errors';
import type { Services } from '../services/services';
import type { LoginRecord, Registry } from '../model/types';
import { formatExpiryTime, formatRemaining, remainingMs } from '../token/expiry';
import { CliError, MESSAGES, type CliCommand, type CliKind } from './cliBase';
import { runUserCli } from './userCli';
import { buildLoginCommand, buildLogoutCommand, loginTarget } from './commandLines';
import { sanitizeTerminalText } from '../model/sanitize';

/** What a login needs: an ECR AuthToken fits as is; generic registries use their URL as the endpoint. */
export interface LoginCredentials {
  username: string;
  password: string;
  /** e.g. https://123456789012.dkr.ecr.us-east-1.amazonaws.com or http://127.0.0.1:5000 (emulator). */
  proxyEndpoint: string;
  /** Token expiry (ECR); undefined for registries whose credentials do not expire. */
  expiresAt?: Date;
  /** base64(user:password) when known (ECR); redacted from the output too. */
  authorizationToken?: string;
}

export interface LoginTerminalOptions {
  signal?: AbortSignal;
  /** Reveal the terminal (default true; it never takes focus). */
  reveal?: boolean;
  /** Override the setting ecrExplorer.login.closeTerminalOnSuccess. */
  closeOnSuccess?: boolean;
}

export interface LoginOutcome {
  ok: boolean;
  /** 0 on success; the CLI's exit code, or 124 timeout, 127 not found, 130 cancelled. */
  exitCode: number;
  registry: Registry;
  /** The host the CLI logged in to (from the token's proxyEndpoint). */
  host: string;
  error?: Error;
  /** The one-line summary the terminal ends with (no colours), e.g. "Logged in to … The token expires at …". */
  summary?: string;
  /**
   * False when VS Code never opened the login terminal (Restricted Mode holds terminals back until the workspace is
   * trusted), so nobody saw its output: the result is shown as a notification instead.
   */
  inTerminal?: boolean;
}

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

function exitCodeOf(err: unknown): number {
  if (err instanceof CliError) {
    if (err.code === 'cancelled') return 130;
    if (err.code === 'timeout') return 124;
    if (err.code === 'notFound') return 127;
    return err.exitCode && err.exitCode > 0 ? err.exitCode : 1;
  }
  return 1;
}

// One CLI login/logout at a time: concurrent runs would race on the CLI's config.json (read-modify-write). This
// module is bundled twice (dist/extension.js for the status bar's automatic renewal, dist/commands.js for the
// commands), so the queue lives on globalThis under a registered symbol: both copies share it.
const QUEUE = Symbol.for('ecrExplorer.cliLoginQueue');
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const shared = globalThis as { [QUEUE]?: Promise<unknown> };
  const run = (shared[QUEUE] ?? Promise.resolve()).then(task, task);
  shared[QUEUE] = run.catch(() => undefined);
  return run;
}

/**
 * Credentials for a registry: ECR from GetAuthorizationToken (cached, or a new token with `force` after the registry
 * refused one), generic from SecretStorage.
 */
export async function credentialsFor(
  services: Services,
  registry: Registry,
  signal?: AbortSignal,
  opts: { force?: boolean } = {},
): Promise<LoginCredentials> {
  if (registry.type === 'ecr') {
    const tokens = await services.ecr().getAuthorizationToken([registry], { signal, force: opts.force });
    const token = tokens.get(registry.id);
    if (!token) throw new Error(vscode.l10n.t('ECR returned no authorization token for {0}.', registry.host));
    return token;
  }
  if (!registry.username) {
    throw new Error(vscode.l10n.t('No user name is configured for {0}. Add the registry again with "ECR: Add Registry…".', registry.host));
  }
  const password = await services.genericSecrets.get(registry.url);
  if (!password)
    throw new Error(vscode.l10n.t('No password is stored for {0}. Add the registry again with "ECR: Add Registry…".', registry.host));
  return { username: registry.username, password, proxyEndpoint: registry.url };
}

export interface Job {
  registry: Registry;
  credentials: LoginCredentials;
}

/** A Pseudoterminal that runs `work` once it is opened; close()/Ctrl+C abort it (login and push terminals). */
export class LoginPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private started = false;
  private finished: number | undefined;
  private closed = false;
  private pending: string[] = [];
  private opened = false;

  /** VS Code opened the terminal (its output reached the user). */
  get wasOpened(): boolean {
    return this.opened;
  }

  constructor(
    private readonly work: (write: (text: string) => void, signal: AbortSignal) => Promise<number>,
    private readonly closeOnSuccess: boolean,
    outerSignal: AbortSignal | undefined,
    readonly done: { resolve: (code: number) => void },
  ) {
    outerSignal?.addEventListener(
      'abort',
      () => {
        this.controller.abort();
        this.start();
      },
      { once: true },
    );
    // Should the terminal never be opened (no UI), the work still runs and its output is kept for later. In
    // Restricted Mode VS Code does not open extension terminals until the workspace is trusted: no need to wait.
    setTimeout(() => this.start(), vscode.workspace.isTrusted ? 5000 : 0).unref?.();
  }

  open(): void {
    this.opened = true;
    for (const text of this.pending) this.writeEmitter.fire(text);
    this.pending = [];
    this.start();
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
  }

  handleInput(data: string): void {
    if (this.finished === undefined) {
      if (data.includes('\x03')) {
        this.write(vscode.l10n.t('^C — stopping…') + '\r\n');
        this.controller.abort();
      }
      return;
    }
    // Any key closes a finished terminal.
    this.fireClose(this.finished);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending.push(text);
  }

  private fireClose(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(code);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    void this.work((text) => this.write(text), this.controller.signal)
      .catch(() => 1)
      .then((code) => {
        this.finished = code;
        this.done.resolve(code);
        if (code === 0 && this.closeOnSuccess) this.fireClose(0);
        else this.write(`${DIM}${vscode.l10n.t('Press any key to close this terminal.')}${RESET}\r\n`);
      });
  }
}

/** Logs one registry in, one after the other in a single terminal; the CLI's config is never written concurrently. */
export async function loginOne(services: Services, job: Job, write: (s: string) => void, signal: AbortSignal): Promise<LoginOutcome> {
  const { registry, credentials } = job;
  const s = services.settings();
  const cli: CliKind = s.containerCli;
  const shownCli = s.containerCliPath || cli;
  let host = registry.host;
  const line = (text: string) => write(sanitizeTerminalText(text) + '\r\n');
  try {
    const target = loginTarget(credentials.proxyEndpoint);
    host = target.host;
    const cmd: CliCommand = buildLoginCommand({
      cli,
      executable: s.containerCliPath,
      extraArgs: s.containerCliArgs,
      host,
      username: credentials.username,
      plainHttp: target.plainHttp,
    });
    line(vscode.l10n.t('Logging in to {0}', host));
    if (registry.type === 'ecr') {
      line(
        `${DIM}${vscode.l10n.t('Registry {0} · profile {1} · region {2}', registry.registryId, registry.source.profile ?? vscode.l10n.t('default'), registry.source.region)}${RESET}`,
      );
    }
    line(`${DIM}${vscode.l10n.t('CLI: {0}', shownCli)}${RESET}`);
    // The argv holds no secret: the password goes to stdin.
    line(`${DIM}$ ${[cmd.command, ...cmd.args].join(' ')}${RESET}`);
    services.log.info(
      `Logging in to ${host} with ${shownCli}${registry.type === 'ecr' ? ` (profile ${registry.source.profile ?? 'default'}, region ${registry.source.region})` : ''}`,
    );
    const started = Date.now();
    await serialized(() =>
      runUserCli(cmd, credentials.password, {
        cli,
        signal,
        timeoutMs: s.loginTimeoutMs,
        redact: credentials.authorizationToken ? [credentials.authorizationToken] : [],
        onOutput: (text) => write(sanitizeTerminalText(text)),
      }),
    );
    const ms = Date.now() - started;
    let summary: string;
    if (registry.type === 'ecr' && credentials.expiresAt) {
      const expiresAt = credentials.expiresAt.getTime();
      const rec: LoginRecord = {
        key: registry.id,
        registryId: registry.registryId,
        host,
        profile: registry.source.profile,
        region: registry.source.region,
        expiresAt,
        loggedInAt: Date.now(),
        cli,
      };
      await services.logins.record(rec);
      const lang = vscode.env.language;
      summary = vscode.l10n.t(
        'Logged in to {0} with {1}. The token expires at {2} (in {3}).',
        host,
        cli,
        formatExpiryTime(expiresAt, lang),
        renderMessage(formatRemaining(remainingMs(expiresAt, Date.now()))),
      );
    } else {
      summary = vscode.l10n.t('Logged in to {0} with {1}.', host, cli);
    }
    line(`${GREEN}✔ ${summary}${RESET}`);
    services.log.info(`Logged in to ${host} with ${shownCli} in ${ms} ms`);
    services.tree.refresh(registry);
    return { ok: true, exitCode: 0, registry, host, summary };
  } catch (err) {
    const message = describeError(err);
    const summary = vscode.l10n.t('Login to {0} failed: {1}', host, message);
    line(`${RED}✖ ${summary}${RESET}`);
    services.log.error(`Login to ${host} failed: ${message}${err instanceof CliError && err.detail ? ` (${err.detail})` : ''}`);
    return { ok: false, exitCode: exitCodeOf(err), registry, host, error: err instanceof Error ? err : new Error(message), summary };
  }
}

/**
 * Logs the registries in, one after another, in one login terminal. Resolves when all are done (not when the
 * terminal closes); never rejects for a failed login — check `ok`.
 */
export async function runLoginsInTerminal(services: Services, jobs: Job[], options: LoginTerminalOptions = {}): Promise<LoginOutcome[]> {
  const outcomes: LoginOutcome[] = [];
  const s = services.settings();
  let resolveDone: (code: number) => void = () => undefined;
  const finished = new Promise<number>((r) => (resolveDone = r));
  const pty = new LoginPty(
    async (write, signal) => {
      for (const job of jobs) {
        if (signal.aborted) {
          outcomes.push({
            ok: false,
            exitCode: 130,
            registry: job.registry,
            host: job.registry.host,
            error: new CliError('cancelled', MESSAGES.cancelled(s.containerCliPath || s.containerCli)),
          });
          continue;
        }
        outcomes.push(await loginOne(services, job, write, signal));
        if (jobs.length > 1) write('\r\n');
      }
      return outcomes.find((o) => !o.ok)?.exitCode ?? 0;
    },
    options.closeOnSuccess ?? s.closeTerminalOnSuccess,
    options.signal,
    { resolve: resolveDone },
  );
  const name = jobs.length === 1 ? vscode.l10n.t('Login: {0}', jobs[0].registry.host) : vscode.l10n.t('Login: {0} registries', jobs.length);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('key'), isTransient: true });
  if (options.reveal !== false) terminal.show(true);
  await finished;
  const inTerminal = pty.wasOpened;
  for (const o of outcomes) o.inTerminal = inTerminal;
  // Nobody saw the terminal (Restricted Mode): a success becomes a notification with the expiry. Failures are
  // reported by the callers as error notifications with their actions (Show Log, Diagnose).
  if (!inTerminal && options.reveal !== false) {
    for (const o of outcomes) if (o.ok && o.summary) void services.ui.info(o.summary);
  }
  return outcomes;
}

/** Logs one registry in with a terminal; `token` is the ECR AuthToken (or generic credentials). */
export async function runLoginInTerminal(
  services: Services,
  registry: Registry,
  token: LoginCredentials,
  options: LoginTerminalOptions = {},
): Promise<{ ok: boolean; exitCode: number; error?: Error; inTerminal?: boolean }> {
  const [outcome] = await runLoginsInTerminal(services, [{ registry, credentials: token }], options);
  return { ok: outcome.ok, exitCode: outcome.exitCode, error: outcome.error, inTerminal: outcome.inTerminal };
}

/** `<cli> logout <host>` without a terminal; returns the CLI's output on success, throws CliError otherwise. */
export async function runLogout(services: Services, host: string, signal?: AbortSignal): Promise<string> {
  const s = services.settings();
  const cmd = buildLogoutCommand({ cli: s.containerCli, executable: s.containerCliPath, extraArgs: s.containerCliArgs, host });
  const r = await serialized(() => runUserCli(cmd, undefined, { cli: s.containerCli, signal, timeoutMs: s.loginTimeoutMs }));
  return r.output;
}
