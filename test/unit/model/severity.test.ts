// The severity order of scan findings and the helpers derived from it (src/model/severity.ts).
import { strict as assert } from 'node:assert';
import { compareSeverity, countRows, SEVERITY_ORDER, severityRank, toSeverity, totalOf, worstSeverity } from '../../../src/model/severity';
import type { Severity } from '../../../src/model/types';

describe('(unit) severity order', () => {
  it('orders CRITICAL > HIGH > MEDIUM > LOW > INFORMATIONAL > UNDEFINED', () => {
    assert.deepEqual(SEVERITY_ORDER, ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED']);
    const shuffled = ['LOW', 'UNDEFINED', 'CRITICAL', 'INFORMATIONAL', 'MEDIUM', 'HIGH'] as const;
    assert.deepEqual([...shuffled].sort(compareSeverity), SEVERITY_ORDER);
    assert.ok(severityRank('CRITICAL') < severityRank('HIGH'));
  });

  it('ranks each severity by its index in the order; the comparator agrees with the ranks', () => {
    SEVERITY_ORDER.forEach((s, i) => assert.equal(severityRank(s), i, s));
    for (const a of SEVERITY_ORDER) {
      for (const b of SEVERITY_ORDER)
        assert.equal(Math.sign(compareSeverity(a, b)), Math.sign(severityRank(a) - severityRank(b)), `${a} ${b}`);
    }
    assert.equal(compareSeverity('HIGH', 'HIGH'), 0);
  });

  it('reads server severities leniently: case, UNTRIAGED and unknown values', () => {
    for (const s of SEVERITY_ORDER) assert.equal(toSeverity(s), s);
    assert.equal(toSeverity('critical'), 'CRITICAL');
    assert.equal(toSeverity(' High '), 'HIGH');
    assert.equal(toSeverity('informational'), 'INFORMATIONAL');
    assert.equal(toSeverity('UNTRIAGED'), 'UNDEFINED');
    assert.equal(toSeverity(''), 'UNDEFINED');
    assert.equal(toSeverity('toString'), 'UNDEFINED');
    assert.equal(toSeverity('__proto__'), 'UNDEFINED');
    assert.equal(toSeverity('constructor'), 'UNDEFINED');
    assert.equal(toSeverity(undefined), 'UNDEFINED');
    assert.equal(toSeverity(null), 'UNDEFINED');
    assert.equal(toSeverity(3), 'UNDEFINED');
  });
});

describe('(unit) severity counts: worst, total, rows', () => {
  it('the worst severity is the worst one with a count above 0', () => {
    assert.equal(worstSeverity({ LOW: 2, HIGH: 0, MEDIUM: 1 }), 'MEDIUM');
    assert.equal(worstSeverity({ LOW: 3, HIGH: 1, CRITICAL: 0 }), 'HIGH');
    assert.equal(worstSeverity({ INFORMATIONAL: 1, UNDEFINED: 4 }), 'INFORMATIONAL');
    assert.equal(worstSeverity({ CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, INFORMATIONAL: 1, UNDEFINED: 1 }), 'CRITICAL');
  });

  it('no worst severity without counts: undefined, empty, only zeros', () => {
    assert.equal(worstSeverity(undefined), undefined);
    assert.equal(worstSeverity({}), undefined);
    const zeros = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
    assert.equal(worstSeverity(zeros), undefined);
  });

  it('UNDEFINED (unrated) findings are findings: only UNDEFINED makes UNDEFINED the worst', () => {
    assert.equal(worstSeverity({ UNDEFINED: 2 }), 'UNDEFINED');
    assert.equal(worstSeverity({ UNDEFINED: 2, CRITICAL: 0 }), 'UNDEFINED');
  });

  it('negative or NaN counts are not findings', () => {
    assert.equal(worstSeverity({ CRITICAL: -1, LOW: Number.NaN }), undefined);
    assert.equal(worstSeverity({ CRITICAL: -1, LOW: 1 }), 'LOW');
  });

  it('the total adds every severity; rows list the severities with a count, worst first', () => {
    assert.equal(totalOf({ LOW: 2, MEDIUM: 1, UNDEFINED: 4 }), 7);
    assert.equal(totalOf({}), 0);
    assert.equal(totalOf(undefined), 0);
    assert.deepEqual(countRows({ LOW: 2, CRITICAL: 1, HIGH: 0 }), [
      ['CRITICAL', 1],
      ['LOW', 2],
    ]);
    assert.deepEqual(countRows({ UNDEFINED: 3, INFORMATIONAL: 1 }), [
      ['INFORMATIONAL', 1],
      ['UNDEFINED', 3],
    ]);
    assert.deepEqual(countRows({}), []);
    assert.deepEqual(countRows(undefined), []);
  });
});
