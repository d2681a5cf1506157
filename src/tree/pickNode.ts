// Quick-pick fallbacks for commands run from the palette: registry → repository → tag. Items appear as pages
// arrive (the first page is pickable at once), and typing filters them.
import * as vscode from 'vscode';
import { errorText } from '../l10n/localize';
import type { EcrRegistry, Registry, Repository, Tag } from '../model/types';
import { clean, imageDescription, registryDescription, registryLabel, tagLabel } from './treeItems';
import type { ExplorerServices } from '../services/services';

const failed = (err: unknown): string => vscode.l10n.t('Listing failed: {0}', clean(errorText(err)));

export async function pickRegistry(
  services: ExplorerServices,
  filter: (r: Registry) => boolean = () => true,
): Promise<Registry | undefined> {
  return services.ui.pickFromPages<Registry>(
    async function* (signal) {
      const registries = (await services.tree.registries(signal)).filter(filter);
      yield registries.map((r) => ({ label: registryLabel(r), description: registryDescription(r), value: r }));
    },
    {
      title: vscode.l10n.t('Choose a registry'),
      placeholder: vscode.l10n.t('Type to filter registries'),
      emptyText: vscode.l10n.t('No registries: choose AWS profiles and regions first'),
      failed,
    },
  );
}

export async function pickEcrRegistry(services: ExplorerServices): Promise<EcrRegistry | undefined> {
  const r = await pickRegistry(services, (x) => x.type === 'ecr');
  return r?.type === 'ecr' ? r : undefined;
}

export async function pickRepository(services: ExplorerServices, registry?: Registry): Promise<Repository | undefined> {
  const reg = registry ?? (await pickRegistry(services));
  if (!reg) return undefined;
  return services.ui.pickFromPages<Repository>(
    async function* (signal) {
      for await (const page of services.tree.repositoryPages(reg, signal)) {
        yield page.map((repo) => ({ label: clean(repo.name, 256), value: repo }));
      }
    },
    {
      title: vscode.l10n.t('Choose a repository in {0}', registryLabel(reg)),
      placeholder: vscode.l10n.t('Type to filter repositories'),
      emptyText: vscode.l10n.t('No repositories'),
      failed,
    },
  );
}

export async function pickTag(services: ExplorerServices, repository?: Repository): Promise<Tag | undefined> {
  const repo = repository ?? (await pickRepository(services));
  if (!repo) return undefined;
  const lang = vscode.env.language;
  const now = Date.now();
  return services.ui.pickFromPages<Tag>(
    async function* (signal) {
      for await (const page of services.tree.tagPages(repo, signal)) {
        yield page.map((tag) => ({
          label: tagLabel(tag),
          description: imageDescription(tag.image, { lang, now, loggedIn: () => false }),
          value: tag,
        }));
      }
    },
    {
      title: vscode.l10n.t('Choose an image in {0}', clean(repo.name, 256)),
      placeholder: vscode.l10n.t('Type to filter tags'),
      emptyText: vscode.l10n.t('No images'),
      failed,
    },
  );
}
