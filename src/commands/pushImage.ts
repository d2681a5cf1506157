// ECR: Push Image… — a local image from the container CLI, the target repository (the row it started from, or a
// pick with Create Repository… first), the tag (the local tag by default; ECR's rules; overwrite warned, immutable
// refused early); then log in if needed, tag and push in the push terminal, and reveal the new tag.
import * as vscode from 'vscode';
import { askTag, pickLocalImage, pushAndReveal } from '../login/pushUi';
import { pickTargetRepository } from '../tree/pickNode';
import type { ExplorerServices } from '../services/services';

export async function pushImage(services: ExplorerServices, node?: unknown): Promise<boolean> {
  const image = await pickLocalImage(services);
  if (!image) return false;
  const repo = await pickTargetRepository(services, node, vscode.l10n.t('Push Image (2/3): repository'));
  if (!repo) return false;
  const tag = await askTag(services, repo, image.tag ?? 'latest', vscode.l10n.t('Push Image (3/3): tag'));
  if (!tag) return false;
  services.log.info(`Push Image: ${image.ref} → ${repo.uri}:${tag}`);
  return pushAndReveal(services, { repo, tag, localRef: image.ref });
}
