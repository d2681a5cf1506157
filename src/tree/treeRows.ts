// The rows under a registry, repository, tag or untagged group: the loaded items narrowed by the filter, then a
// problem row for a failed listing, "Load more…" while pages remain, or a placeholder when nothing is left.
import * as vscode from 'vscode';
import type { Node, Placeholder, ProblemInfo, Registry, Repository, Tag, UntaggedGroup } from '../model/types';
import type { TreeListings } from './listings';
import { nodeId } from './nodeIds';
import type { PagedList } from './pagedList';

export interface RowsHost {
  readonly listings: TreeListings;
  toProblem(err: unknown, registry?: Registry): ProblemInfo;
  warn(message: string, err: unknown): void;
  /** The filter text ('' for none). */
  filter(): string;
  /** Shows the view's progress bar while `task` runs. */
  withViewProgress<R>(task: Promise<R>): Promise<R>;
  fire(node: Node): void;
}

export class TreeRows {
  constructor(private readonly host: RowsHost) {}

  /** The children of a row (the registries, at the root, are the provider's). */
  async childrenOf(node: Node): Promise<Node[]> {
    const { listings } = this.host;
    switch (node.kind) {
      case 'registry':
        return this.repositoryRows(node);
      case 'repository':
        return this.tagRowsOf(node);
      case 'tag': {
        const result = await listings.platformsOf(node);
        if (!('platforms' in result)) return [result];
        if (!result.platforms.length) return [placeholder(node, vscode.l10n.t('Not a multi-platform image'))];
        listings.knownImages(node.parent)?.fillPlatformSizes(result.platforms);
        if (result.omitted <= 0) return result.platforms;
        return [
          ...result.platforms,
          placeholder(node, vscode.l10n.t('{0} more platforms not shown', result.omitted.toLocaleString(vscode.env.language))),
        ];
      }
      case 'untaggedGroup': {
        const entry = listings.knownImages(node.parent);
        if (!entry) return [];
        entry.openGroup();
        await entry.resolveChildren((tag) => listings.platformsOf(tag, true));
        const rows = entry.visibleUntagged();
        // The count in the group's label follows what reading the indexes found.
        if (rows.length !== node.count) this.host.fire(node.parent);
        return rows.length
          ? rows
          : [placeholder(node, vscode.l10n.t('No untagged images (platform manifests are listed under their multi-platform image)'))];
      }
      default:
        return [];
    }
  }

  /** Loads the first page if nothing was loaded yet; a fetch ahead that settles at once avoids a flicker. */
  private async firstPage<T>(list: PagedList<T>): Promise<void> {
    if (list.started) return;
    await this.host.withViewProgress(list.loadNext());
    await Promise.race([list.settledAhead(), new Promise((resolve) => setTimeout(resolve, 0))]);
  }

  private async repositoryRows(registry: Registry): Promise<Node[]> {
    const list = this.host.listings.repositoryList(registry);
    await this.firstPage(list);
    const filter = this.host.filter();
    let rows: Node[] = list.items;
    if (filter) {
      const needle = filter.toLowerCase();
      rows = list.items.filter((repo) => repo.name.toLowerCase().includes(needle) || this.hasMatchingTag(repo, needle));
    }
    return this.withTail(
      registry,
      list,
      rows,
      rows.length === 0
        ? filter
          ? vscode.l10n.t('No loaded repository matches the filter')
          : vscode.l10n.t('No repositories')
        : undefined,
    );
  }

  private hasMatchingTag(repo: Repository, needle: string): boolean {
    return this.host.listings.knownImages(repo)?.hasMatchingTag(needle) ?? false;
  }

  private async tagRowsOf(repo: Repository): Promise<Node[]> {
    const entry = this.host.listings.imageList(repo);
    if (!entry.list.started) {
      // The first page paints at once; the rest loads in the background with the view's progress bar.
      await this.host.withViewProgress(entry.start());
      void this.host.withViewProgress(entry.settled());
    }
    const status = entry.status();
    let rows: Node[];
    const needle = this.host.filter().toLowerCase();
    if (needle && !repo.name.toLowerCase().includes(needle)) {
      // The filter searches every loaded image (the background load goes on); untagged images are left out.
      rows = entry.matchingRows(needle);
    } else {
      const { tagged } = entry.tagRows();
      rows = tagged;
      const group = entry.untaggedGroup(repo);
      if (group) rows = [...rows, group];
    }
    const out = [...rows];
    if (entry.list.error !== undefined) {
      this.host.warn(`Listing ${nodeId(repo)} failed`, entry.list.error);
      out.push({ kind: 'problem', parent: repo, problem: this.host.toProblem(entry.list.error, repo.parent) });
    } else if (status.capped) {
      out.push({ kind: 'loadMore', parent: repo, shown: status.loaded, all: true });
    } else if (rows.length === 0) {
      const empty =
        status.loading && needle
          ? vscode.l10n.t('Searching {0} images loaded so far…', status.loaded.toLocaleString(vscode.env.language))
          : needle
            ? vscode.l10n.t('No tag matches the filter')
            : vscode.l10n.t('No images');
      out.push(placeholder(repo, empty));
    }
    return out;
  }

  /** Rows + a problem row for a failed page + "Load more…" while pages remain, or a placeholder when empty. */
  private withTail<T>(parent: Registry | Repository, list: PagedList<T>, rows: Node[], emptyMessage: string | undefined): Node[] {
    const out = [...rows];
    if (list.error !== undefined) {
      const registry = parent.kind === 'registry' ? parent : parent.parent;
      this.host.warn(`Listing ${nodeId(parent)} failed`, list.error);
      out.push({ kind: 'problem', parent, problem: this.host.toProblem(list.error, registry) });
    } else if (list.hasMore) {
      out.push({ kind: 'loadMore', parent, shown: list.items.length });
    } else if (emptyMessage !== undefined) {
      out.push(placeholder(parent, emptyMessage));
    }
    return out;
  }
}

function placeholder(parent: Registry | Repository | Tag | UntaggedGroup, message: string): Placeholder {
  return { kind: 'placeholder', parent, message };
}
