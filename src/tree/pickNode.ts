// Quick-pick fallbacks for commands run from the palette: registry → repository → tag (and the target repository of
// a push, with Create Repository… first). Items appear as pages
// arrive (the first page is pickable at once), and typing filters them.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import type { EcrRegistry, Registry, Repository, Tag } from '../model/types';
import { imageDescription, registryDescription, registryLabel, tagLabel } from './treeItems';
import { clean } from '../model/sanitize';
import type { ExplorerServices } from '../services/services';

/** ECR's tag rule: what a lookup by tag may ask for. */
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

const failed = (err: unknown): string => vscode.l10n.t('Listing failed: {0}', clean(describeError(err)));

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
      placeholder: vscode.l10n.t('Type to filter tags, or type a whole tag to find it among all images'),
      emptyText: vscode.l10n.t('No images'),
      failed,
      lookup: async (value, signal) => {
        if (!TAG_RE.test(value)) return undefined;
        const tag = await services.tree.findTag(repo, value, signal);
        return tag && { label: tagLabel(tag), description: imageDescription(tag.image, { lang, now, loggedIn: () => false }), value: tag };
      },
    },
  );
}

const CREATE = Symbol('create');

function ecrRepositoryOf(node: unknown): Repository | undefined {
  const n = node as { kind?: string; parent?: { kind?: string; type?: string } } | undefined;
  if (n?.kind === 'repository' && n.parent?.type === 'ecr') return node as Repository;
  if (
    (n?.kind === 'tag' || n?.kind === 'untaggedGroup') &&
    (n.parent as { parent?: { type?: string } } | undefined)?.parent?.type === 'ecr'
  )
    return n.parent as unknown as Repository;
  return undefined;
}

/** The repository a push goes to: the row it started from, or a pick with Create Repository… first. */
export async function pickTargetRepository(services: ExplorerServices, arg: unknown, title: string): Promise<Repository | undefined> {
  // Only a row the tree produced (looked up by id), never an object passed to the command.
  const node = arg === undefined ? undefined : services.tree.node(arg);
  const fixed = ecrRepositoryOf(node);
  if (fixed) return fixed;
  const n = node as { kind?: string; type?: string } | undefined;
  const registry: Registry | undefined =
    n?.kind === 'registry' && n.type === 'ecr' ? (node as EcrRegistry) : await pickRegistry(services, (r) => r.type === 'ecr');
  if (!registry) return undefined;
  const picked = await services.ui.pickFromPages<Repository | typeof CREATE>(
    async function* (signal) {
      // The extension's own icon goes in iconPath: the Ui seam makes icon syntax in labels inert.
      yield [{ label: vscode.l10n.t('Create Repository…'), iconPath: new vscode.ThemeIcon('add'), value: CREATE, alwaysShow: true }];
      for await (const page of services.tree.repositoryPages(registry, signal)) {
        yield page.map((r) => ({
          label: clean(r.name),
          description: r.tagMutability === 'IMMUTABLE' ? vscode.l10n.t('immutable tags') : '',
          value: r,
        }));
      }
    },
    { title, placeholder: vscode.l10n.t('Choose the repository to push to'), emptyText: vscode.l10n.t('No repositories'), failed },
  );
  if (picked !== CREATE) return picked;
  return vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry);
}
