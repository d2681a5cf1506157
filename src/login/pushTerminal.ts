// Runs a push (optionally a build first) in the extension's Pseudoterminal [vscode]: no shell, the CLI's own
// progress lines relayed sanitised, Ctrl+C or closing the terminal stops the CLI's process group. A registry
// without a fresh login is logged in first in the same terminal (the secure login path: password to stdin only),
// a push refused for an expired login is renewed and retried once, and the terminal ends with a summary line
// (digest, size, time).
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/messages';
import type { Registry, Repository } from '../model/types';
import { isMessage } from '../model/message';
import { sanitizeTerminalText } from '../model/sanitize';
import { isPlainHttp } from '../registry/imageRefs';
import { describeError } from '../services/errors';
import type { Services } from '../services/services';
import { formatSize } from '../tree/format';
import { CliError } from './cliBase';
import { runUserCli } from './userCli';
import { credentialsFor, loginOne, LoginPty } from './loginTerminal';
import { pushedDigestFromOutput } from './pushCommands';
import { needsLoginBeforePush, planPush, runPushFlow, type PushPlan } from './pushFlow';

export interface PushJob {
  repo: Repository;
  tag: string;
  /** Push this local image (tagged first when its name differs). */
  localRef?: string;
  /** Build this Dockerfile first (absolute paths). */
  build?: { file: string; context: string; platforms: string[] };
}

export interface PushOutcome {
  ok: boolean;
  /** 0 on success; the CLI's exit code, 130 when cancelled. */
  exitCode: number;
  /** `<host>/<repository>:<tag>`. */
  ref: string;
  digest?: string;
  sizeBytes?: number;
  /** The summary line the terminal ends with (no colours). */
  summary: string;
  error?: unknown;
  /** The login was renewed during the push. */
  renewed?: boolean;
}

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
/** Each step may run this long (a build can be slow); Ctrl+C stops it any time. */
const STEP_TIMEOUT_MS = 60 * 60_000;

/** The text of a push failure: structured messages of pure code, else the error's description. */
export function pushErrorText(err: unknown): string {
  const detail = (err as { detail?: unknown } | undefined)?.detail;
  return isMessage(detail) ? renderMessage(detail) : describeError(err);
}

export function targetRef(repo: Repository, tag: string): string {
  return `${repo.uri}:${tag}`;
}

/** Log in before the push? Not for another registry, a host the credential helper serves or a login still fresh. */
function loginFirst(services: Services, registry: Registry): boolean {
  return needsLoginBeforePush({
    registryType: registry.type,
    helper: services.credHelpers.servedBy(registry.host),
    loginExpiresAt: services.logins.get(registry.id)?.expiresAt,
    now: Date.now(),
  });
}

/** Plans the job's command lines with the current settings (throws PushError for a bad reference or setting). */
export function planJob(services: Services, job: PushJob): PushPlan {
  const s = services.settings();
  return planPush({
    cli: s.containerCli,
    executable: s.containerCliPath,
    extraArgs: s.containerCliArgs,
    plainHttp: isPlainHttp(job.repo.parent),
    targetRef: targetRef(job.repo, job.tag),
    localRef: job.localRef,
    build: job.build
      ? { file: job.build.file, context: job.build.context, platforms: job.build.platforms, buildArgs: s.buildArgs }
      : undefined,
  });
}

/** Runs the job in a new push terminal; resolves when it is done (never rejects: check `ok`). */
export async function runPushInTerminal(services: Services, job: PushJob, plan: PushPlan): Promise<PushOutcome> {
  const ref = targetRef(job.repo, job.tag);
  const registry = job.repo.parent;
  let outcome: PushOutcome = { ok: false, exitCode: 1, ref, summary: '' };
  let resolveDone: (code: number) => void = () => undefined;
  const finished = new Promise<number>((r) => (resolveDone = r));
  const pty = new LoginPty(
    async (write, signal) => {
      outcome = await work(services, job, plan, ref, registry, write, signal);
      return outcome.exitCode;
    },
    false,
    undefined,
    { resolve: resolveDone },
  );
  const name = job.build ? vscode.l10n.t('Build and Push: {0}', ref) : vscode.l10n.t('Push: {0}', ref);
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('cloud-upload'), isTransient: true });
  terminal.show(true);
  await finished;
  return outcome;
}

