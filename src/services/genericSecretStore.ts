// Generic registries' passwords in SecretStorage, with an index in globalState of the URLs that have one, so the
// password of a registry removed from the settings by hand is deleted at the next activation (prune).
import type * as vscode from 'vscode';
import { GENERIC_SECRET_INDEX_KEY, genericSecretKey, orphanedSecretUrls, parseSecretIndex } from '../token/genericSecrets';

export class GenericSecretStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  get(url: string): Thenable<string | undefined> {
    return this.secrets.get(genericSecretKey(url));
  }

  async store(url: string, password: string): Promise<void> {
    await this.state.update(GENERIC_SECRET_INDEX_KEY, [...parseSecretIndex(this.state.get(GENERIC_SECRET_INDEX_KEY)), url]);
    await this.secrets.store(genericSecretKey(url), password);
  }

  async delete(url: string): Promise<void> {
    await this.secrets.delete(genericSecretKey(url));
    const index = parseSecretIndex(this.state.get(GENERIC_SECRET_INDEX_KEY)).filter((u) => u !== url);
    await this.state.update(GENERIC_SECRET_INDEX_KEY, index.length ? index : undefined);
  }

  /** Deletes the passwords of registries that are no longer configured; returns their URLs. */
  async prune(configuredUrls: readonly string[]): Promise<string[]> {
    const orphans = orphanedSecretUrls(this.state.get(GENERIC_SECRET_INDEX_KEY), configuredUrls);
    for (const url of orphans) await this.delete(url);
    return orphans;
  }
}
