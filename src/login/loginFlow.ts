// Logging registries in from the commands: which registries a command's arguments name, their login state in
// words, and the login of several registries one after another in one login terminal with the failures reported.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import type { EcrRegistry, Registry } from '../model/types';
import { describeError, errorWithLog } from '../services/errors';
import type { Services } from '../services/services';
import { formatExpiryTime, formatRemaining, remainingMs } from '../token/expiry';
import { loadCredHelper } from './credHelperLoad';
import { credentialsFor, runLoginsInTerminal, type LoginCredentials, type LoginOutcome } from './loginTerminal';

/** The registry a tree node belongs to: a registry row itself, or the registry above a repository/tag/problem row. */
export function registryOfNode(node: unknown): Registry | undefined {
  let cur = node as { kind?: unknown; parent?: unknown } | undefined;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 8; depth++) {
    if (cur.kind === 'registry') return cur as Registry;
    cur = cur.parent as typeof cur;
  }
  return undefined;
}

/**
 * Registries from a command's (node, selectedNodes) arguments, deduplicated; empty when none was given. Only nodes
 * the tree produced count (looked up by id): a plain object passed to the command is ignored.
 */
export function registriesFromArgs(services: Pick<Services, 'tree'>, node: unknown, nodes: unknown): Registry[] {
  const list = Array.isArray(nodes) && nodes.length > 0 ? nodes : node !== undefined ? [node] : [];
  const byId = new Map<string, Registry>();
  for (const n of list) {
    const r = registryOfNode(services.tree.node(n));
    if (r) byId.set(r.id, r);
  }
  return [...byId.values()];
}

/** "Logged in · expires in 11h 42m (…)", "Expired at …" or "Not logged in" from the recorded logins. */
export function loginStateText(services: Services, registry: Registry, now = Date.now()): string {
  const lang = vscode.env.language;
  if (registry.type === 'generic') return vscode.l10n.t('Uses the password stored for this registry');
  const rec = services.logins.get(registry.id);
  if (!rec) return vscode.l10n.t('Not logged in');
  if (rec.expiresAt <= now) return vscode.l10n.t('Expired at {0}', formatExpiryTime(rec.expiresAt, lang));
  return vscode.l10n.t(
    'Logged in · expires in {0} ({1})',
    renderMessage(formatRemaining(remainingMs(rec.expiresAt, now))),
    formatExpiryTime(rec.expiresAt, lang),
  );
}

/** Known registries, listed with a progress indicator; tells the user what to do when there are none. */
export async function knownRegistries(services: Services): Promise<Registry[] | undefined> {
  const registries = await services.ui.withProgress(
    vscode.l10n.t('Listing registries…'),
    (signal) => services.tree.registries(signal),
    vscode.ProgressLocation.Window,
  );
  if (registries.length === 0) {
    const choose = vscode.l10n.t('Choose AWS Profiles');
    const choice = await services.ui.info(
      vscode.l10n.t('No registries are known yet. Choose AWS profiles and regions, or add a registry.'),
      choose,
    );
    if (choice === choose) await vscode.commands.executeCommand('ecrExplorer.chooseProfiles');
    return undefined;
  }
  return registries;
}

async function showFailure(services: Services, text: string, registry?: Registry, cliMissing = false): Promise<void> {
  const diagnose = vscode.l10n.t('Diagnose');
  const chooseCli = vscode.l10n.t('Choose Container CLI');
  const choice = await errorWithLog(services, text, { before: cliMissing ? [chooseCli] : [], after: [diagnose] });
  if (choice === diagnose) await vscode.commands.executeCommand('ecrExplorer.diagnoseLogin', registry);
  else if (choice === chooseCli) await vscode.commands.executeCommand('ecrExplorer.chooseContainerCli');
}

/**
 * Gets credentials for each registry (ECR tokens come from the cached GetAuthorizationToken), then logs them in
 * one after another in one login terminal, and reports what failed. Never rejects.
 */
export async function loginRegistries(services: Services, all: Registry[]): Promise<LoginOutcome[]> {
  // The credential helper serves these: nothing to log in, and a login would fail ("not implemented").
  const served = all.filter((r): r is EcrRegistry => r.type === 'ecr' && services.credHelpers.servedBy(r.host) !== undefined);
  if (served.length > 0) void loadCredHelper().explainHelperServed(services, served);
  const registries = all.filter((r) => !served.includes(r as EcrRegistry));
  if (registries.length === 0) return [];
  const creds = new Map<string, LoginCredentials>();
  const credentialFailures: Array<{ registry: Registry; message: string }> = [];
  try {
    await services.ui.withProgress(
      registries.length === 1
        ? vscode.l10n.t('Getting credentials for {0}…', registries[0].host)
        : vscode.l10n.t('Getting credentials for {0} registries…', registries.length),
      async (signal) => {
        await Promise.all(
          registries.map(async (registry) => {
            try {
              creds.set(registry.id, await credentialsFor(services, registry, signal));
            } catch (err) {
              credentialFailures.push({ registry, message: describeError(err) });
            }
          }),
        );
      },
    );
  } catch (err) {
    services.log.error(`Getting credentials failed: ${describeError(err)}`);
  }
  for (const f of credentialFailures) services.log.error(`No credentials for ${f.registry.host}: ${f.message}`);

  const jobs = registries
    .filter((r) => creds.has(r.id))
    .map((registry) => ({ registry, credentials: creds.get(registry.id) as LoginCredentials }));
  const outcomes = jobs.length > 0 ? await runLoginsInTerminal(services, jobs) : [];
  creds.clear();

  const failed = outcomes.filter((o) => !o.ok && o.exitCode !== 130);
  const total = registries.length;
  if (credentialFailures.length + failed.length === 0) {
    if (outcomes.length === 1 && outcomes[0].ok) services.ui.flash(vscode.l10n.t('Logged in to {0}', outcomes[0].host));
    else if (outcomes.length > 1)
      services.ui.flash(vscode.l10n.t('Logged in to {0} of {1} registries', outcomes.filter((o) => o.ok).length, total));
  } else if (credentialFailures.length + failed.length === 1) {
    if (credentialFailures.length === 1) {
      const f = credentialFailures[0];
      await showFailure(services, vscode.l10n.t('Could not get credentials for {0}: {1}', f.registry.host, f.message), f.registry);
    } else {
      const f = failed[0];
      await showFailure(
        services,
        vscode.l10n.t('Login to {0} failed: {1}', f.host, describeError(f.error)),
        f.registry,
        f.exitCode === 127,
      );
    }
  } else if (outcomes.some((o) => o.inTerminal === false)) {
    // Nobody saw the login terminal (Restricted Mode): the notification says why each one failed.
    const reasons = [
      ...credentialFailures.map((f) => `${f.registry.host}: ${f.message}`),
      ...failed.map((f) => `${f.host}: ${describeError(f.error)}`),
    ];
    await showFailure(services, vscode.l10n.t('{0} of {1} logins failed: {2}', reasons.length, total, reasons.join(' · ')));
  } else {
    await showFailure(
      services,
      vscode.l10n.t('{0} of {1} logins failed. The login terminal and the log say why.', credentialFailures.length + failed.length, total),
    );
  }
  return outcomes;
}
