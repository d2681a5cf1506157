// ECR: Log Out of Registry… — `<cli> logout <host>` for a registry row, or for logins picked from the recorded
// ones; the login record goes too, so the status bar stops counting down.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import { runLogout } from '../login/loginTerminal';
import { formatExpiryTime } from '../token/expiry';
import { registriesFromArgs } from '../login/loginFlow';
import { errorWithLog } from '../services/errors';
import type { Services } from '../services/services';
import type { PickItem } from '../services/ui';
import type { EcrRegistry } from '../model/types';
import { registryFromRecord } from '../token/loginRecords';

interface LogoutTarget {
  host: string;
  /** Login record key (= Registry.id) when one is recorded. */
  key?: string;
  /** The ECR registry, whose cached token is dropped too (the next login fetches a new one). */
  registry?: EcrRegistry;
}

export async function logout(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  services.logins.reload();
  let targets: LogoutTarget[] = registriesFromArgs(services, node, nodes).map((r) => ({
    key: r.id,
    host: services.logins.get(r.id)?.host ?? r.host,
    ...(r.type === 'ecr' ? { registry: r } : {}),
  }));
  if (targets.length === 0) {
    const lang = vscode.env.language;
    const items: PickItem<LogoutTarget>[] = services.logins.all().map((rec) => ({
      label: rec.host,
      description: [rec.profile ?? vscode.l10n.t('default'), rec.region].filter(Boolean).join(' · '),
      detail:
        rec.expiresAt <= Date.now()
          ? vscode.l10n.t('Expired at {0}', formatExpiryTime(rec.expiresAt, lang))
          : vscode.l10n.t('Expires at {0}', formatExpiryTime(rec.expiresAt, lang)),
      value: { key: rec.key, host: rec.host, registry: registryFromRecord(rec, services.settings().endpoint) },
    }));
    for (const g of services.settings().genericRegistries) {
      try {
        const host = new URL(/^[a-z]+:\/\//i.test(g.url) ? g.url : `https://${g.url}`).host;
        if (!items.some((i) => i.value.host === host)) items.push({ label: host, description: g.username ?? '', value: { host } });
      } catch {
        // an invalid URL in the settings is reported by the tree
      }
    }
    if (items.length === 0) {
      void services.ui.info(vscode.l10n.t('There are no recorded logins to log out of.'));
      return;
    }
    const picked = await services.ui.pickMany(items, {
      title: vscode.l10n.t('Log Out of Registry'),
      placeHolder: vscode.l10n.t('Choose the registries to log the container CLI out of'),
    });
    if (!picked || picked.length === 0) return;
    targets = picked;
  }
  const cli = services.settings().containerCli;
  const failures: string[] = [];
  for (const target of targets) {
    try {
      await runLogout(services, target.host);
      if (target.key) await services.logins.remove(target.key);
      // A cached token would let the next login skip GetAuthorizationToken; after a logout it must not.
      if (target.registry) services.ecr().forgetToken(target.registry);
      services.log.info(`Logged ${cli} out of ${target.host}`);
    } catch (err) {
      const message = describeError(err);
      services.log.error(`Logging ${cli} out of ${target.host} failed: ${message}`);
      failures.push(vscode.l10n.t('{0}: {1}', target.host, message));
    }
  }
  services.tree.refresh();
  if (failures.length === 0) {
    services.ui.flash(
      targets.length === 1
        ? vscode.l10n.t('Logged out of {0}', targets[0].host)
        : vscode.l10n.t('Logged out of {0} registries', targets.length),
    );
    return;
  }
  await errorWithLog(services, vscode.l10n.t('Could not log out: {0}', failures.join('; ')));
}
