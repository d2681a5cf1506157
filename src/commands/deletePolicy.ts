// ECR: Delete Policy… — deletes a repository's lifecycle or repository policy after a modal confirmation. From an
// open policy document it deletes that policy; from a repository row it asks which one.
import * as vscode from 'vscode';
import type { PolicyHost } from '../policies/policyHost';
import { POLICY_SCHEME, parsePolicyPath, policyLocationOf, type PolicyKind, type PolicyLocation } from '../policies/policyUri';
import { errorWithLog, describeError } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

async function target(services: ExplorerServices, node: unknown): Promise<PolicyLocation | undefined> {
  if (node instanceof vscode.Uri) return node.scheme === POLICY_SCHEME ? parsePolicyPath(node.path) : undefined;
  const repo = await repositoryArg(services, node);
  if (!repo) return undefined;
  const kind = await services.ui.pickOne<PolicyKind>(
    [
      { label: vscode.l10n.t('Lifecycle policy'), description: vscode.l10n.t('which images ECR expires'), value: 'lifecycle' },
      { label: vscode.l10n.t('Repository policy'), description: vscode.l10n.t('who may pull and push'), value: 'repository' },
    ],
    { title: vscode.l10n.t('Delete a policy of {0}', repo.uri) },
  );
  return kind ? policyLocationOf(repo, kind) : undefined;
}

export async function deletePolicy(services: ExplorerServices, policies: PolicyHost, node?: unknown): Promise<boolean> {
  const loc = await target(services, node);
  if (!loc) return false;
  const feature = policies.feature();
  const name = feature.kindName(loc.kind);
  const del = vscode.l10n.t('Delete');
  const answer = await services.ui.warn(
    vscode.l10n.t('Delete the {0} of {1}?', name, loc.repository),
    {
      modal: true,
      detail:
        loc.kind === 'lifecycle'
          ? vscode.l10n.t('ECR stops expiring images of this repository. Images are not deleted.')
          : vscode.l10n.t('Accounts and services that this policy lets in lose their access to the repository.'),
    },
    del,
  );
  if (answer !== del) return false;
  try {
    const deleted = await services.ui.withProgress(vscode.l10n.t('Deleting the {0} of {1}…', name, loc.repository), () =>
      feature.fs.deletePolicy(loc),
    );
    if (deleted) services.ui.flash(vscode.l10n.t('Deleted the {0} of {1}', name, loc.repository), undefined, 'trash');
    else void services.ui.info(vscode.l10n.t('{0} has no {1}.', loc.repository, name));
    return deleted;
  } catch (err) {
    services.log.error(`Deleting the ${loc.kind} policy of ${loc.repository} failed`, err);
    void errorWithLog(services, vscode.l10n.t('Could not delete the {0} of {1}: {2}', name, loc.repository, describeError(err)));
    return false;
  }
}
