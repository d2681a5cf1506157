// ECR: Load More — the next page below a "Load more…" row.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export async function loadMore(services: ExplorerServices, arg?: unknown): Promise<void> {
  const node: Node | undefined = services.tree.node(arg);
  if (node?.kind === 'loadMore') await services.tree.loadMore(node);
}
