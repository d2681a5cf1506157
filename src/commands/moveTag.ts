// ECR: Move Tag… — takes a tag from another image of the repository and puts it on this one, without pulling
// (the same retag as Add Tag). In a repository with immutable tags it is refused at once, with the reason.
import * as vscode from 'vscode';
import { retag } from '../login/pushUi';
import { sanitizeText } from '../model/sanitize';
import type { Tag } from '../model/types';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export async function moveTag(services: ExplorerServices, node?: unknown): Promise<boolean> {
  const row = await tagArg(services, node);
  if (!row) return false;
  const repo = row.parent;
  if (repo.parent.type !== 'ecr') return false;
  if (services.aws().isImmutable(repo)) {
    await services.ui.error(
      vscode.l10n.t('The tags of {0} are immutable: a tag cannot move to another image. Use Add Tag… with a new tag instead.', repo.uri),
    );
    return false;
  }
  const from = await services.ui.pickFromPages<Tag>(
    async function* (signal) {
      for await (const page of services.tree.tagPages(repo, signal)) {
        yield page
          .filter((t) => t.tag !== undefined && t.image.digest !== row.image.digest)
          .map((t) => ({ label: sanitizeText(t.tag ?? ''), description: t.image.digest.slice(0, 19), value: t }));
      }
    },
    {
      title: vscode.l10n.t('Move Tag to {0}', row.tag ? `${repo.uri}:${row.tag}` : row.image.digest),
      placeholder: vscode.l10n.t('Choose the tag to move to this image'),
      emptyText: vscode.l10n.t('No tags on other images'),
    },
  );
  if (!from?.tag) return false;
  const move = vscode.l10n.t('Move Tag');
  const choice = await services.ui.warn(
    vscode.l10n.t('Move {0} to this image?', `${repo.uri}:${from.tag}`),
    { modal: true, detail: vscode.l10n.t('It points at {0} now; after the move it points at {1}.', from.image.digest, row.image.digest) },
    move,
  );
  if (choice !== move) return false;
  return retag(services, row, from.tag, { confirmedMove: true });
}
