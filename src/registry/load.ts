// Loads the Registry HTTP API v2 client (dist/registry.js) on first use: only multi-arch images and generic
// registries need it, so it stays out of the activation bundle (docs/PERFORMANCE.md).
import type * as RegistryModule from './index';

export type RegistryApi = typeof RegistryModule;

let loaded: RegistryApi | undefined;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_REGISTRY_BUNDLE__: string | undefined;

export function loadRegistry(): RegistryApi {
  if (!loaded) {
    const target = typeof __ECR_REGISTRY_BUNDLE__ === 'string' ? __ECR_REGISTRY_BUNDLE__ : './index';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(target) as RegistryApi;
  }
  return loaded;
}

/** True once the registry client bundle has been required. */
export function isRegistryLoaded(): boolean {
  return loaded !== undefined;
}
