// ECR: Add Tag… — another tag on the same image without pulling it (BatchGetImage, then PutImage with the same
// manifest and media type); a tag on another image is moved only after asking; a multi-arch index is tagged whole.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/messages';
import { retag } from '../login/pushUi';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export async function addTag(services: ExplorerServices, node?: unknown): Promise<boolean> {
  const row = await tagArg(services, node);
  if (!row) return false;
  if (row.parent.parent.type !== 'ecr') {
    await services.ui.info(renderMessage({ id: 'push.notEcr', args: [] }));
    return false;
  }
  const aws = services.aws();
  const newTag = await services.ui.input({
    title: vscode.l10n.t('Add Tag to {0}', row.tag ? `${row.parent.uri}:${row.tag}` : row.image.digest),
    prompt: vscode.l10n.t('The new tag names the same image (nothing is pulled or pushed)'),
    placeHolder: 'prod',
    validateInput: (value) => {
      const m = aws.validateImageTag(value.trim());
      return m ? renderMessage(m) : undefined;
    },
    ignoreFocusOut: true,
  });
  if (newTag === undefined || aws.validateImageTag(newTag.trim())) return false;
  return retag(services, row, newTag.trim());
}
