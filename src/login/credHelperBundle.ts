// Entry of the credential-helper bundle (dist/credhelper.js) [vscode]: the commands, the editing and the diagnosis
// of docker-credential-ecr-login setups, required on first use so they stay out of the activation bundle. The
// bundle renders its own messages, so its message table is added here, by the copy of src/l10n/render.ts that
// this bundle carries.
import { credHelperMessages } from '../l10n/credHelperMessages';
import { addMessageTable } from '../l10n/render';

addMessageTable(credHelperMessages);

export { explainHelperServed, helperFindings, stopCredentialHelper, useCredentialHelper } from './credHelperFlow';
