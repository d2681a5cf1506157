// ECR: Copy Image URI — `host/repo:tag`.
import * as vscode from 'vscode';
import { copyGuarded } from '../services/copyText';
import { imageUri } from '../registry/imageRefs';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export function copyImageUri(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('image URI'), async () => {
    const tag = await tagArg(services, node);
    return tag ? imageUri(tag) : undefined;
  });
}
