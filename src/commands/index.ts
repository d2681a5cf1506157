// Entry of the lazily loaded commands bundle (dist/commands.js): every command's implementation, required on the
// first command a user runs, so activation only registers the ids (docs/ARCHITECTURE.md).
import '../l10n/messages';

export { commandHandlers } from './handlers';
export type { CommandFeatures, Handler } from './handlers';
// Used by src/extension.ts after the first command loaded this bundle, or when a renewal is due.
export { renewRecord } from '../login/renew';
export { killProcessGroups } from '../login/cliRunner';
