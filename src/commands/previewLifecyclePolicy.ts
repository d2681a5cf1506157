// ECR: Preview Lifecycle Policy — asks ECR which images a lifecycle policy would expire and marks them in the tree.
// From an open lifecycle-policy document it previews the text as edited (unsaved changes included); from a
// repository it previews the policy ECR has. Nothing is deleted.
import * as vscode from 'vscode';
import type { Repository } from '../model/types';
import type { PolicyFeature } from '../policies/policyFeature';
import type { PolicyHost } from '../policies/policyHost';
import { POLICY_SCHEME, parsePolicyPath } from '../policies/policyUri';
import { errorWithLog, describeError } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { repositoryArg } from '../tree/nodeArgs';

async function fromDocument(policies: PolicyFeature, uri: vscode.Uri): Promise<{ repo: Repository; text: string } | undefined> {
  const loc = parsePolicyPath(uri.path);
  if (uri.scheme !== POLICY_SCHEME || loc?.kind !== 'lifecycle') return undefined;
  const doc =
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  const { repo } = await policies.fs.repository(loc);
  return { repo, text: doc.getText() };
}

export async function previewLifecyclePolicy(services: ExplorerServices, host: PolicyHost, node?: unknown): Promise<boolean> {
  const policies = host.feature();
  let repo: Repository | undefined;
  let text: string | undefined;
  try {
    const uri = node instanceof vscode.Uri ? node : node === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
    const doc = uri ? await fromDocument(policies, uri) : undefined;
    if (doc) ({ repo, text } = doc);
    else {
      repo = await repositoryArg(services, node);
      if (!repo) return false;
      if (repo.parent.type !== 'ecr') {
        void services.ui.info(vscode.l10n.t('Only ECR repositories have lifecycle policies.'));
        return false;
      }
      const target = repo;
      text = await services.ui.withProgress(vscode.l10n.t('Reading the lifecycle policy of {0}…', target.uri), () =>
        services.ecr().policies.getLifecyclePolicy(target),
      );
      if (text === undefined) {
        const edit = vscode.l10n.t('Edit Lifecycle Policy');
        const answer = await services.ui.info(vscode.l10n.t('{0} has no lifecycle policy yet.', repo.uri), edit);
        if (answer === edit) await policies.openPolicy(repo, 'lifecycle');
        return false;
      }
    }
    const problems = policies.problems('lifecycle', text);
    if (problems) {
      void services.ui.error(vscode.l10n.t('The lifecycle policy cannot be previewed: {0}', problems));
      return false;
    }
    const result = await policies.preview(repo, text);
    if (!result) return false;
    await policies.report(repo, result);
    return result.preview.status === 'COMPLETE';
  } catch (err) {
    services.log.error(`Previewing the lifecycle policy of ${repo?.name ?? '?'} failed`, err);
    void errorWithLog(services, vscode.l10n.t('Could not preview the lifecycle policy of {0}: {1}', repo?.uri ?? '', describeError(err)));
    return false;
  }
}
