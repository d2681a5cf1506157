// ecrExplorer.renewLogin: log in again with a fresh token. With an argument (a registry key from the status bar
// tooltip, a tree registry or a login record) renews that one; without, the expired or soonest-expiring login,
// asking with a quick pick when several need it.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { renewRecord } from '../login/renew';
import { isEcrRegistry, type EcrRegistry, type LoginRecord } from '../model/types';
import { describeError, errorWithLog } from '../services/errors';
import type { Services } from '../services/services';
import { renewChoice } from '../status/statusText';
import { formatExpiryTime, formatRemaining, remainingMs } from '../token/expiry';

/** The login key an argument names: a key (the status bar tooltip's link) or a registry row the tree produced. */
function keyOf(services: Services, arg: unknown): { key: string; registry?: EcrRegistry } | undefined {
  if (typeof arg === 'string') return { key: arg };
  const node = arg === undefined ? undefined : services.tree.node(arg);
  if (node && isEcrRegistry(node)) return { key: node.id, registry: node };
  return undefined;
}

async function chooseRecord(services: Services, arg: unknown): Promise<LoginRecord | EcrRegistry | undefined> {
  services.logins.reload();
  const named = keyOf(services, arg);
  if (named !== undefined) {
    const { key } = named;
    // Only recorded logins (globalState, never the argument) or the tree's own registry are renewed.
    const rec = services.logins.get(key);
    if (rec) return rec;
    // A tree registry that was never logged in (or was logged out): renewing it is a fresh login.
    if (named.registry) return named.registry;
    void services.ui.error(vscode.l10n.t('There is no ECR login to renew for {0}. Log in first.', key));
    return undefined;
  }
  const records = services.logins.all();
  if (records.length === 0) {
    const login = vscode.l10n.t('Log In…');
    const choice = await services.ui.info(vscode.l10n.t('There is no ECR login to renew yet.'), login);
    if (choice === login) await vscode.commands.executeCommand('ecrExplorer.login');
    return undefined;
  }
  const now = Date.now();
  const { needing, soonest } = renewChoice(records, now, services.settings().warningMinutes * 60_000, services.credHelpers.hosts());
  if (needing.length === 1) return needing[0];
  if (needing.length === 0) return soonest;
  const lang = vscode.env.language;
  return services.ui.pickOne(
    needing.map((r) => ({
      label: r.host,
      description: [r.profile ?? vscode.l10n.t('default'), r.region].filter(Boolean).join(' · '),
      detail:
        r.expiresAt <= now
          ? vscode.l10n.t('Expired at {0}', formatExpiryTime(r.expiresAt, lang))
          : vscode.l10n.t(
              'Expires in {0} ({1})',
              renderMessage(formatRemaining(remainingMs(r.expiresAt, now))),
              formatExpiryTime(r.expiresAt, lang),
            ),
      value: r,
    })),
    { title: vscode.l10n.t('Renew ECR Login'), placeHolder: vscode.l10n.t('Choose the registry to log in to again') },
  );
}

export async function renewLogin(services: Services, arg?: unknown): Promise<void> {
  const target = await chooseRecord(services, arg);
  if (!target) return;
  try {
    await services.ui.withProgress(vscode.l10n.t('Renewing the ECR login for {0}…', target.host), (signal) =>
      renewRecord(services, target, { signal }),
    );
  } catch (err) {
    const message = describeError(err);
    services.log.error(`Renewing the login for ${target.host} failed: ${message}`);
    await errorWithLog(services, vscode.l10n.t('Could not renew the ECR login for {0}: {1}', target.host, message));
  }
}
