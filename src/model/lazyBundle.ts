// A module required on first use, never at activation: the AWS and registry bundles sit beside the main bundle
// (esbuild defines their paths) and are the TypeScript sources when not bundled. Each caller keeps its own
// require so the path resolves from its own file.
export interface LazyBundle<T> {
  /** Requires the module on the first call; the same module afterwards. */
  load(): T;
  /** True once the module has been required. */
  readonly loaded: boolean;
}

export function lazyBundle<T>(require: () => T): LazyBundle<T> {
  let module: T | undefined;
  return {
    load: () => (module ??= require()),
    get loaded() {
      return module !== undefined;
    },
  };
}
