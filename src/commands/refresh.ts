// ECR: Refresh — the whole view from the title, or one row (and what is below it) from its context menu.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export function refresh(services: ExplorerServices, node?: Node): void {
  services.tree.refresh(node && typeof node === 'object' && 'kind' in node ? node : undefined);
}
