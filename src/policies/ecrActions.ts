// The IAM actions of Amazon ECR (service prefix `ecr:`): every API operation of @aws-sdk/client-ecr plus the
// permission-only actions. test/unit/policies/ecrActions.test.ts keeps this list and the JSON schema in
// media/schemas/repository-policy.schema.json in step with the SDK's commands.

/** Actions that are permissions without an API operation of their own. */
export const PERMISSION_ONLY_ACTIONS: readonly string[] = ['BatchImportUpstreamImage', 'ReplicateImage'];

export const ECR_ACTIONS: readonly string[] = [
  'BatchCheckLayerAvailability',
  'BatchDeleteImage',
  'BatchGetImage',
  'BatchGetRepositoryScanningConfiguration',
  'BatchImportUpstreamImage',
  'CompleteLayerUpload',
  'CreatePullThroughCacheRule',
  'CreateRepository',
  'CreateRepositoryCreationTemplate',
  'DeleteLifecyclePolicy',
  'DeletePullThroughCacheRule',
  'DeleteRegistryPolicy',
  'DeleteRepository',
  'DeleteRepositoryCreationTemplate',
  'DeleteRepositoryPolicy',
  'DeleteSigningConfiguration',
  'DeregisterPullTimeUpdateExclusion',
  'DescribeImageReplicationStatus',
  'DescribeImageScanFindings',
  'DescribeImageSigningStatus',
  'DescribeImages',
  'DescribePullThroughCacheRules',
  'DescribeRegistry',
  'DescribeReplicationBackfillResults',
  'DescribeRepositories',
  'DescribeRepositoryCreationTemplates',
  'GetAccountSetting',
  'GetAuthorizationToken',
  'GetDownloadUrlForLayer',
  'GetLifecyclePolicy',
  'GetLifecyclePolicyPreview',
  'GetRegistryPolicy',
  'GetRegistryScanningConfiguration',
  'GetRepositoryPolicy',
  'GetSigningConfiguration',
  'InitiateLayerUpload',
  'ListImageReferrers',
  'ListImages',
  'ListPullTimeUpdateExclusions',
  'ListReplicationBackfills',
  'ListTagsForResource',
  'PutAccountSetting',
  'PutImage',
  'PutImageScanningConfiguration',
  'PutImageTagMutability',
  'PutLifecyclePolicy',
  'PutRegistryPolicy',
  'PutRegistryScanningConfiguration',
  'PutReplicationConfiguration',
  'PutSigningConfiguration',
  'RegisterPullTimeUpdateExclusion',
  'ReplicateImage',
  'SetRepositoryPolicy',
  'StartImageScan',
  'StartLifecyclePolicyPreview',
  'StartReplicationBackfill',
  'StopReplicationBackfill',
  'TagResource',
  'UntagResource',
  'UpdateImageStorageClass',
  'UpdatePullThroughCacheRule',
  'UpdateRepositoryCreationTemplate',
  'UploadLayerPart',
  'ValidatePullThroughCacheRule',
];

const KNOWN = new Set(ECR_ACTIONS.map((a) => `ecr:${a}`.toLowerCase()));

/** True for `*`, `ecr:*`, wildcard patterns of ecr actions (`ecr:Describe*`) and known actions (IAM ignores case). */
export function isEcrAction(action: string): boolean {
  if (action === '*') return true;
  if (!/^ecr:[A-Za-z*?]+$/i.test(action)) return false;
  if (/[*?]/.test(action)) return true;
  return KNOWN.has(action.toLowerCase());
}
