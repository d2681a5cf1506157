// ECR: Remove Registry — a generic registry: its setting entry and its stored password.
import * as vscode from 'vscode';
import type { GenericRegistry } from '../model/types';
import { genericRegistriesFrom } from '../services/settings';
import { genericRegistry, normaliseRegistryUrl } from '../services/genericRegistries';
import type { ExplorerServices } from '../services/services';

export async function removeRegistry(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  let target: GenericRegistry | undefined;
  const n = node === undefined ? undefined : services.tree.node(node);
  if (n?.kind === 'registry' && n.type === 'generic') {
    target = n;
  } else {
    const entries = services.settings().genericRegistries.flatMap((e) => {
      try {
        return [genericRegistry(e)];
      } catch {
        return [];
      }
    });
    if (entries.length === 0) {
      void services.ui.info(vscode.l10n.t('There are no added registries to remove.'));
      return undefined;
    }
    target = await services.ui.pickOne(
      entries.map((r) => ({ label: r.url, description: r.username, value: r })),
      { title: vscode.l10n.t('Remove which registry?') },
    );
  }
  if (!target) return undefined;
  const url = target.url;
  const config = vscode.workspace.getConfiguration('ecrExplorer');
  const remaining = genericRegistriesFrom(config.inspect('genericRegistries')?.globalValue).filter((e) => {
    try {
      return normaliseRegistryUrl(e.url) !== url;
    } catch {
      return true;
    }
  });
  await config.update('genericRegistries', remaining.length ? remaining : undefined, vscode.ConfigurationTarget.Global);
  await services.genericSecrets.delete(url);
  services.tree.refresh();
  services.ui.flash(vscode.l10n.t('Removed {0}', url), undefined, 'check');
  return url;
}
