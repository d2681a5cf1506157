// Adds every domain's message table to the one renderer (src/l10n/render.ts). Import this module (for its effect)
// before rendering messages; add a line here for each new src/l10n/<domain>Messages.ts.
import { credHelperMessages } from './credHelperMessages';
import { addMessageTable } from './render';

addMessageTable(credHelperMessages);
