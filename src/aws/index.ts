// Entry of the lazily loaded AWS bundle (dist/aws.js): the data layer's public API (docs/ARCHITECTURE.md).
export { EcrService } from './ecrService';
export { PAGE_SIZE } from './calls';
export { decodeAuthorizationData } from './tokens';
export type { ExplorerConfig, CallOptions } from './calls';
export { listProfiles, effectiveProfiles, effectiveRegions, effectiveEndpoint, sharedFilePaths } from './profiles';
export type { ProfileInfo, Env } from './profiles';
export { sortImages, imagesToTags, registryHost, validateRepositoryName, compareTags } from './mapping';
export { classifyAwsError, ProblemError, sanitizeText, iamActionFor } from './problems';
export type { ProblemContext, ProfileKind } from './problems';
export { EcrPolicies } from './policies';
export type { LifecyclePreview, PreviewImage, PreviewOptions, RepositorySettings, TagMutability } from './policies';
export { ImageScans, ScanProblemError, isScanProblem, SCAN_INTERVAL_MS } from './imageScans';
export type { ScanIssue, ScanState, WaitOptions } from './imageScans';
export { prepareRetag, applyRetag, describeTag, validateImageTag, isImmutable, RetagError, MAX_TAG_LENGTH } from './retag';
export type { RetagPlan, RetagResult, RetagMessageId, TaggedImage } from './retag';
export { EcrImageLookup } from './imageLookup';
