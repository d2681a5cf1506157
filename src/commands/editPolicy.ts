// ECR: Edit Lifecycle Policy / ECR: Edit Repository Policy — opens the repository's lifecycle policy or permissions
// policy (or a template) as a JSON document.
import * as vscode from 'vscode';
import type { PolicyHost } from '../policies/policyHost';
import type { PolicyKind } from '../policies/policyUri';
import { errorWithLog, describeError } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

/** What each kind says (literal strings, for the l10n export). */
const TEXTS: Readonly<Record<PolicyKind, { notEcr(): string; failed(uri: string, reason: string): string }>> = {
  lifecycle: {
    notEcr: () => vscode.l10n.t('Only ECR repositories have lifecycle policies.'),
    failed: (uri, reason) => vscode.l10n.t('Could not open the lifecycle policy of {0}: {1}', uri, reason),
  },
  repository: {
    notEcr: () => vscode.l10n.t('Only ECR repositories have repository policies.'),
    failed: (uri, reason) => vscode.l10n.t('Could not open the repository policy of {0}: {1}', uri, reason),
  },
};

export async function editPolicy(services: ExplorerServices, policies: PolicyHost, kind: PolicyKind, node?: unknown): Promise<boolean> {
  const repo = await repositoryArg(services, node);
  if (!repo) return false;
  const texts = TEXTS[kind];
  if (repo.parent.type !== 'ecr') {
    void services.ui.info(texts.notEcr());
    return false;
  }
  try {
    return (await policies.feature().openPolicy(repo, kind)) !== undefined;
  } catch (err) {
    services.log.error(`Opening the ${kind} policy of ${repo.name} failed`, err);
    void errorWithLog(services, texts.failed(repo.uri, describeError(err)));
    return false;
  }
}
