// Quick-pick fallbacks for commands run from the palette: registry → repository → tag (and the target repository of
// a push, with Create Repository… first). Items appear as pages
// arrive (the first page is pickable at once), and typing filters them.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import type { EcrRegistry, Registry, Repository, Tag } from '../model/types';
import { clean, imageDescription, registryDescription, registryLabel, tagLabel } from './treeItems';
import type { ExplorerServices } from '../services/services';
import type { PickItem } from '../services/ui';

/** How long typing pauses before an exact-name lookup. */
const LOOKUP_PAUSE_MS = 300;
/** ECR's tag rule: what a lookup by tag may ask for. */
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** A quick pick filled from pages; resolves with the accepted value, undefined when dismissed. */
export function pickFromPages<T>(
  pages: (signal: AbortSignal) => AsyncIterable<Array<PickItem<T>>>,
  options: {
    title: string;
    placeholder: string;
    emptyText: string;
    /**
     * Finds an item by its exact name when the loaded pages do not have it (typing a full tag in a repository
     * with more images than loaded); asked once per typed value after a short pause.
     */
    lookup?: (value: string, signal: AbortSignal) => Promise<PickItem<T> | undefined>;
  },
): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    const controller = new AbortController();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.matchOnDescription = true;
    qp.busy = true;
    let done = false;
    const finish = (value: T | undefined): void => {
      if (done) return;
      done = true;
      controller.abort();
      resolve(value);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      if (picked) finish(picked.value);
    });
    qp.onDidHide(() => finish(undefined));
    if (options.lookup) {
      const lookup = options.lookup;
      const asked = new Set<string>();
      let timer: ReturnType<typeof setTimeout> | undefined;
      qp.onDidChangeValue((value) => {
        if (timer) clearTimeout(timer);
        const typed = value.trim();
        if (!typed || asked.has(typed) || qp.items.some((item) => item.label === typed)) return;
        timer = setTimeout(() => {
          asked.add(typed);
          void lookup(typed, controller.signal)
            .then((found) => {
              if (done || !found || qp.items.some((item) => item.label === found.label)) return;
              const active = qp.activeItems;
              qp.items = [{ ...found, alwaysShow: true }, ...qp.items];
              if (active.length) qp.activeItems = active;
            })
            .catch(() => undefined);
        }, LOOKUP_PAUSE_MS);
      });
    }
    qp.show();
    void (async () => {
      try {
        for await (const page of pages(controller.signal)) {
          if (done) return;
          // Keep the active item and the typed filter when a page is appended.
          const active = qp.activeItems;
          qp.items = [...qp.items, ...page];
          if (active.length) qp.activeItems = active;
        }
        if (!done && qp.items.length === 0) {
          qp.items = [{ label: options.emptyText, value: undefined as unknown as T, alwaysShow: true }];
          qp.enabled = true;
        }
      } catch (err) {
        if (!done && !controller.signal.aborted) {
          qp.placeholder = vscode.l10n.t('Listing failed: {0}', clean(describeError(err)));
        }
      } finally {
        if (!done) qp.busy = false;
      }
    })();
  }).then((v) => (v === undefined || v === null ? undefined : v));
}

export async function pickRegistry(
  services: ExplorerServices,
  filter: (r: Registry) => boolean = () => true,
): Promise<Registry | undefined> {
  return pickFromPages<Registry>(
    async function* (signal) {
      const registries = (await services.tree.registries(signal)).filter(filter);
      yield registries.map((r) => ({ label: registryLabel(r), description: registryDescription(r), value: r }));
    },
    {
      title: vscode.l10n.t('Choose a registry'),
      placeholder: vscode.l10n.t('Type to filter registries'),
      emptyText: vscode.l10n.t('No registries: choose AWS profiles and regions first'),
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
  return pickFromPages<Repository>(
    async function* (signal) {
      for await (const page of services.tree.repositoryPages(reg, signal)) {
        yield page.map((repo) => ({ label: clean(repo.name, 256), value: repo }));
      }
    },
    {
      title: vscode.l10n.t('Choose a repository in {0}', registryLabel(reg)),
      placeholder: vscode.l10n.t('Type to filter repositories'),
      emptyText: vscode.l10n.t('No repositories'),
    },
  );
}

export async function pickTag(services: ExplorerServices, repository?: Repository): Promise<Tag | undefined> {
  const repo = repository ?? (await pickRepository(services));
  if (!repo) return undefined;
  const lang = vscode.env.language;
  const now = Date.now();
  return pickFromPages<Tag>(
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
export async function pickTargetRepository(services: ExplorerServices, node: unknown, title: string): Promise<Repository | undefined> {
  const fixed = ecrRepositoryOf(node);
  if (fixed) return fixed;
  const n = node as { kind?: string; type?: string } | undefined;
  const registry: Registry | undefined =
    n?.kind === 'registry' && n.type === 'ecr' ? (node as EcrRegistry) : await pickRegistry(services, (r) => r.type === 'ecr');
  if (!registry) return undefined;
  const picked = await pickFromPages<Repository | typeof CREATE>(
    async function* (signal) {
      yield [{ label: vscode.l10n.t('$(add) Create Repository…'), value: CREATE, alwaysShow: true }];
      for await (const page of services.tree.repositoryPages(registry, signal)) {
        yield page.map((r) => ({
          label: clean(r.name),
          description: r.tagMutability === 'IMMUTABLE' ? vscode.l10n.t('immutable tags') : '',
          value: r,
        }));
      }
    },
    { title, placeholder: vscode.l10n.t('Choose the repository to push to'), emptyText: vscode.l10n.t('No repositories') },
  );
  if (picked !== CREATE) return picked;
  return vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry);
}
