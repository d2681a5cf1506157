// ECR: Copy Pinned URI — `host/repo:tag@sha256:…` (readable and immutable).
import * as vscode from 'vscode';
import { copyGuarded } from '../services/copyText';
import { digestUri, pinnedUri } from '../registry/imageRefs';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export function copyPinnedUri(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('pinned URI'), async () => {
    const tag = await tagArg(services, node);
    if (!tag) return undefined;
    const digest = await services.tree.digestOf(tag);
    return tag.tag !== undefined ? pinnedUri(tag, digest) : digestUri(tag.parent, digest);
  });
}
