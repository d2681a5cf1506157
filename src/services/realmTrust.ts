// The user's answer to "send this registry's credentials to its token service on another host?", asked once per
// (registry, token host) and remembered in globalState (see confirmRealm in src/registry/client.ts).
import * as vscode from 'vscode';
import type { Services } from './services';

export const REALM_ANSWERS_KEY = 'ecrExplorer.realmAnswers';

function answers(state: vscode.Memento): Record<string, boolean> {
  const value = state.get<unknown>(REALM_ANSWERS_KEY);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, boolean>) : {};
}

/** The confirmRealm callback for a client of the registry at `registryUrl`. */
export function realmConfirmer(
  services: Pick<Services, 'ui' | 'context' | 'log'>,
  registryUrl: string,
): (realmOrigin: string) => Promise<boolean> {
  return async (realmOrigin) => {
    const state = services.context.globalState;
    const id = `${registryUrl} ${realmOrigin}`;
    const known = answers(state)[id];
    if (typeof known === 'boolean') return known;
    const send = vscode.l10n.t('Send Credentials');
    const dont = vscode.l10n.t('Do Not Send');
    const choice = await services.ui.warn(
      vscode.l10n.t('{0} wants your credentials sent to another host, {1}.', registryUrl, realmOrigin),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Registries that use a separate token service need this. Send them only if you trust {0} with the password of {1}. The answer is remembered.',
          realmOrigin,
          registryUrl,
        ),
      },
      send,
      dont,
    );
    if (choice === undefined) return false; // dismissed: ask again next time
    const yes = choice === send;
    await state.update(REALM_ANSWERS_KEY, { ...answers(state), [id]: yes });
    services.log.info(`Credentials for ${registryUrl} ${yes ? 'may' : 'may not'} go to ${realmOrigin} (user's answer)`);
    return yes;
  };
}
