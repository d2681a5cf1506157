// ECR: Refresh — the whole view from the title, or one row (and what is below it) from its context menu.
import type { Node } from '../model/types';
import type { ExplorerServices } from '../services/services';

export function refresh(services: ExplorerServices, node?: Node): void {
  const target = node && typeof node === 'object' && 'kind' in node ? node : undefined;
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
