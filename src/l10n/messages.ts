// Adds every domain's renderer table to src/l10n/render.ts. Imported once by src/extension.ts (and by the tests
// that render messages); the tables import only types from the pure modules, so no lazily loaded bundle is pulled in.
import { awsMessages } from './awsMessages';
import { loginMessages } from './loginMessages';
import { registryMessages } from './registryMessages';
import { addMessageTable } from './render';
import { statusMessages } from './statusMessages';
import { tokenMessages } from './tokenMessages';

for (const table of [awsMessages, registryMessages, loginMessages, tokenMessages, statusMessages]) addMessageTable(table);
