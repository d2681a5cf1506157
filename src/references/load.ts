// Loads the references bundle (dist/references.js: the scanner and the `yaml` package) on first use.
import { lazyBundle } from '../model/lazyBundle';
import type * as ReferencesModule from './index';

export type References = typeof ReferencesModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_REFERENCES_BUNDLE__: string | undefined;

const target = typeof __ECR_REFERENCES_BUNDLE__ === 'string' ? __ECR_REFERENCES_BUNDLE__ : './index';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as References);

export function loadReferences(): References {
  return bundle.load();
}

/** True once the references bundle has been required. */
export function isReferencesLoaded(): boolean {
  return bundle.loaded;
}
