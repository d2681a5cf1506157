// Model nodes for the pure tests: one ECR registry (account 123456789012, us-east-1, default profile) and its
// repositories.
import type { EcrRegistry, Repository } from '../../../src/model/types';

export const registry: EcrRegistry = {
  kind: 'registry',
  type: 'ecr',
  id: 'ecr:default:us-east-1:123456789012',
  registryId: '123456789012',
  source: { region: 'us-east-1' },
  host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  uri: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
  own: true,
};

export function repository(name: string): Repository {
  return { kind: 'repository', parent: registry, name, uri: `${registry.host}/${name}` };
}
