// Loads the policies bundle (dist/policies.js) on first use, never at activation.
import { lazyBundle } from '../model/lazyBundle';
import type * as PoliciesModule from './index';

export type Policies = typeof PoliciesModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_POLICIES_BUNDLE__: string | undefined;

const target = typeof __ECR_POLICIES_BUNDLE__ === 'string' ? __ECR_POLICIES_BUNDLE__ : './index';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as Policies);

export function loadPolicies(): Policies {
  return bundle.load();
}
