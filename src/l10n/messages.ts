// Adds every domain's renderer table to src/l10n/render.ts. Imported once by src/extension.ts (and by the tests
// that render messages, for its side effect); the tables import only types from the pure modules, so no lazily
// loaded bundle is pulled in.
import { policyMessages } from './policyMessages';
import { pushMessages } from './pushMessages';
import { referencesMessages } from './referencesMessages';
import { addMessageTable } from './render';
import { scanMessages } from './scanMessages';

for (const table of [policyMessages, scanMessages, pushMessages, referencesMessages]) addMessageTable(table);

export { renderMessage } from './render';
