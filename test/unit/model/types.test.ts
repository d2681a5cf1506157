import { strict as assert } from 'node:assert';
import { isEcrRegistry, isRepository } from '../../../src/model/types';
import { registry, repository } from '../helpers/nodes';

describe('(unit) model guards', () => {
  it('tells registries and repositories apart by kind', () => {
    const repo = repository('team/app');
    assert.equal(isEcrRegistry(registry), true);
    assert.equal(isRepository(registry), false);
    assert.equal(isRepository(repo), true);
    assert.equal(isEcrRegistry(repo), false);
  });
});
