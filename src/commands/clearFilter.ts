// ECR: Clear Filter.
import type { ExplorerServices } from '../services/services';

export function clearFilter(services: ExplorerServices): void {
  services.tree.setFilter('');
}
