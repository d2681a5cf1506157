import { strict as assert } from 'node:assert';
import { isEcrRegistry, isRepository, type EcrRegistry, type Repository } from '../../../src/model/types';

describe('(unit) model guards', () => {
  it('tells registries and repositories apart by kind', () => {
    const registry: EcrRegistry = {
      kind: 'registry',
      type: 'ecr',
      id: 'ecr:default:us-east-1:123456789012',
      registryId: '123456789012',
      source: { region: 'us-east-1' },
      host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      uri: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
      own: true,
    };
    const repo: Repository = { kind: 'repository', parent: registry, name: 'team/app', uri: `${registry.host}/team/app` };
    assert.equal(isEcrRegistry(registry), true);
    assert.equal(isRepository(registry), false);
    assert.equal(isRepository(repo), true);
    assert.equal(isEcrRegistry(repo), false);
  });
});
