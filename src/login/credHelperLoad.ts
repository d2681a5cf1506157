// Loads the credential-helper bundle (dist/credhelper.js) on first use, never at activation.
import { lazyBundle } from '../model/lazyBundle';
import type * as CredHelperModule from './credHelperBundle';

export type CredHelperBundle = typeof CredHelperModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_CREDHELPER_BUNDLE__: string | undefined;

const target = typeof __ECR_CREDHELPER_BUNDLE__ === 'string' ? __ECR_CREDHELPER_BUNDLE__ : './credHelperBundle';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as CredHelperBundle);

export function loadCredHelper(): CredHelperBundle {
  return bundle.load();
}
