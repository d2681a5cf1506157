// ECR: Copy Tag — the tag alone (an untagged image: its digest).
import * as vscode from 'vscode';
import { copyGuarded } from '../services/copyText';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export function copyTag(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('tag'), async () => {
    const tag = await tagArg(services, node);
    if (!tag) return undefined;
    return tag.tag ?? (await services.tree.digestOf(tag));
  });
}
