// The Registries view: registries → repositories → tags (→ platforms). Listings are paged (first page shown as
// soon as it arrives, "Load more…" for the rest), failures are rows, never pop-ups, and a filter narrows
// repositories and tags.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import type { ExplorerTree, Services } from '../services/services';
import type { Image, LoadMore, Node, Placeholder, Platform, Problem, Registry, Repository, Tag, UntaggedGroup } from '../model/types';
import type { RegistryClient } from '../registry/index';
import { PagedList } from './pagedList';
import { nodeId } from './nodeIds';
import { TreeSources, type PlatformListing } from './sources';
import { platformTooltip, problemTooltip, registryTooltip, repositoryTooltip, tagTooltip, toTreeItem, type RowContext } from './treeItems';
import { isMultiArch } from './format';

export const VIEW_ID = 'ecrExplorer.registries';

/** Most image indexes read to tell an untagged group's platform manifests from untagged images of their own. */
export const MAX_INDEXES_READ = 200;
/** Indexes read at the same time for that. */
const INDEX_READS_AT_ONCE = 4;

interface RootState {
  promise: Promise<Node[]>;
  registries: Registry[];
  controller: AbortController;
}

interface ImageList {
  list: PagedList<Image>;
  /**
   * Rows derived from list.items, recomputed when the item count or sort order changes: tag rows, and the rows of
   * untagged images (shown under the "Untagged (N)" group).
   */
  rows?: { count: number; sortBy: string; tagged: Tag[]; untagged: Tag[] };
  /**
   * Digests the repository's image indexes reference, learnt whenever an index's platforms are read. ECR's
   * DescribeImages lists each platform manifest as an untagged image; these are not untagged images of their own.
   */
  children: Set<string>;
  /** digest → loaded image (the size of a platform's image), extended as pages arrive. */
  byDigest: Map<string, Image>;
  indexed: number;
  /** Reading the loaded indexes for the untagged group (for `resolvedCount` loaded images). */
  resolving?: Promise<void>;
  resolvedCount?: number;
  /** The group was expanded: it stays (as "Untagged (0)") when reading the indexes leaves nothing in it. */
  groupOpened?: boolean;
}

