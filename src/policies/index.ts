// Entry of the lazily loaded policies bundle (dist/policies.js): the policy file system, the lifecycle preview and
// the validation, required on first use through src/policies/load.ts (policyHost.ts is the part in the main bundle).
// The renderer tables live in each bundle's own copy of l10n/render.ts: add them to this one too.
import '../l10n/messages';

export { PolicyFeature, type PolicyEvents } from './policyFeature';
export { kindName } from './policyFileSystem';
export { validatePolicyText } from './validate';
