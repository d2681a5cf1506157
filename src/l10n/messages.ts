// Adds every domain's message table to the renderer (imported once, for its effect, by the code that renders).
import { referencesMessages } from './referencesMessages';
import { addMessageTable } from './render';

addMessageTable(referencesMessages);
