// ecrExplorer.renewLogin: log in again with a fresh token. With an argument (a registry key from the status bar
// tooltip, a tree registry or a login record) renews that one; without, the expired or soonest-expiring login,
// asking with a quick pick when several need it.
import * as vscode from 'vscode';
import { errorText, localizeMessage } from '../l10n/localize';
import type { EcrRegistry, LoginRecord } from '../model/types';
import type { Services } from './services';
import { runLoginInTerminal } from '../login/loginTerminal';
import { renewChoice } from '../status/statusText';
import { formatExpiryTime, formatRemaining, remainingMs } from '../token/expiry';

/** The registry a login record was made for, rebuilt without any API call. */
export function registryFromRecord(rec: LoginRecord, endpoint: string | undefined): EcrRegistry {
  return {
    kind: 'registry',
    type: 'ecr',
    id: rec.key,
    registryId: rec.registryId,
    source: { profile: rec.profile, region: rec.region ?? 'us-east-1', endpoint },
    host: rec.host,
    uri: `https://${rec.host}`,
    own: false,
  };
}

function keyOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { kind?: unknown; id?: unknown; key?: unknown };
    if (o.kind === 'registry' && typeof o.id === 'string') return o.id;
    if (typeof o.key === 'string') return o.key;
  }
  return undefined;
}

function isEcrRegistry(arg: unknown): arg is EcrRegistry {
  const o = arg as Partial<EcrRegistry> | undefined;
  return !!o && typeof o === 'object' && o.kind === 'registry' && o.type === 'ecr' && typeof o.registryId === 'string';
}

async function chooseRecord(services: Services, arg: unknown): Promise<LoginRecord | EcrRegistry | undefined> {
  services.logins.reload();
  const key = keyOf(arg);
  if (key !== undefined) {
    const rec = services.logins.get(key);
    if (rec) return rec;
    // A tree registry that was never logged in (or was logged out): renewing it is a fresh login.
    if (isEcrRegistry(arg)) return arg;
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
              formatRemaining(remainingMs(r.expiresAt, now), lang),
              formatExpiryTime(r.expiresAt, lang),
            ),
      value: r,
    })),
    { title: vscode.l10n.t('Renew ECR Login'), placeHolder: vscode.l10n.t('Choose the registry to log in to again') },
  );
}

/**
 * Gets a fresh token (bypassing the token cache) and runs the container CLI login in a terminal; the login
 * terminal records the new expiry. Rejects when the token or the login fails (auto-renew relies on that).
 */
export async function renewRecord(
  services: Services,
  target: LoginRecord | EcrRegistry,
  options: { signal?: AbortSignal; reveal?: boolean } = {},
): Promise<void> {
  const { signal } = options;
  const registry = isEcrRegistry(target) ? target : registryFromRecord(target, services.settings().endpoint);
  if (!registry.id.startsWith('ecr:')) {
    throw new Error(vscode.l10n.t('Only ECR logins can be renewed automatically; log in to {0} again.', registry.host));
  }
  const tokens = await services.ecr().getAuthorizationToken([registry], { force: true, signal });
  const token = tokens.get(registry.id);
  if (!token) {
    throw new Error(vscode.l10n.t('ECR returned no authorization token for {0}.', registry.host));
  }
  const outcome = await runLoginInTerminal(services, registry, token, { signal, reveal: options.reveal });
  if (!outcome.ok) {
    throw (
      outcome.error ?? new Error(vscode.l10n.t('The container CLI login to {0} failed (exit code {1}).', registry.host, outcome.exitCode))
    );
  }
}

/** The error's message plus the suggested next step that data-layer problems carry (e.g. `aws sso login`). */
export function describeError(err: unknown): string {
  const message = errorText(err);
  const raw = (err as { problem?: { action?: unknown } } | undefined)?.problem?.action;
  const action = typeof raw === 'string' ? localizeMessage(raw) : '';
  return action && !message.includes(action) ? `${message} ${action}` : message;
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
    const showLog = vscode.l10n.t('Show Log');
    const choice = await services.ui.error(vscode.l10n.t('Could not renew the ECR login for {0}: {1}', target.host, message), showLog);
    if (choice === showLog) services.log.show();
  }
}
