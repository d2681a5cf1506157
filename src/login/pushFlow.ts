// The steps of a push [pure]: optionally build, then tag, then push, each a CLI run the caller performs (the
// terminal relays its output); a push refused because the registry login expired is renewed and retried once.
// Building the command lines is pushCommands.ts; running one is the runner in cliRunner.ts.
import { CliError, type CliCommand } from './cliBase';
import { buildBuildCommand, buildPushCommand, buildTagCommand, displayCommandLine, secretBuildArgValues } from './pushCommands';
import type { BuildCommandOptions, CliTarget, RegistryAccess } from './pushCommands';

export type PushStepKind = 'build' | 'tag' | 'push';

export interface PushStep {
  kind: PushStepKind;
  command: CliCommand;
  /** The command line as the terminal shows it (secret build arguments masked). */
  display: string;
}

export interface PushPlanInput extends CliTarget, RegistryAccess {
  /** `<registry host>/<repository>:<tag>`. */
  targetRef: string;
  /** Push an existing local image: it is tagged first (omit when building). */
  localRef?: string;
  /** Build first (the target reference is added as the build's tag). */
  build?: Omit<BuildCommandOptions, keyof CliTarget | 'tags'>;
}

export interface PushPlan {
  steps: PushStep[];
  /** Values never to show (masked in `display`, redacted from the CLI's output). */
  secrets: string[];
}

/** The steps for a push, validated before anything runs (a bad reference or setting fails here, not halfway). */
export function planPush(o: PushPlanInput): PushPlan {
  const cli: CliTarget = { cli: o.cli, executable: o.executable, extraArgs: o.extraArgs };
  const secrets = secretBuildArgValues(o.build?.buildArgs);
  const steps: PushStep[] = [];
  const add = (kind: PushStepKind, command: CliCommand) => steps.push({ kind, command, display: displayCommandLine(command, secrets) });
  if (o.build) add('build', buildBuildCommand({ ...cli, ...o.build, tags: [o.targetRef] }));
  else if (o.localRef !== undefined && o.localRef !== o.targetRef)
    add('tag', buildTagCommand({ ...cli, source: o.localRef, target: o.targetRef }));
  add('push', buildPushCommand({ ...cli, plainHttp: o.plainHttp, certDir: o.certDir, imageRef: o.targetRef }));
  return { steps, secrets };
}

/** A login this close to its expiry is renewed before pushing (a push of a large image takes a while). */
export const FRESH_LOGIN_MS = 5 * 60_000;

export interface LoginFirstInput {
  registryType: 'ecr' | 'generic';
  /** How the Amazon ECR credential helper serves the registry's host for the chosen CLI (`servedBy` in credHelperHosts.ts). */
  helper: 'credHelpers' | 'credsStore' | undefined;
  /** When the registry's recorded login expires (ms since the epoch), if one is recorded. */
  loginExpiresAt: number | undefined;
  now: number;
}

/**
 * Whether the push logs the CLI in first: only for an ECR registry whose host the credential helper does not serve
 * and whose recorded login is missing or about to expire. For a helper host the CLI asks the helper, and a CLI
 * login there would fail (the helper stores nothing) or shadow it; a registry that is not ECR has the user's own login.
 */
export function needsLoginBeforePush(o: LoginFirstInput): boolean {
  if (o.registryType !== 'ecr' || o.helper !== undefined) return false;
  return o.loginExpiresAt === undefined || o.loginExpiresAt - o.now <= FRESH_LOGIN_MS;
}

export interface PushFlowHooks {
  /** Runs one step (echo, relay output); resolves with the CLI's output, throws CliError when it fails. */
  run(step: PushStep, attempt: number): Promise<{ output: string }>;
  /**
   * Called once when the push was refused for an expired or rejected login: log in again with a fresh token.
   * Resolves true when the login worked (the push is then retried once).
   */
  renewLogin(error: CliError): Promise<boolean>;
}

export interface PushFlowResult {
  /** Combined output of the push step (for the digest it reports). */
  pushOutput: string;
  /** The push was retried after renewing the login. */
  renewed: boolean;
}

/** A failed push that a fresh login can fix (401, 403 or an "expired" answer). */
export const isLoginFailure = (err: unknown): err is CliError => err instanceof CliError && err.code === 'unauthorized';

/** Runs the plan's steps in order; stops at the first failure (rethrown) after at most one login renewal. */
export async function runPushFlow(plan: PushPlan, hooks: PushFlowHooks): Promise<PushFlowResult> {
  let pushOutput = '';
  let renewed = false;
  for (const step of plan.steps) {
    if (step.kind !== 'push') {
      await hooks.run(step, 1);
      continue;
    }
    try {
      pushOutput = (await hooks.run(step, 1)).output;
    } catch (err) {
      if (!isLoginFailure(err) || !(await hooks.renewLogin(err))) throw err;
      renewed = true;
      pushOutput = (await hooks.run(step, 2)).output;
    }
  }
  return { pushOutput, renewed };
}
