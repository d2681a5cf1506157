// Loads the commands bundle (dist/commands.js) on the first command, never at activation.
import { lazyBundle } from '../model/lazyBundle';
import type * as CommandsModule from './index';

export type Commands = typeof CommandsModule;

/** The module path: beside the main bundle when bundled (esbuild defines it), else the TypeScript source. */
declare const __ECR_COMMANDS_BUNDLE__: string | undefined;

const target = typeof __ECR_COMMANDS_BUNDLE__ === 'string' ? __ECR_COMMANDS_BUNDLE__ : './index';
// A variable, not a literal: esbuild leaves the require alone and the bundle stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as Commands);

export function loadCommands(): Commands {
  return bundle.load();
}
