// Loads the AWS bundle (dist/aws.js: the SDK and everything that needs it) on first use, never at activation.
import type * as AwsModule from './index';

export type Aws = typeof AwsModule;

let loaded: Aws | undefined;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_AWS_BUNDLE__: string | undefined;

export function loadAws(): Aws {
  if (!loaded) {
    const target = typeof __ECR_AWS_BUNDLE__ === 'string' ? __ECR_AWS_BUNDLE__ : './index';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(target) as Aws;
  }
  return loaded;
}

/** True once the AWS bundle has been required (the activation budget says: not at activation). */
export function isAwsLoaded(): boolean {
  return loaded !== undefined;
}
