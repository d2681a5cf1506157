// ECR: Delete Repository… — the user types the repository's name to confirm; images are deleted with it
// (`force`) only when the user says so after ECR reports the repository is not empty.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import type { Repository } from '../model/types';
import { clean } from '../model/sanitize';
import { repositoryArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

function isNotEmpty(err: unknown): boolean {
  const e = err as { name?: string; message?: string; cause?: { name?: string } } | undefined;
  return (
    e?.cause?.name === 'RepositoryNotEmptyException' ||
    e?.name === 'RepositoryNotEmptyException' ||
    /not empty|RepositoryNotEmpty/i.test(e?.message ?? '')
  );
}

export async function deleteRepository(services: ExplorerServices, node?: unknown): Promise<boolean> {
  const repo = await repositoryArg(services, node);
  if (!repo) return false;
  if (repo.parent.type !== 'ecr') {
    void services.ui.info(vscode.l10n.t('Repositories of other registries cannot be deleted through the Registry API.'));
    return false;
  }
  const name = clean(repo.name, 256);
  const typed = await services.ui.input({
    title: vscode.l10n.t('Delete Repository {0}', repo.uri),
    prompt: vscode.l10n.t('Type “{0}” to confirm. This cannot be undone.', name),
    placeHolder: name,
    validateInput: (v) => (v === repo.name ? undefined : vscode.l10n.t('Type the repository name exactly.')),
    ignoreFocusOut: true,
  });
  if (typed !== repo.name) return false;
  let force = false;
  try {
    for (;;) {
      try {
        await services.ui.withProgress(vscode.l10n.t('Deleting {0}…', repo.uri), () => services.ecr().deleteRepository(repo, { force }));
        break;
      } catch (err) {
        if (force || !isNotEmpty(err)) throw err;
        const withImages = vscode.l10n.t('Delete With All Images');
        const answer = await services.ui.warn(
          vscode.l10n.t('{0} still contains images.', repo.uri),
          { modal: true, detail: vscode.l10n.t('Delete the repository and every image in it? This cannot be undone.') },
          withImages,
        );
        if (answer !== withImages) return false;
        force = true;
      }
    }
    services.ui.flash(vscode.l10n.t('Deleted repository {0}', repo.uri), undefined, 'trash');
    return true;
  } catch (err) {
    services.log.error(`Deleting repository ${repo.name} failed`, err);
    void services.ui.error(vscode.l10n.t('Could not delete {0}: {1}', repo.uri, describeError(err)));
    return false;
  } finally {
    services.tree.refresh(repo.parent as Repository['parent']);
  }
}
