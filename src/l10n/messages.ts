// Registers every domain's renderer table with the one renderer (src/l10n/render.ts) [vscode]. Import this module
// (for its side effect) wherever structured messages are rendered.
import { pushMessages } from './pushMessages';
import { addMessageTable } from './render';

addMessageTable(pushMessages);

export { renderMessage } from './render';
