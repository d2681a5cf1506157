// ECR: Stop Using Credential Helper — takes back exactly the `credHelpers` entries Use Credential Helper added
// (for a registry row, or picked from the palette): an entry set up by hand, or changed since, is left alone.
import * as vscode from 'vscode';
import { credHelperErrorText } from '../l10n/credHelperMessages';
import { helperKey } from '../login/credHelperConfig';
import { stopUsingHelper, type StopResult } from '../login/credHelperSetup';
import type { Registry } from '../model/types';
import { registriesFromArgs } from './login';
import type { Services } from './services';
import type { PickItem } from './ui';

interface Added {
  file: string;
  host: string;
}

function safeKey(host: string): string | undefined {
  try {
    return helperKey(host);
  } catch {
    return undefined;
  }
}

/** Resolves with each file's outcome (for tests); undefined when nothing was chosen. */
export async function stopCredentialHelper(services: Services, node?: unknown, nodes?: unknown): Promise<StopResult[] | undefined> {
  await services.credHelpers.refresh();
  const markers = services.credHelpers.markers();
  const added: Added[] = Object.values(markers).flatMap((m) => m.entries.map((e) => ({ file: m.path, host: e.host })));
  const given: Registry[] = registriesFromArgs(node, nodes);
  let chosen: Added[];
  if (given.length > 0) {
    const hosts = new Set(given.map((r) => safeKey(r.host)).filter((h): h is string => !!h));
    chosen = added.filter((a) => hosts.has(a.host));
    const notOurs = [...hosts].filter((h) => !chosen.some((a) => a.host === h) && services.credHelpers.servedBy(h));
    if (notOurs.length > 0) {
      void services.ui.info(
        vscode.l10n.t(
          '{0} was not set up by ECR Explorer ("credHelpers" in {1}), so it is left as it is. Remove that entry from the file to stop using the helper.',
          notOurs.join(', '),
          services.credHelpers.state.file,
        ),
      );
    }
    if (chosen.length === 0) {
      if (notOurs.length === 0) void services.ui.info(vscode.l10n.t('This registry does not use the Amazon ECR credential helper.'));
      return undefined;
    }
  } else if (added.length === 0) {
    void services.ui.info(vscode.l10n.t('ECR Explorer has not set up the credential helper for any registry.'));
    return undefined;
  } else if (added.length === 1) {
    chosen = added;
  } else {
    const items: PickItem<Added>[] = added.map((a) => ({ label: a.host, description: a.file, picked: true, value: a }));
    const picked = await services.ui.pickMany(items, {
      title: vscode.l10n.t('Stop Using Credential Helper'),
      placeHolder: vscode.l10n.t('Choose the registries that should go back to logging in'),
    });
    if (!picked || picked.length === 0) return undefined;
    chosen = picked;
  }

  const results: StopResult[] = [];
  const failures: string[] = [];
  for (const file of [...new Set(chosen.map((c) => c.file))]) {
    const marker = markers[file];
    const hosts = chosen.filter((c) => c.file === file).map((c) => c.host);
    try {
      const result = await stopUsingHelper(marker, hosts);
      await services.credHelpers.setMarker(file, result.marker);
      results.push(result);
      services.log.info(`Credential helper entries removed from ${file}: ${result.removed.map((r) => r.host).join(', ') || 'none'}`);
      for (const c of result.changedSince) {
        services.log.warn(`  ${c.host} no longer said "ecr-login" (${c.now ?? 'removed'}): left as it is`);
      }
      if (result.deletedFile) services.log.info(`  ${file} held nothing else and did not exist before: deleted`);
    } catch (err) {
      const text = credHelperErrorText(err);
      services.log.error(`Removing the credential helper entries from ${file} failed: ${text}`);
      failures.push(text);
    }
  }
  await services.credHelpers.refresh();

  const removed = results.flatMap((r) => r.removed.map((e) => e.host));
  const showLog = vscode.l10n.t('Show Log');
  if (failures.length > 0) {
    const choice = await services.ui.error(vscode.l10n.t('Could not stop using the credential helper: {0}', failures[0]), showLog);
    if (choice === showLog) services.log.show();
  } else if (removed.length > 0) {
    const logIn = vscode.l10n.t('Log In');
    const choice = await services.ui.info(
      removed.length === 1
        ? vscode.l10n.t('{0} no longer uses the credential helper. Log in to use it from the container CLI again.', removed[0])
        : vscode.l10n.t(
            '{0} registries no longer use the credential helper. Log in to use them from the container CLI again.',
            removed.length,
          ),
      logIn,
    );
    if (choice === logIn) await vscode.commands.executeCommand('ecrExplorer.login', ...(given.length > 0 ? [given[0], given] : []));
  } else {
    void services.ui.info(
      vscode.l10n.t('Nothing was removed: the entries were changed since ECR Explorer added them, so they are left as they are.'),
    );
  }
  return results;
}
