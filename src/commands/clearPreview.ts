// ECR: Clear Preview — removes the lifecycle preview marks (of one repository from its row, else all).
import type { PolicyHost } from '../policies/policyHost';
import type { ExplorerServices } from '../services/services';
import type { Repository } from '../model/types';

function repositoryOf(node: unknown): Repository | undefined {
  const n = node as { kind?: string; parent?: unknown } | undefined;
  if (n?.kind === 'repository') return node as Repository;
  if (n?.kind === 'tag' || n?.kind === 'untaggedGroup') return n.parent as Repository;
  return undefined;
}

export function clearPreview(_services: ExplorerServices, policies: PolicyHost, node?: unknown): boolean {
  return policies.feature().clear(repositoryOf(node));
}
