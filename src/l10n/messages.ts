// Every domain's message renderers, added to the one renderer (src/l10n/render.ts). Imported once by extension.ts.
import { addMessageTable } from './render';
import { scanMessages } from './scanMessages';

addMessageTable(scanMessages);
