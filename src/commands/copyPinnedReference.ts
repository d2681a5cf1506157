// Copy Pinned URI, from an image reference's hover: `host/repository:tag@sha256:…` with the digest ECR reported.
import * as vscode from 'vscode';
import { parseReferenceCommandArgs } from '../references/commandArgs';
import { formatUri } from '../references/imageReference';
import { copyGuarded } from '../services/copyText';
import type { ExplorerServices } from '../services/services';

export function copyPinnedReference(services: ExplorerServices, args?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('pinned URI'), () => {
    const ref = parseReferenceCommandArgs(args);
    return Promise.resolve(ref?.digest ? formatUri(ref.host, ref.repository, ref.tag, ref.digest) : undefined);
  });
}
