// ECR: Load More — the next page below a "Load more…" row.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export async function loadMore(services: ExplorerServices, node?: Node): Promise<void> {
  if (node?.kind === 'loadMore') await services.tree.loadMore(node);
}
