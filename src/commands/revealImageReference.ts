// Reveal in ECR Explorer, from an image reference's hover or document link: selects the repository in the view.
import * as vscode from 'vscode';
import { parseReferenceCommandArgs } from '../references/commandArgs';
import { describeError, errorWithLog } from '../services/errors';
import type { ExplorerServices } from '../services/services';

export async function revealImageReference(services: ExplorerServices, args?: unknown): Promise<void> {
  const ref = parseReferenceCommandArgs(args);
  if (!ref) return;
  try {
    await vscode.commands.executeCommand('ecrExplorer.registries.focus');
    const outcome = await services.tree.revealRepository(ref.registryId, ref.region, ref.repository);
    if (outcome === 'noRegistry') {
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
    } else if (outcome === 'noRepository') {
      await services.ui.info(vscode.l10n.t('Repository {0} was not found in registry {1}.', ref.repository, ref.registryId));
    }
  } catch (err) {
    services.log.error('Revealing an image reference failed', err);
    await errorWithLog(services, describeError(err));
  }
}
