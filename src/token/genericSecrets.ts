// Where a generic registry's password lives in SecretStorage [pure]: one key per normalised registry URL.
/** The SecretStorage key of a generic registry's password (`url` as normaliseRegistryUrl returns it). */
export function genericSecretKey(url: string): string {
  return `ecrExplorer.generic.${url}`;
}
