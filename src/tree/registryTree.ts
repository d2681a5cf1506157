// The Registries view: registries → repositories → tags (→ platforms). Listings are paged (first page shown as
// soon as it arrives, "Load more…" for the rest), failures are rows, never pop-ups, and a filter narrows
// repositories and tags. What is listed: listings.ts; the rows under a node: treeRows.ts; the nodes handed out,
// by id: producedNodes.ts.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import type { ExplorerTree, Services } from '../services/services';
import type { LoadMore, Node, Platform, Problem, Registry, Repository, Tag } from '../model/types';
import type { RegistryClient } from '../registry/index';
import { TreeListings } from './listings';
import { nodeId } from './nodeIds';
import { drainPages } from './pagedList';
import { ProducedNodes } from './producedNodes';
import { revealRepository, revealTag, type RevealHost } from './reveal';
import { TreeSources } from './sources';
import { toTreeItem, tooltipOf, type RowContext } from './treeItems';
import { TreeRows } from './treeRows';
import { isMultiArch } from './format';

export const VIEW_ID = 'ecrExplorer.registries';

interface RootState {
  promise: Promise<Node[]>;
  registries: Registry[];
  controller: AbortController;
}

export class RegistryTreeProvider implements vscode.TreeDataProvider<Node>, ExplorerTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly sources: TreeSources;
  private root: RootState | undefined;
  private readonly listings: TreeListings;
  private readonly rows: TreeRows;
  /** Nodes handed to VS Code, by id: the only ones command handlers accept (see node()). */
  private readonly produced = new ProducedNodes();
  private filterText = '';
  private view: vscode.TreeView<Node> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.sources = new TreeSources(services);
    this.listings = new TreeListings({
      sources: this.sources,
      fire: (node) => this.fire(node),
      warn: (message, err) => services.log.warn(message, err),
      sortBy: () => services.settings().sortBy,
      maxLoaded: () => services.settings().maxLoadedImages,
    });
    this.rows = new TreeRows({
      listings: this.listings,
      toProblem: (err, registry) => this.sources.toProblem(err, registry),
      warn: (message, err) => services.log.warn(message, err),
      filter: () => this.filterText,
      withViewProgress: (task) => this.withViewProgress(task),
      fire: (node) => this.fire(node),
    });
    this.subscriptions.push(
      this.changed,
      services.logins.onDidChange(() => this.afterLoginChange()),
      services.credHelpers.onDidChange(() => this.redraw()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          ['profiles', 'regions', 'registryIds', 'endpoint', 'genericRegistries', 'requestTimeoutSeconds'].some((k) =>
            e.affectsConfiguration(`ecrExplorer.${k}`),
          )
        ) {
          this.refresh();
        } else if (e.affectsConfiguration('ecrExplorer.images.sortBy')) {
          this.listings.invalidateRows();
          this.redraw();
        }
      }),
    );
  }

  /** Creates the view and registers the provider; returns the disposable for context.subscriptions. */
  register(): vscode.Disposable {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    void this.setContext('ecrExplorer.filterActive', false);
    return vscode.Disposable.from(this.view, this);
  }

  get treeView(): vscode.TreeView<Node> | undefined {
    return this.view;
  }

  // ---- TreeDataProvider ----

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node, this.rowContext());
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'tag' && node.tag === undefined) {
      const group = this.listings.knownImages(node.parent)?.untaggedGroup(node.parent);
      if (group) return group;
    }
    return node.parent;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    return this.produced.shown(await (node ? this.rows.childrenOf(node) : this.rootState().promise));
  }

  node(arg: unknown): Node | undefined {
    return this.produced.lookup(arg);
  }

  async resolveTreeItem(item: vscode.TreeItem, node: Node, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    let platforms: Platform[] | string | undefined;
    if (node.kind === 'tag' && isMultiArch(node.image)) {
      // The fetch is shared with expanding the row, so a hover that ends only stops waiting for it.
      const cancelled = new Promise<undefined>((resolve) => token.onCancellationRequested(() => resolve(undefined)));
      const result = await Promise.race([this.listings.platformsOf(node), cancelled]);
      if (result) platforms = 'platforms' in result ? result.platforms : renderMessage(result.problem.message);
    }
    item.tooltip = tooltipOf(node, this.rowContext(), platforms) ?? item.tooltip;
    return item;
  }

  // ---- TreeApi ----

  /** Drops cached data for the node (everything when undefined) and reloads it. */
  refresh(node?: Node): void {
    if (!node || !this.root) {
      this.resetAll();
      this.changed.fire(undefined);
      return;
    }
    switch (node.kind) {
      case 'registry': {
        const prefix = nodeId(node);
        this.listings.dropWhere((key) => key === prefix || key.startsWith(`${prefix}/`));
        break;
      }
      case 'repository':
        // Reloads behind the rows shown and swaps them when done: nothing collapses, nothing jumps.
        void this.withViewProgress(this.listings.reloadImages(node));
        return;
      case 'tag':
        this.listings.dropPlatforms(node);
        break;
      case 'platform':
      case 'untaggedGroup':
        this.refresh(node.parent);
        return;
      case 'loadMore':
      case 'problem':
      case 'placeholder':
        this.refresh(node.parent);
        return;
    }
    this.fire(node);
  }

  async registries(signal?: AbortSignal): Promise<Registry[]> {
    await this.rootState().promise;
    signal?.throwIfAborted();
    return this.produced.remember(this.root?.registries ?? []);
  }

  revealRepository(
    registryId: string,
    region: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<'revealed' | 'noRegistry' | 'noRepository'> {
    return revealRepository(this.revealHost(), registryId, region, name, signal);
  }

  // ---- paging, filter ----

  /** Shows the next page below the given "Load more…" row. */
  async loadMore(node: LoadMore): Promise<void> {
    if (node.parent.kind === 'repository') {
      // Load All: the images beyond the cap.
      await this.withViewProgress(this.listings.knownImages(node.parent)?.loadAll() ?? Promise.resolve());
      return;
    }
    const list = this.listings.knownRepositoryList(node.parent);
    if (!list) return;
    await list.loadNext();
    this.fire(node.parent);
  }

  /** All repositories of a registry as pages arrive (for quick picks); shares the tree's listing. */
  async *repositoryPages(registry: Registry, signal?: AbortSignal): AsyncIterable<Repository[]> {
    for await (const page of drainPages(this.listings.repositoryList(registry), () => this.fire(registry), signal)) {
      yield this.produced.remember(page);
    }
  }

  /** A repository's tag rows as pages arrive (for quick picks); shares the tree's listing. */
  async *tagPages(repo: Repository, signal?: AbortSignal): AsyncIterable<Tag[]> {
    const entry = this.listings.imageList(repo);
    for await (const fresh of entry.pages(signal)) yield this.produced.remember(entry.rowsOfPage(fresh));
  }

  /** Resolves when a repository's images stopped loading (a refresh swapped in, the background load ended). */
  imagesSettled(repo: Repository): Promise<void> {
    return this.listings.imagesSettled(repo);
  }

  /** The row of a tag that may not be loaded yet: from the loaded images, else one DescribeImages call by tag. */
  async findTag(repo: Repository, tag: string, signal?: AbortSignal): Promise<Tag | undefined> {
    const entry = this.listings.imageList(repo);
    const image = entry.loadedTag(tag) ?? (entry.status().complete ? undefined : await this.sources.findImageByTag(repo, tag, signal));
    return image ? this.produced.remember([{ kind: 'tag' as const, parent: repo, image, tag }])[0] : undefined;
  }

  revealTag(repo: Repository, tag: string, signal?: AbortSignal): Promise<boolean> {
    return revealTag(this.revealHost(), repo, tag, signal);
  }

  private revealHost(): RevealHost {
    return {
      registries: (signal) => this.registries(signal),
      repositoryPages: (registry, signal) => this.repositoryPages(registry, signal),
      tagPages: (repo, signal) => this.tagPages(repo, signal),
      refresh: (node) => this.refresh(node),
      reveal: async (node, options) => {
        const shown = node.kind === 'repository' ? (this.produced.instance(nodeId(node)) ?? node) : node;
        await this.view?.reveal(shown, options);
      },
    };
  }

  digestOf(tag: Tag, signal?: AbortSignal): Promise<string> {
    return this.sources.digestOf(tag, signal);
  }

  registryClient(registry: Registry, signal?: AbortSignal): Promise<RegistryClient> {
    return this.sources.client(registry, signal);
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    const active = this.filterText !== '';
    void this.setContext('ecrExplorer.filterActive', active);
    if (this.view) {
      this.view.message = active
        ? vscode.l10n.t(
            'Filtered by “{0}” (repository names and tags). Clear it with the Clear Filter button in the view title.',
            this.filterText,
          )
        : undefined;
    }
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.resetAll();
    for (const d of this.subscriptions) d.dispose();
  }

  // ---- internals ----

  private rowContext(): RowContext {
    const now = Date.now();
    return {
      lang: vscode.env.language,
      now,
      imagesStatus: (repo) => {
        const entry = this.listings.knownImages(repo);
        if (!entry?.list.started) return undefined;
        return { ...entry.status(), reloading: this.listings.isReloading(repo) };
      },
      loggedIn: (registry) => {
        const rec = this.services.logins.get(registry.id);
        return rec !== undefined && rec.expiresAt > now;
      },
      newestImage: (repo) => this.listings.knownImages(repo)?.newestImage(),
      credHelper: (registry) => this.services.credHelpers.servedBy(registry.host) !== undefined,
    };
  }

  /** A login changed: listings that failed (e.g. unauthorized) are retried, the rest only redrawn (login state). */
  private afterLoginChange(): void {
    const failed = this.listings.failedIds().flatMap((key) => this.produced.instance(key) ?? []);
    this.redraw();
    for (const node of failed) this.refresh(node);
  }

  /** Redraws without dropping data (login state, sort order, filter). */
  private redraw(): void {
    this.changed.fire(undefined);
  }

  private fire(node: Node): void {
    this.changed.fire(this.produced.canonical(node));
  }

  private resetAll(): void {
    this.root?.controller.abort();
    this.root = undefined;
    this.listings.dropWhere(() => true);
    this.produced.clearShown();
  }

  private withViewProgress<R>(task: Promise<R>): Promise<R> {
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => task.catch(() => undefined));
    return task;
  }

  private rootState(): RootState {
    if (!this.root) {
      const controller = new AbortController();
      const state: RootState = { controller, registries: [], promise: Promise.resolve([]) };
      state.promise = this.withViewProgress(this.loadRoot(state, controller.signal));
      this.root = state;
    }
    return this.root;
  }

  private async loadRoot(state: RootState, signal: AbortSignal): Promise<Node[]> {
    let entries: Array<Registry | Problem>;
    try {
      entries = await this.sources.listRegistries(signal);
    } catch (err) {
      this.services.log.error('Listing registries failed', err);
      entries = [{ kind: 'problem', problem: this.sources.toProblem(err) }];
    }
    state.registries = entries.filter((e): e is Registry => e.kind === 'registry');
    for (const e of entries) {
      if (e.kind === 'problem') this.services.log.warn(`Registry listing problem (${e.problem.code}): ${renderMessage(e.problem.message)}`);
    }
    const onlyNoCredentials = entries.length > 0 && entries.every((e) => e.kind === 'problem' && e.problem.code === 'noCredentials');
    await this.setContext('ecrExplorer.noCredentials', onlyNoCredentials);
    // With no credentials at all the welcome view explains the setup better than a row can.
    return onlyNoCredentials ? [] : entries;
  }

  private setContext(key: string, value: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', key, value);
  }
}
