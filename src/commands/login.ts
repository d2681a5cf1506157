// ECR: Log In to Registry… — a registry row (or an auth problem row) logs that registry in; from the palette, a
// multi-select quick pick of the known registries with each one's login state. The CLI runs in a login terminal.
import * as vscode from 'vscode';
import { knownRegistries, loginRegistries, loginStateText, registriesFromArgs } from '../login/loginFlow';
import type { LoginOutcome } from '../login/loginTerminal';
import type { Registry } from '../model/types';
import { registryDescription, registryLabel } from '../tree/treeItems';
import type { Services } from '../services/services';
import type { PickItem } from '../services/ui';

/** Resolves with each registry's outcome (for callers and tests); undefined when nothing was chosen. */
export async function login(services: Services, node?: unknown, nodes?: unknown): Promise<LoginOutcome[] | undefined> {
  let registries = registriesFromArgs(services, node, nodes);
  if (registries.length === 0) {
    const known = await knownRegistries(services);
    if (!known) return undefined;
    if (known.length === 1) registries = known;
    else {
      const now = Date.now();
      const items: PickItem<Registry>[] = known.map((r) => ({
        label: registryLabel(r),
        description: registryDescription(r),
        detail: `${r.host} — ${loginStateText(services, r, now)}`,
        value: r,
      }));
      const picked = await services.ui.pickMany(items, {
        title: vscode.l10n.t('Log In to Registry'),
        placeHolder: vscode.l10n.t('Choose the registries to log the container CLI in to'),
      });
      if (!picked || picked.length === 0) return undefined;
      registries = picked;
    }
  }
  return loginRegistries(services, registries);
}
