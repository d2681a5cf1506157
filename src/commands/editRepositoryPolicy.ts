// ECR: Edit Repository Policy — opens the repository's permissions policy (or a template) as a JSON document.
import * as vscode from 'vscode';
import type { PolicyHost } from '../policies/policyHost';
import { errorWithLog, describeError } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

export async function editRepositoryPolicy(services: ExplorerServices, policies: PolicyHost, node?: unknown): Promise<boolean> {
  const repo = await repositoryArg(services, node);
  if (!repo) return false;
  if (repo.parent.type !== 'ecr') {
    void services.ui.info(vscode.l10n.t('Only ECR repositories have repository policies.'));
    return false;
  }
  try {
    return (await policies.feature().openPolicy(repo, 'repository')) !== undefined;
  } catch (err) {
    services.log.error(`Opening the repository policy of ${repo.name} failed`, err);
    void errorWithLog(services, vscode.l10n.t('Could not open the repository policy of {0}: {1}', repo.uri, describeError(err)));
    return false;
  }
}
