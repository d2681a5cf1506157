// Public API of the Registry HTTP API v2 client (pure: no vscode).
export {
  RegistryClient,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_PLATFORMS,
  DEFAULT_TIMEOUT_MS,
  type PageOptions,
  type RegistryClientOptions,
  type RequestOptions,
} from './client';
export type { RegistryAuth } from './bearer';
export {
  RegistryError,
  RegistryMessages,
  RegistryWhat,
  isRegistryError,
  type RegistryErrorCode,
  type RegistryMessage,
  type RegistryMessageId,
} from './errors';
export { parseLinkNext, parseRetryAfter, parseWwwAuthenticate, type AuthChallenge } from './headers';
export { MANIFEST_ACCEPT, MediaType, isIndexMediaType, type ManifestInfo, type PlatformInfo } from './manifest';
export {
  formatImageUri,
  isValidDigest,
  isValidHost,
  isValidRepositoryName,
  isValidTag,
  parseImageReference,
  type ImageReference,
} from './reference';
export { DEFAULT_SANITIZE_LENGTH, sanitizeText } from '../model/sanitize';
