// Reveal in ECR Explorer, from an image reference's hover or document link: selects the repository in the view.
import * as vscode from 'vscode';
import { parseReferenceCommandArgs } from '../references/commandArgs';
import { registryNotShown, repositoryNotFound } from '../references/referenceNotices';
import { describeError, errorWithLog } from '../services/errors';
import type { ExplorerServices } from '../services/services';

export async function revealImageReference(services: ExplorerServices, args?: unknown): Promise<void> {
  const ref = parseReferenceCommandArgs(args);
  if (!ref) return;
  try {
    await vscode.commands.executeCommand('ecrExplorer.registries.focus');
    const outcome = await services.tree.revealRepository(ref.registryId, ref.region, ref.repository);
    if (outcome === 'noRegistry') await registryNotShown(services, ref);
    else if (outcome === 'noRepository') await repositoryNotFound(services, ref);
  } catch (err) {
    services.log.error('Revealing an image reference failed', err);
    await errorWithLog(services, describeError(err));
  }
}
