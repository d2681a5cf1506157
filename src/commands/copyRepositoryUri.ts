// ECR: Copy Repository URI — `host/repo`.
import * as vscode from 'vscode';
import { copyGuarded } from '../services/copyText';
import { repositoryUri } from '../registry/imageRefs';
import { repositoryArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export function copyRepositoryUri(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('repository URI'), async () => {
    const repo = await repositoryArg(services, node);
    return repo ? repositoryUri(repo) : undefined;
  });
}
