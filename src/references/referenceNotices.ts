// What the commands of image references' links say when the tree does not show their target [vscode]: Reveal in ECR
// Explorer and Show Vulnerabilities (src/commands/) share them.
import * as vscode from 'vscode';
import type { ExplorerServices } from '../services/services';
import type { ReferenceCommandArgs } from './commandArgs';

/** Says that the reference's registry is not one the tree lists (the settings decide which), offering the settings. */
export async function registryNotShown(services: ExplorerServices, ref: ReferenceCommandArgs): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  const choice = await services.ui.info(
    vscode.l10n.t(
      'Registry {0} in {1} is not shown in ECR Explorer. Add the account to ecrExplorer.registryIds and the region to ecrExplorer.regions.',
      ref.registryId,
      ref.region,
    ),
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'ecrExplorer.re');
}

/** Says that the reference's repository is not in its registry. */
export async function repositoryNotFound(services: ExplorerServices, ref: ReferenceCommandArgs): Promise<void> {
  await services.ui.info(vscode.l10n.t('Repository {0} was not found in registry {1}.', ref.repository, ref.registryId));
}
