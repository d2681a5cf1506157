import { strict as assert } from 'node:assert';
import { newestInLine, parseTagVersion } from '../../../src/references/tagVersions';

describe('(unit) references tag versions', () => {
  it('reads versions with prefixes and suffixes, and refuses what is not one', () => {
    assert.deepEqual(parseTagVersion('v1.8.3'), { prefix: 'v', numbers: [1, 8, 3], suffix: '' });
    assert.deepEqual(parseTagVersion('20.11.1-alpine'), { prefix: '', numbers: [20, 11, 1], suffix: '-alpine' });
    for (const t of ['latest', 'main', '1', 'abc123f', '2024-01-01', '1.2.3.4.5', '']) assert.equal(parseTagVersion(t), undefined, t);
  });

  it('finds the newest tag of the same major line with the same shape', () => {
    const tags = ['1.8.3', '1.8.4', '1.10.0', '2.0.0', '1.9.0-rc.1', 'v1.11.0', '1.11', '1.12.0-alpine', 'latest'];
    assert.equal(newestInLine('1.8.3', tags), '1.10.0');
    assert.equal(newestInLine('1.10.0', tags), undefined);
    assert.equal(newestInLine('2.0.0', tags), undefined);
    assert.equal(newestInLine('1.11.0-alpine', tags), '1.12.0-alpine');
    assert.equal(newestInLine('latest', tags), undefined);
  });

  it('keeps 0.x lines to their minor version, and moves pre-releases to releases only', () => {
    assert.equal(newestInLine('0.3.1', ['0.3.2', '0.4.0', '0.3.10']), '0.3.10');
    assert.equal(newestInLine('1.9.0-rc.1', ['1.9.0-rc.2', '1.9.0', '1.9.1']), '1.9.1');
    assert.equal(newestInLine('1.9.0', ['1.9.1-rc.1', '1.10.0-beta']), undefined);
  });

  it('compares numerically, not as text', () => {
    assert.equal(newestInLine('3.9.0', ['3.10.0', '3.9.9']), '3.10.0');
  });
});