export class RegistryTreeProvider implements vscode.TreeDataProvider<Node>, ExplorerTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly sources: TreeSources;
  private root: RootState | undefined;
  private readonly repositories = new Map<string, PagedList<Repository>>();
  private readonly images = new Map<string, ImageList>();
  private readonly platforms = new Map<string, Promise<PlatformListing | Problem>>();
  /** The current "Untagged (N)" row of each repository (by repository id), the parent of its untagged rows. */
  private readonly groups = new Map<string, UntaggedGroup>();
  /** Nodes handed to VS Code, by id: onDidChangeTreeData must fire with the same instances. */
  private readonly instances = new Map<string, Node>();
  private filterText = '';
  private view: vscode.TreeView<Node> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.sources = new TreeSources(services, services.context.secrets);
    this.subscriptions.push(
      this.changed,
      services.logins.onDidChange(() => this.afterLoginChange()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (
          ['profiles', 'regions', 'registryIds', 'endpoint', 'genericRegistries', 'requestTimeoutSeconds'].some((k) =>
            e.affectsConfiguration(`ecrExplorer.${k}`),
          )
        ) {
          this.refresh();
        } else if (e.affectsConfiguration('ecrExplorer.images.sortBy')) {
          for (const entry of this.images.values()) entry.rows = undefined;
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
      const entry = this.images.get(nodeId(node.parent));
      const group = entry ? this.untaggedGroup(node.parent, entry) : undefined;
      if (group) return group;
    }
    return node.parent;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const children = await this.childrenOf(node);
    for (const child of children) {
      if (child.kind === 'registry' || child.kind === 'repository') this.instances.set(nodeId(child), child);
    }
    return children;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: Node, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    const ctx = this.rowContext();
    switch (node.kind) {
      case 'registry':
        item.tooltip = registryTooltip(node);
        break;
      case 'repository':
        item.tooltip = repositoryTooltip(node, ctx);
        break;
      case 'tag': {
        let platforms: Platform[] | string | undefined;
        if (isMultiArch(node.image)) {
          // The fetch is shared with expanding the row, so a hover that ends only stops waiting for it.
          const cancelled = new Promise<undefined>((resolve) => token.onCancellationRequested(() => resolve(undefined)));
          const result = await Promise.race([this.platformsOf(node), cancelled]);
          if (result) platforms = 'platforms' in result ? result.platforms : renderMessage(result.problem.message);
        }
        item.tooltip = tagTooltip(node, ctx, platforms);
        break;
      }
      case 'platform':
        item.tooltip = platformTooltip(node, ctx);
        break;
      case 'problem':
        item.tooltip = problemTooltip(node.problem);
        break;
      default:
        break;
    }
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
        this.dropWhere((key) => key === prefix || key.startsWith(`${prefix}/`));
        break;
      }
      case 'repository': {
        const id = nodeId(node);
        this.dropWhere((key) => key === id || key.startsWith(`${id}:`));
        break;
      }
      case 'tag':
        this.platforms.delete(nodeId(node));
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
    return this.root?.registries ?? [];
  }

  // ---- paging, filter ----

  /** Shows the next page below the given "Load more…" row. */
  async loadMore(node: LoadMore): Promise<void> {
    const list = node.parent.kind === 'registry' ? this.repositories.get(nodeId(node.parent)) : this.images.get(nodeId(node.parent))?.list;
    if (!list) return;
    await list.loadNext();
    this.fire(node.parent);
  }

  /** All repositories of a registry as pages arrive (for quick picks); shares the tree's listing. */
  async *repositoryPages(registry: Registry, signal?: AbortSignal): AsyncIterable<Repository[]> {
    const list = this.repositoryList(registry);
    let index = 0;
    for (;;) {
      if (index >= list.items.length) {
        if (!list.hasMore) break;
        await list.loadNext();
        this.fire(registry);
      }
      signal?.throwIfAborted();
      if (index < list.items.length) {
        const fresh = list.items.slice(index);
        index = list.items.length;
        yield fresh;
      }
    }
    if (list.error !== undefined) throw list.error;
  }

  /** A repository's tag rows as pages arrive (for quick picks); shares the tree's listing. */
  async *tagPages(repo: Repository, signal?: AbortSignal): AsyncIterable<Tag[]> {
    const entry = this.imageList(repo);
    let index = 0;
    for (;;) {
      if (index >= entry.list.items.length) {
        if (!entry.list.hasMore) break;
        await entry.list.loadNext();
        this.fire(repo);
      }
      signal?.throwIfAborted();
      if (index < entry.list.items.length) {
        const fresh = entry.list.items.slice(index);
        index = entry.list.items.length;
        yield this.sources.tagsOf(repo, fresh).filter((t) => t.tag !== undefined || !entry.children.has(t.image.digest));
      }
    }
    if (entry.list.error !== undefined) throw entry.list.error;
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
      loggedIn: (registry) => {
        const rec = this.services.logins.get(registry.id);
        return rec !== undefined && rec.expiresAt > now;
      },
    };
  }

  /** A login changed: listings that failed (e.g. unauthorized) are retried, the rest only redrawn (login state). */
  private afterLoginChange(): void {
    const failed: Node[] = [];
    for (const [key, list] of this.repositories) {
      const node = this.instances.get(key);
      if (list.error !== undefined && node) failed.push(node);
    }
    for (const [key, entry] of this.images) {
      const node = this.instances.get(key);
      if (entry.list.error !== undefined && node) failed.push(node);
    }
    this.redraw();
    for (const node of failed) this.refresh(node);
  }

  /** Redraws without dropping data (login state, sort order, filter). */
  private redraw(): void {
    this.changed.fire(undefined);
  }

  private fire(node: Node): void {
    const canonical = node.kind === 'registry' || node.kind === 'repository' ? this.instances.get(nodeId(node)) : node;
    this.changed.fire(canonical ?? undefined);
  }

  private resetAll(): void {
    this.root?.controller.abort();
    this.root = undefined;
    this.dropWhere(() => true);
    this.instances.clear();
  }

  private dropWhere(match: (key: string) => boolean): void {
    for (const [key, list] of this.repositories) {
      if (match(key)) {
        list.cancel();
        this.repositories.delete(key);
      }
    }
    for (const [key, entry] of this.images) {
      if (match(key)) {
        entry.list.cancel();
        this.images.delete(key);
      }
    }
    for (const key of this.platforms.keys()) {
      if (match(key)) this.platforms.delete(key);
    }
    for (const key of this.groups.keys()) {
      if (match(key)) this.groups.delete(key);
    }
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

  private async childrenOf(node?: Node): Promise<Node[]> {
    if (!node) return this.rootState().promise;
    switch (node.kind) {
      case 'registry':
        return this.repositoryRows(node);
      case 'repository':
        return this.tagRowsOf(node);
      case 'tag': {
        const result = await this.platformsOf(node);
        if (!('platforms' in result)) return [result];
        if (!result.platforms.length) return [this.placeholder(node, vscode.l10n.t('Not a multi-platform image'))];
        const entry = this.images.get(nodeId(node.parent));
        if (entry) this.fillPlatformSizes(entry, result.platforms);
        if (result.omitted <= 0) return result.platforms;
        return [
          ...result.platforms,
          this.placeholder(node, vscode.l10n.t('{0} more platforms not shown', result.omitted.toLocaleString(vscode.env.language))),
        ];
      }
      case 'untaggedGroup': {
        const entry = this.images.get(nodeId(node.parent));
        if (!entry) return [];
        entry.groupOpened = true;
        await this.resolveChildren(node.parent, entry);
        const rows = this.visibleUntagged(entry);
        // The count in the group's label follows what reading the indexes found.
        if (rows.length !== node.count) this.fire(node.parent);
        return rows.length
          ? rows
          : [this.placeholder(node, vscode.l10n.t('No untagged images (platform manifests are listed under their multi-platform image)'))];
      }
      default:
        return [];
    }
  }

  private repositoryList(registry: Registry): PagedList<Repository> {
    const key = nodeId(registry);
    let list = this.repositories.get(key);
    if (!list) {
      list = new PagedList<Repository>(
        (signal) => this.sources.listRepositories(registry, signal),
        () => this.fire(registry),
      );
      this.repositories.set(key, list);
    }
    return list;
  }

  private imageList(repo: Repository): ImageList {
    const key = nodeId(repo);
    let entry = this.images.get(key);
    if (!entry) {
      entry = {
        list: new PagedList<Image>(
          (signal) => this.sources.listImages(repo, signal),
          () => this.fire(repo),
        ),
        children: new Set(),
        byDigest: new Map(),
        indexed: 0,
      };
      this.images.set(key, entry);
    }
    return entry;
  }

  /** Loads the first page if nothing was loaded yet; a fetch ahead that settles at once avoids a flicker. */
  private async firstPage<T>(list: PagedList<T>): Promise<void> {
    if (list.started) return;
    await this.withViewProgress(list.loadNext());
    await Promise.race([list.settledAhead(), new Promise((resolve) => setTimeout(resolve, 0))]);
  }

  private async repositoryRows(registry: Registry): Promise<Node[]> {
    const list = this.repositoryList(registry);
    await this.firstPage(list);
    let rows: Node[] = list.items;
    if (this.filterText) {
      const needle = this.filterText.toLowerCase();
      rows = list.items.filter((repo) => repo.name.toLowerCase().includes(needle) || this.hasMatchingTag(repo, needle));
    }
    return this.withTail(
      registry,
      list,
      rows,
      rows.length === 0
        ? this.filterText
          ? vscode.l10n.t('No loaded repository matches the filter')
          : vscode.l10n.t('No repositories')
        : undefined,
    );
  }

  private hasMatchingTag(repo: Repository, needle: string): boolean {
    const entry = this.images.get(nodeId(repo));
    return entry !== undefined && entry.list.items.some((image) => image.tags.some((tag) => tag.toLowerCase().includes(needle)));
  }

  private tagRows(repo: Repository, entry: ImageList): { tagged: Tag[]; untagged: Tag[] } {
    const sortBy = this.services.settings().sortBy;
    if (!entry.rows || entry.rows.count !== entry.list.items.length || entry.rows.sortBy !== sortBy) {
      const all = entry.list.items.length ? this.sources.tagsOf(repo, entry.list.items) : [];
      entry.rows = {
        count: entry.list.items.length,
        sortBy,
        tagged: all.filter((t) => t.tag !== undefined),
        untagged: all.filter((t) => t.tag === undefined),
      };
    }
    return entry.rows;
  }

  /** The untagged rows that are not platform manifests of an index read so far. */
  private visibleUntagged(entry: ImageList): Tag[] {
    const untagged = entry.rows?.untagged ?? [];
    return entry.children.size ? untagged.filter((t) => !entry.children.has(t.image.digest)) : untagged;
  }

  /** The "Untagged (N)" row of a repository, or undefined when it has no untagged image to show. */
  private untaggedGroup(repo: Repository, entry: ImageList): UntaggedGroup | undefined {
    this.tagRows(repo, entry);
    const count = this.visibleUntagged(entry).length;
    const key = nodeId(repo);
    if (count === 0 && !(entry.groupOpened && entry.rows?.untagged.length)) {
      this.groups.delete(key);
      return undefined;
    }
    const known = this.groups.get(key);
    if (known && known.parent === repo && known.count === count) return known;
    const group: UntaggedGroup = { kind: 'untaggedGroup', parent: repo, count };
    this.groups.set(key, group);
    return group;
  }

  private async tagRowsOf(repo: Repository): Promise<Node[]> {
    const entry = this.imageList(repo);
    await this.firstPage(entry.list);
    const { tagged } = this.tagRows(repo, entry);
    let rows: Node[] = tagged;
    const needle = this.filterText.toLowerCase();
    if (needle && !repo.name.toLowerCase().includes(needle)) {
      // A filter on tags leaves the untagged images out.
      rows = tagged.filter((tag) => tag.tag !== undefined && tag.tag.toLowerCase().includes(needle));
    } else {
      const group = this.untaggedGroup(repo, entry);
      if (group) rows = [...rows, group];
    }
    return this.withTail(
      repo,
      entry.list,
      rows,
      rows.length === 0 ? (needle ? vscode.l10n.t('No loaded tag matches the filter') : vscode.l10n.t('No images')) : undefined,
    );
  }

  /** Rows + a problem row for a failed page + "Load more…" while pages remain, or a placeholder when empty. */
  private withTail<T>(parent: Registry | Repository, list: PagedList<T>, rows: Node[], emptyMessage: string | undefined): Node[] {
    const out = [...rows];
    if (list.error !== undefined) {
      const registry = parent.kind === 'registry' ? parent : parent.parent;
      this.services.log.warn(`Listing ${nodeId(parent)} failed`, list.error);
      out.push({ kind: 'problem', parent, problem: this.sources.toProblem(list.error, registry) });
    } else if (list.hasMore) {
      out.push({ kind: 'loadMore', parent, shown: list.items.length });
    } else if (emptyMessage !== undefined) {
      out.push(this.placeholder(parent, emptyMessage));
    }
    return out;
  }

  private placeholder(parent: Registry | Repository | Tag | UntaggedGroup, message: string): Placeholder {
    return { kind: 'placeholder', parent, message };
  }

  /**
   * Reads the loaded image indexes of a repository (at most MAX_INDEXES_READ, shared with expanding their rows) so
   * their platform manifests leave the untagged group. Only when an untagged single-arch image could be one.
   */
  private resolveChildren(repo: Repository, entry: ImageList): Promise<void> {
    const count = entry.list.items.length;
    if (entry.resolving && entry.resolvedCount === count) return entry.resolving;
    entry.resolvedCount = count;
    entry.resolving = (async () => {
      const { tagged, untagged } = this.tagRows(repo, entry);
      if (!untagged.some((t) => !isMultiArch(t.image) && !entry.children.has(t.image.digest))) return;
      const seen = new Set<string>();
      const indexes: Tag[] = [];
      for (const t of [...tagged, ...untagged]) {
        if (isMultiArch(t.image) && t.image.digest && !seen.has(t.image.digest) && indexes.length < MAX_INDEXES_READ) {
          seen.add(t.image.digest);
          indexes.push(t);
        }
      }
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < indexes.length) await this.platformsOf(indexes[next++], true);
      };
      await Promise.all(Array.from({ length: Math.min(INDEX_READS_AT_ONCE, indexes.length) }, worker));
    })();
    return entry.resolving;
  }

  /** Indexes newly loaded images by digest. */
  private indexImages(entry: ImageList): void {
    const items = entry.list.items;
    for (; entry.indexed < items.length; entry.indexed++) {
      const image = items[entry.indexed];
      if (image.digest) entry.byDigest.set(image.digest, image);
    }
  }

  /** A platform row shows its image's size when DescribeImages listed the platform manifest (as an untagged image). */
  private fillPlatformSizes(entry: ImageList, platforms: Platform[]): void {
    this.indexImages(entry);
    for (const p of platforms) {
      const size = entry.byDigest.get(p.digest)?.sizeBytes;
      if (size !== undefined) p.sizeBytes = size;
    }
  }

  /** Remembers what an index references; true when that hides a loaded untagged row. */
  private learnChildren(entry: ImageList, referenced: string[]): boolean {
    this.indexImages(entry);
    let hides = false;
    for (const digest of referenced) {
      if (entry.children.has(digest)) continue;
      entry.children.add(digest);
      if (entry.byDigest.get(digest)?.tags.length === 0) hides = true;
    }
    return hides;
  }

  /** The platforms of a tag's image, read once (shared by expanding, hovering and the untagged group). */
  private platformsOf(tag: Tag, quiet = false): Promise<PlatformListing | Problem> {
    const key = nodeId(tag);
    let pending = this.platforms.get(key);
    if (!pending) {
      pending = this.sources
        .platforms(tag)
        .then((listing) => {
          const entry = this.images.get(nodeId(tag.parent));
          if (entry) {
            this.fillPlatformSizes(entry, listing.platforms);
            // Platform manifests just learnt leave the untagged group: redraw the repository's rows.
            if (this.learnChildren(entry, listing.referenced) && !quiet) this.fire(tag.parent);
          }
          return listing;
        })
        .catch((err: unknown): Problem => {
          this.platforms.delete(key);
          this.services.log.warn(`Reading the platforms of ${key} failed`, err);
          return { kind: 'problem', parent: tag, problem: this.sources.toProblem(err, tag.parent.parent) };
        });
      this.platforms.set(key, pending);
    }
    return pending;
  }

  private setContext(key: string, value: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', key, value);
  }
}
