// Entry of the lazily loaded AWS bundle (dist/aws.js): the data layer's public API (docs/ARCHITECTURE.md).
export { EcrService, PAGE_SIZE, decodeAuthorizationData } from './ecrService';
export type { ExplorerConfig, CallOptions } from './ecrService';
export { listProfiles, effectiveProfiles, effectiveRegions, effectiveEndpoint, sharedFilePaths } from './profiles';
export type { ProfileInfo, Env } from './profiles';
export { sortImages, imagesToTags, registryHost, validateRepositoryName, compareTags } from './mapping';
export { classifyAwsError, ProblemError, sanitizeText, iamActionFor } from './problems';
export type { ProblemContext, ProfileKind } from './problems';
