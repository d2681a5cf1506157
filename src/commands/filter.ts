// ECR: Filter — narrows the view to repositories and tags containing the text.
import * as vscode from 'vscode';
import type { ExplorerServices } from '../services/services';

export async function filter(services: ExplorerServices): Promise<void> {
  const text = await services.ui.input({
    title: vscode.l10n.t('Filter repositories and tags'),
    prompt: vscode.l10n.t('Shows repositories whose name contains the text, and tags that contain it. Empty clears the filter.'),
    value: services.tree.filter,
    placeHolder: vscode.l10n.t('e.g. team/ or 1.2'),
  });
  if (text !== undefined) services.tree.setFilter(text);
}
