// ECR: Show Preview Images — the scrollable, filterable list of the images the last lifecycle preview marked.
import * as vscode from 'vscode';
import type { Repository } from '../model/types';
import type { PolicyHost } from '../policies/policyHost';
import type { ExplorerServices } from '../services/services';

export async function showPreviewImages(services: ExplorerServices, host: PolicyHost, node?: unknown): Promise<void> {
  const policies = host.feature();
  const n = node as { kind?: string; parent?: unknown } | undefined;
  let repo: Repository | undefined =
    n?.kind === 'repository'
      ? (node as Repository)
      : n?.kind === 'tag' || n?.kind === 'untaggedGroup'
        ? (n.parent as Repository)
        : undefined;
  if (!repo) {
    const previewed = policies.previewedRepositories();
    repo =
      previewed.length <= 1
        ? previewed[0]
        : await services.ui.pickOne(
            previewed.map((r) => ({ label: r.uri, value: r })),
            { title: vscode.l10n.t('Show the images of which preview?') },
          );
  }
  if (!repo) {
    void services.ui.info(vscode.l10n.t('No lifecycle policy preview is shown.'));
    return;
  }
  await policies.showImages(repo);
}
