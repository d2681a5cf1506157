// ECR: Add Registry… — another OCI (Registry HTTP API v2) registry: URL and username go to the user setting
// ecrExplorer.genericRegistries, the password only to SecretStorage. The registry is checked before it is saved.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import { isLoopbackHost } from '../login/commandLines';
import { loadRegistry } from '../registry/load';
import { realmConfirmer } from '../services/realmTrust';
import { genericRegistriesFrom } from '../services/settings';
import { normaliseRegistryUrl } from '../services/genericRegistries';
import type { ExplorerServices } from '../services/services';

export function validateRegistryUrl(value: string): string | undefined {
  if (value.trim() === '') return vscode.l10n.t('Enter the registry URL, e.g. https://registry.example.com');
  try {
    normaliseRegistryUrl(value);
    return undefined;
  } catch {
    return vscode.l10n.t('Not a valid http(s) URL.');
  }
}

export async function addRegistry(services: ExplorerServices): Promise<string | undefined> {
  // Everything comes from the user through the input boxes: no argument can fill them in (or skip a question).
  const rawUrl = await services.ui.input({
    title: vscode.l10n.t('Add Registry (1/3): URL'),
    prompt: vscode.l10n.t('Base URL of a registry that speaks the Registry HTTP API v2'),
    placeHolder: 'https://registry.example.com',
    validateInput: validateRegistryUrl,
    ignoreFocusOut: true,
  });
  if (rawUrl === undefined) return undefined;
  const invalid = validateRegistryUrl(rawUrl);
  if (invalid) {
    void services.ui.error(invalid);
    return undefined;
  }
  const url = normaliseRegistryUrl(rawUrl);
  // Plain HTTP beyond this machine sends the password readable on the network: only on the user's explicit yes.
  if (url.startsWith('http://') && !isLoopbackHost(new URL(url).host)) {
    const useHttp = vscode.l10n.t('Use Plain HTTP');
    const answer = await services.ui.warn(
      vscode.l10n.t('{0} is not encrypted (http://).', url),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The password and every image reference would cross the network readable by anyone on the way. Use https:// unless this network is yours.',
        ),
      },
      useHttp,
    );
    if (answer !== useHttp) return undefined;
  }
  const username = await services.ui.input({
    title: vscode.l10n.t('Add Registry (2/3): user name'),
    prompt: vscode.l10n.t('Leave empty for anonymous access'),
    ignoreFocusOut: true,
  });
  if (username === undefined) return undefined;
  let password: string | undefined;
  if (username !== '') {
    password = await services.ui.input({
      title: vscode.l10n.t('Add Registry (3/3): password or token'),
      prompt: vscode.l10n.t('Stored in the VS Code secret store, never in settings'),
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
  }
  try {
    const auth =
      username !== '' && password !== undefined
        ? { kind: 'basic' as const, token: Buffer.from(`${username}:${password}`, 'utf8').toString('base64') }
        : { kind: 'none' as const };
    await services.ui.withProgress(vscode.l10n.t('Checking {0}…', url), (signal) =>
      new (loadRegistry().RegistryClient)({
        baseUrl: url,
        auth,
        timeoutMs: services.settings().requestTimeoutMs,
        confirmRealm: realmConfirmer(services, url),
      }).ping({ signal }),
    );
  } catch (err) {
    services.log.warn(`Checking registry ${url} failed`, err);
    const save = vscode.l10n.t('Save Anyway');
    const choice = await services.ui.warn(
      vscode.l10n.t('{0} did not answer as a registry: {1}', url, describeError(err)),
      { modal: true },
      save,
    );
    if (choice !== save) return undefined;
  }
  if (password !== undefined) await services.genericSecrets.store(url, password);
  else await services.genericSecrets.delete(url);
  const config = vscode.workspace.getConfiguration('ecrExplorer');
  const current = genericRegistriesFrom(config.inspect('genericRegistries')?.globalValue).filter((e) => {
    try {
      return normaliseRegistryUrl(e.url) !== url;
    } catch {
      return true;
    }
  });
  await config.update('genericRegistries', [...current, username !== '' ? { url, username } : { url }], vscode.ConfigurationTarget.Global);
  services.tree.refresh();
  services.ui.flash(vscode.l10n.t('Added {0}', url), undefined, 'check');
  return url;
}
