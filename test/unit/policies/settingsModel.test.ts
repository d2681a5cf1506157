import { strict as assert } from 'node:assert';
import { narrowsMutability, parseExclusionFilters } from '../../../src/policies/settingsModel';

describe('(unit) policies/settingsModel', () => {
  it('a change that leaves fewer overwritable tags narrows; one that widens does not', () => {
    const cases: Array<[string, string[], string, string[], boolean]> = [
      ['MUTABLE', [], 'IMMUTABLE', [], true],
      ['IMMUTABLE', [], 'MUTABLE', [], false],
      ['MUTABLE', [], 'MUTABLE_WITH_EXCLUSION', ['release-*'], true],
      ['MUTABLE', [], 'IMMUTABLE_WITH_EXCLUSION', ['dev-*'], true],
      ['IMMUTABLE', [], 'IMMUTABLE_WITH_EXCLUSION', ['dev-*'], false],
      ['IMMUTABLE', [], 'MUTABLE_WITH_EXCLUSION', ['release-*'], false],
      ['IMMUTABLE_WITH_EXCLUSION', ['dev-*'], 'IMMUTABLE_WITH_EXCLUSION', ['dev-*', 'tmp-*'], false],
      ['IMMUTABLE_WITH_EXCLUSION', ['dev-*', 'tmp-*'], 'IMMUTABLE_WITH_EXCLUSION', ['dev-*'], true],
      ['MUTABLE_WITH_EXCLUSION', ['release-*'], 'MUTABLE_WITH_EXCLUSION', ['release-*', 'v*'], true],
      ['MUTABLE_WITH_EXCLUSION', ['release-*', 'v*'], 'MUTABLE_WITH_EXCLUSION', ['v*'], false],
      ['MUTABLE_WITH_EXCLUSION', ['v*'], 'IMMUTABLE_WITH_EXCLUSION', ['dev-*'], true],
      ['IMMUTABLE_WITH_EXCLUSION', ['dev-*'], 'IMMUTABLE', [], true],
      ['IMMUTABLE_WITH_EXCLUSION', ['dev-*'], 'MUTABLE', [], false],
    ];
    for (const [from, ff, to, tf, expected] of cases)
      assert.equal(narrowsMutability(from, ff, to, tf), expected, `${from} ${ff} → ${to} ${tf}`);
  });

  it('exclusion filters: split on commas and spaces, deduplicated, validated like ECR (at most 5)', () => {
    assert.deepEqual(parseExclusionFilters(' dev-*, tmp-*  dev-* '), { filters: ['dev-*', 'tmp-*'] });
    assert.deepEqual(parseExclusionFilters('dev-*, bad/tag'), { invalid: 'bad/tag' });
    assert.deepEqual(parseExclusionFilters('  '), { invalid: '' });
    assert.deepEqual(parseExclusionFilters('a,b,c,d,e,f'), { tooMany: 6 });
    assert.deepEqual(parseExclusionFilters('x'.repeat(129)), { invalid: 'x'.repeat(129) });
  });
});
