// ECR: Refresh — the whole view from the title, or one row (and what is below it) from its context menu.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export function refresh(services: ExplorerServices, arg?: unknown): void {
  // A row the tree produced refreshes itself; anything else refreshes the whole view.
  const node: Node | undefined = arg === undefined ? undefined : services.tree.node(arg);
  services.tree.refresh(node);
}
