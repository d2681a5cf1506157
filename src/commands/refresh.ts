// ECR: Refresh — the whole view from the title, or one row (and what is below it) from its context menu.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export function refresh(services: ExplorerServices, arg?: unknown): void {
  // A row the tree produced refreshes itself; anything else refreshes the whole view.
  const target: Node | undefined = arg === undefined ? undefined : services.tree.node(arg);
  services.tree.refresh(target);
  // What image references in open files say comes from the same data: forget it for what was refreshed.
  const registry = target?.kind === 'registry' ? target : target?.kind === 'repository' ? target.parent : undefined;
  if (!target) services.references?.invalidate();
  else if (registry?.type === 'ecr') {
    services.references?.invalidate({
      registryId: registry.registryId,
      region: registry.source.region,
      ...(target.kind === 'repository' ? { repository: target.name } : {}),
    });
  }
}
