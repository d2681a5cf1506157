// Where a generic registry's password lives in SecretStorage [pure]: one key per normalised registry URL, and the
// index of the URLs that have one (SecretStorage cannot list its keys), so a registry removed from the settings
// by hand has its password pruned at the next activation.
/** The SecretStorage key of a generic registry's password (`url` as normaliseRegistryUrl returns it). */
export function genericSecretKey(url: string): string {
  return `ecrExplorer.generic.${url}`;
}

/** The globalState key of the list of registry URLs with a stored password. */
export const GENERIC_SECRET_INDEX_KEY = 'ecrExplorer.genericSecretUrls';

/** The stored index, defensively parsed (strings only, no duplicates). */
export function parseSecretIndex(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.filter((v): v is string => typeof v === 'string' && v !== ''))] : [];
}

/** The indexed URLs whose registry is no longer configured (their passwords are orphans). */
export function orphanedSecretUrls(index: unknown, configuredUrls: readonly string[]): string[] {
  const configured = new Set(configuredUrls);
  return parseSecretIndex(index).filter((url) => !configured.has(url));
}
