// Reading JSON-shaped values from servers: plain objects and times in every form ECR, moto and the SDK give.
import { strict as assert } from 'node:assert';
import { epochMs, isRecord, toDate } from '../../../src/model/untrusted';

describe('(unit) model/untrusted', () => {
  it('isRecord: plain objects only', () => {
    assert.ok(isRecord({}) && isRecord({ a: 1 }) && isRecord(Object.create(null)));
    for (const v of [null, undefined, [], [1], 'x', 3, true]) assert.equal(isRecord(v), false, String(v));
  });

  it('epochMs: Dates, epoch seconds rounded to ms as the SDK does, ISO strings; nothing else', () => {
    assert.equal(epochMs(new Date(1714644930123)), 1714644930123);
    assert.equal(epochMs(1714644930.1234), 1714644930123);
    assert.equal(epochMs(1714644930.1236), 1714644930124);
    assert.equal(epochMs('2024-05-02T10:15:30Z'), Date.parse('2024-05-02T10:15:30Z'));
    for (const v of [NaN, Infinity, 1e300, 'yesterday', '', null, undefined, {}, [], new Date(NaN), true]) {
      assert.equal(epochMs(v), undefined, String(v));
    }
  });

  it('toDate: the same Date when already valid, a new one from seconds or ISO text, undefined otherwise', () => {
    const d = new Date(1714644930000);
    assert.equal(toDate(d), d);
    assert.equal(toDate(1714644930)?.getTime(), 1714644930000);
    assert.equal(toDate('2024-05-02T10:15:30Z')?.toISOString(), '2024-05-02T10:15:30.000Z');
    for (const v of [new Date(NaN), NaN, 1e300, 'x', null, {}]) assert.equal(toDate(v), undefined, String(v));
  });
});
