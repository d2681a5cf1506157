// ECR: Delete Image… — a modal that names exactly what goes: just this tag (when the digest carries other tags)
// or the whole image (the digest and every tag on it). Refreshes the repository afterwards.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import type { Tag } from '../model/types';
import { clean } from '../model/sanitize';
import { digestUri, imageUri } from '../registry/imageRefs';
import { tagArg } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export type DeleteChoice = 'tag' | 'image';

export async function deleteImage(services: ExplorerServices, node?: unknown): Promise<DeleteChoice | undefined> {
  const tag = await tagArg(services, node);
  if (!tag) return undefined;
  const repo = tag.parent;
  const registry = repo.parent;
  const choice = await confirm(services, tag);
  if (!choice) return undefined;
  try {
    await services.ui.withProgress(vscode.l10n.t('Deleting {0}…', imageUri(tag)), async (signal) => {
      if (registry.type === 'ecr') {
        const ids = choice === 'tag' && tag.tag !== undefined ? [{ tag: tag.tag }] : [{ digest: tag.image.digest }];
        const result = await services.ecr().deleteImages(repo, ids);
        if (result.failures.length) throw new Error(result.failures.map((f) => clean(f, 300)).join('; '));
      } else {
        // The Registry API deletes manifests by digest only (every tag on it goes).
        const digest = await services.tree.digestOf(tag, signal);
        const client = await services.tree.registryClient(registry, signal);
        await client.deleteManifest(repo.name, digest, { signal });
      }
    });
    services.ui.flash(
      choice === 'tag'
        ? vscode.l10n.t('Deleted tag {0}', clean(tag.tag ?? ''))
        : vscode.l10n.t('Deleted image {0}', digestUri(repo, tag.image.digest || imageUri(tag))),
      undefined,
      'trash',
    );
    return choice;
  } catch (err) {
    services.log.error(`Deleting ${imageUri(tag)} failed`, err);
    void services.ui.error(vscode.l10n.t('Could not delete {0}: {1}', imageUri(tag), describeError(err)));
    return undefined;
  } finally {
    services.tree.refresh(repo);
  }
}

async function confirm(services: ExplorerServices, tag: Tag): Promise<DeleteChoice | undefined> {
  const others = tag.image.tags.filter((x) => x !== tag.tag);
  const tagOnly = vscode.l10n.t('Delete Tag Only');
  const whole = vscode.l10n.t('Delete Image');
  const digest = tag.image.digest ? tag.image.digest : vscode.l10n.t('(digest unknown)');
  if (tag.tag !== undefined && others.length > 0) {
    const detail = [
      vscode.l10n.t(
        'This digest also carries {0} other tag(s): {1}.',
        others.length,
        others
          .slice(0, 10)
          .map((x) => clean(x, 128))
          .join(', ') + (others.length > 10 ? ', …' : ''),
      ),
      vscode.l10n.t('“Delete Tag Only” removes the tag “{0}”; the image and its other tags stay.', clean(tag.tag, 128)),
      vscode.l10n.t('“Delete Image” removes {0} and all {1} tags.', digest, others.length + 1),
      vscode.l10n.t('This cannot be undone.'),
    ].join('\n\n');
    const picked = await services.ui.warn(vscode.l10n.t('Delete {0}?', imageUri(tag)), { modal: true, detail }, tagOnly, whole);
    return picked === tagOnly ? 'tag' : picked === whole ? 'image' : undefined;
  }
  const detail = [
    tag.tag !== undefined
      ? vscode.l10n.t('This removes the image {0} (its only tag is “{1}”).', digest, clean(tag.tag, 128))
      : vscode.l10n.t('This removes the untagged image {0}.', digest),
    vscode.l10n.t('This cannot be undone.'),
  ].join('\n\n');
  const picked = await services.ui.warn(vscode.l10n.t('Delete {0}?', imageUri(tag)), { modal: true, detail }, whole);
  return picked === whole ? 'image' : undefined;
}
