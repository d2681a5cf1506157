// ECR: Copy Digest URI — `host/repo@sha256:…` (a platform row gives that platform's manifest digest).
import * as vscode from 'vscode';
import { copyGuarded } from '../services/copyText';
import { digestUri, platformUri } from '../registry/imageRefs';
import { tagOrPlatformArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export function copyDigestUri(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('digest URI'), async () => {
    const target = await tagOrPlatformArg(services, node);
    if (!target) return undefined;
    if (target.kind === 'platform') return platformUri(target);
    return digestUri(target.parent, await services.tree.digestOf(target));
  });
}
