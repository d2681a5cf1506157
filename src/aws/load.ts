// Loads the AWS bundle (dist/aws.js: the SDK and everything that needs it) on first use, never at activation.
import { lazyBundle } from '../model/lazyBundle';
import type * as AwsModule from './index';

export type Aws = typeof AwsModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_AWS_BUNDLE__: string | undefined;

const target = typeof __ECR_AWS_BUNDLE__ === 'string' ? __ECR_AWS_BUNDLE__ : './index';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as Aws);

export function loadAws(): Aws {
  return bundle.load();
}

/** True once the AWS bundle has been required (the activation budget says: not at activation). */
export function isAwsLoaded(): boolean {
  return bundle.loaded;
}