async function work(
  services: Services,
  job: PushJob,
  plan: PushPlan,
  ref: string,
  registry: Registry,
  write: (text: string) => void,
  signal: AbortSignal,
): Promise<PushOutcome> {
  const s = services.settings();
  const line = (text: string) => write(sanitizeTerminalText(text) + '\r\n');
  const started = Date.now();
  const fail = (err: unknown): PushOutcome => {
    const cancelled = err instanceof CliError && err.code === 'cancelled';
    const why = pushErrorText(err);
    const summary = cancelled ? vscode.l10n.t('Push of {0} cancelled.', ref) : vscode.l10n.t('Push of {0} failed: {1}', ref, why);
    line(`${RED}✖ ${summary}${RESET}`);
    services.log.error(`Push of ${ref} failed: ${why}${err instanceof CliError && err.detail ? ` (${err.detail})` : ''}`);
    const exitCode = cancelled ? 130 : err instanceof CliError && err.exitCode && err.exitCode > 0 ? err.exitCode : 1;
    return { ok: false, exitCode, ref, summary, error: err };
  };
  try {
    line(job.build ? vscode.l10n.t('Building and pushing {0}', ref) : vscode.l10n.t('Pushing {0}', ref));
    line(`${DIM}${vscode.l10n.t('CLI: {0}', s.containerCliPath || s.containerCli)}${RESET}`);
    if (loginFirst(services, registry)) {
      const credentials = await credentialsFor(services, registry, signal);
      const login = await loginOne(services, { registry, credentials }, write, signal);
      if (!login.ok) return fail(login.error ?? new Error(login.summary ?? ''));
      write('\r\n');
    }
    const result = await runPushFlow(plan, {
      run: async (step) => {
        line(`${DIM}$ ${step.display}${RESET}`);
        return runUserCli(step.command, undefined, {
          cli: s.containerCli,
          signal,
          timeoutMs: STEP_TIMEOUT_MS,
          redact: plan.secrets,
          onOutput: (text) => write(sanitizeTerminalText(text)),
        });
      },
      renewLogin: async (err) => {
        line(
          `${DIM}${vscode.l10n.t('The registry refused the login ({0}); logging in again and retrying once.', pushErrorText(err))}${RESET}`,
        );
        // The credential helper answers for its hosts: a CLI login there fails, and there is nothing to renew.
        if (registry.type === 'ecr' && services.credHelpers.servedBy(registry.host) !== undefined) return false;
        const credentials = await credentialsFor(services, registry, signal, { force: true });
        return (await loginOne(services, { registry, credentials }, write, signal)).ok;
      },
    });
    let digest = pushedDigestFromOutput(result.pushOutput);
    let sizeBytes: number | undefined;
    if (registry.type === 'ecr') {
      // ECR's own record of what arrived: the digest and the size DescribeImages will show.
      const pushed = await services
        .aws()
        .describeTag(services.ecr(), job.repo, job.tag, { signal })
        .catch(() => undefined);
      digest = pushed?.digest ?? digest;
      sizeBytes = pushed?.sizeBytes;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const parts = [digest, sizeBytes !== undefined ? formatSize(sizeBytes, vscode.env.language) : undefined, `${seconds} s`].filter(
      (p): p is string => !!p,
    );
    const summary = vscode.l10n.t('Pushed {0} ({1}).', ref, parts.join(' · '));
    line(`${GREEN}✔ ${summary}${RESET}`);
    services.log.info(`Pushed ${ref}${digest ? ` as ${digest}` : ''} in ${seconds} s${result.renewed ? ' (login renewed)' : ''}`);
    return { ok: true, exitCode: 0, ref, digest, sizeBytes, summary, renewed: result.renewed };
  } catch (err) {
    return fail(err);
  }
}
