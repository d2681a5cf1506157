// ECR: Edit Lifecycle Policy — opens the repository's lifecycle policy (or a template) as a JSON document.
import * as vscode from 'vscode';
import type { PolicyHost } from '../policies/policyHost';
import { errorWithLog, describeError } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

export async function editLifecyclePolicy(services: ExplorerServices, policies: PolicyHost, node?: unknown): Promise<boolean> {
  const repo = await repositoryArg(services, node);
  if (!repo) return false;
  if (repo.parent.type !== 'ecr') {
    void services.ui.info(vscode.l10n.t('Only ECR repositories have lifecycle policies.'));
    return false;
  }
  try {
    return (await policies.feature().openPolicy(repo, 'lifecycle')) !== undefined;
  } catch (err) {
    services.log.error(`Opening the lifecycle policy of ${repo.name} failed`, err);
    void errorWithLog(services, vscode.l10n.t('Could not open the lifecycle policy of {0}: {1}', repo.uri, describeError(err)));
    return false;
  }
}
