// Loads the Registry HTTP API v2 client (dist/registry.js) on first use: only multi-arch images and generic
// registries need it, so it stays out of the activation bundle (docs/PERFORMANCE.md).
import { lazyBundle } from '../model/lazyBundle';
import type * as RegistryModule from './index';

export type RegistryApi = typeof RegistryModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_REGISTRY_BUNDLE__: string | undefined;

const target = typeof __ECR_REGISTRY_BUNDLE__ === 'string' ? __ECR_REGISTRY_BUNDLE__ : './index';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as RegistryApi);

export function loadRegistry(): RegistryApi {
  return bundle.load();
}
