import * as assert from 'node:assert/strict';
import type { LoginRecord } from '../../../src/model/types';
import { parseLoginRecords, toLoginRecord } from '../../../src/token/loginRecords';
import {
  AutoRenewTracker,
  buildStatus,
  escapeMarkdown,
  nextRedrawDelay,
  renewChoice,
  renewCommandUri,
  type StatusMessages,
} from '../../../src/status/statusText';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WARN = 30 * MIN;
// A fixed instant: 2026-01-02T06:00:00Z (15:00 in Tokyo).
const T0 = Date.UTC(2026, 0, 2, 6, 0, 0);

function fill(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}

/** The same message templates the extension passes to vscode.l10n.t, with its {0} substitution. */
const messages: StatusMessages = {
  barText: (remaining) => fill('ECR {0}', remaining),
  ariaValid: (host, remaining, count) => fill('ECR login for {0} expires in {1} ({2} logins)', host, remaining, count),
  ariaExpired: (expired, count) => fill('{0} of {1} ECR logins expired', expired, count),
  tooltipTitle: () => 'ECR logins',
  columnRegistry: () => 'Registry',
  columnProfile: () => 'Profile',
  columnRegion: () => 'Region',
  columnExpires: () => 'Expires',
  columnLeft: () => 'Left',
  defaultProfile: () => 'default',
  renew: () => 'Renew',
  clickHint: () => 'Click to renew the soonest login.',
  helperBarText: () => 'ECR helper',
  ariaHelper: (count) => fill('{0} ECR registries use the credential helper', count),
  helperCell: () => 'credential helper',
};

let seq = 0;
function rec(left: number, over: Partial<LoginRecord> = {}): LoginRecord {
  seq++;
  const registryId = String(100000000000 + seq);
  return {
    key: `ecr:dev:us-east-1:${registryId}`,
    registryId,
    host: `${registryId}.dkr.ecr.us-east-1.amazonaws.com`,
    profile: 'dev',
    region: 'us-east-1',
    expiresAt: T0 + left,
    loggedInAt: T0 + left - 12 * HOUR,
    cli: 'docker',
    ...over,
  };
}

const en = { warningMs: WARN, lang: 'en', timeZone: 'UTC' };

/** Table rows of the tooltip (the lines that carry a renew link). */
function rows(tooltip: string): string[] {
  return tooltip.split('\n').filter((l) => l.includes('command:'));
}

describe('(unit) status bar text and tooltip', () => {
  it('is hidden when nobody is logged in', () => {
    const s = buildStatus([], T0, en, messages);
    assert.equal(s.visible, false);
    assert.equal(s.level, undefined);
  });

  it('shows the time left on a fresh 12-hour login with the ok level', () => {
    const s = buildStatus([rec(11 * HOUR + 42 * MIN + 30_000)], T0, en, messages);
    assert.equal(s.visible, true);
    assert.equal(s.text, '$(key) ECR 11h 42m');
    assert.equal(s.level, 'ok');
    assert.match(s.ariaLabel, /expires in 11h 42m \(1 logins\)$/);
  });

  it('picks the level at the boundaries: 59 s, exactly the threshold, one ms above, expired by 1 s, exactly 0', () => {
    const cases: Array<[number, string, string]> = [
      [59_000, '$(key) ECR <1m', 'warning'],
      [WARN, '$(key) ECR 30m', 'warning'],
      [WARN + 1, '$(key) ECR 30m', 'ok'],
      [WARN + MIN, '$(key) ECR 31m', 'ok'],
      [0, '$(key) ECR expired', 'expired'],
      [-1000, '$(key) ECR expired', 'expired'],
    ];
    for (const [left, text, level] of cases) {
      const s = buildStatus([rec(left)], T0, en, messages);
      assert.deepEqual([s.text, s.level], [text, level], `left ${left} ms`);
    }
  });

  it('follows the clock when it jumps forward (sleep) and back', () => {
    const records = [rec(2 * HOUR)];
    assert.equal(buildStatus(records, T0, en, messages).text, '$(key) ECR 2h');
    const afterSleep = buildStatus(records, T0 + 3 * HOUR, en, messages);
    assert.deepEqual([afterSleep.text, afterSleep.level], ['$(key) ECR expired', 'expired']);
    const nearEnd = buildStatus(records, T0 + 2 * HOUR - 10 * MIN, en, messages);
    assert.deepEqual([nearEnd.text, nearEnd.level], ['$(key) ECR 10m', 'warning']);
    const back = buildStatus(records, T0 - HOUR, en, messages);
    assert.deepEqual([back.text, back.level], ['$(key) ECR 3h', 'ok']);
  });

  it('with many registries shows the soonest one and lists all of them soonest first', () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(HOUR + ((i * 7919) % 40) * MIN));
    const s = buildStatus(records, T0, en, messages);
    assert.equal(s.text, '$(key) ECR 1h');
    const soonest = records.reduce((a, b) => (a.expiresAt <= b.expiresAt ? a : b));
    assert.equal(s.subject?.key, soonest.key);
    const r = rows(s.tooltip);
    assert.equal(r.length, 40);
    const order = [...records].sort((a, b) => a.expiresAt - b.expiresAt);
    order.forEach((o, i) => assert.ok(r[i].includes(renewCommandUri(o.key)), `row ${i}`));
  });

  it('says expired as soon as one of several logins expired, and the error level wins', () => {
    const expired = rec(-5 * MIN);
    const s = buildStatus([rec(5 * HOUR), expired, rec(10 * MIN)], T0, en, messages);
    assert.equal(s.text, '$(key) ECR expired');
    assert.equal(s.level, 'expired');
    assert.equal(s.subject?.key, expired.key);
    assert.equal(s.ariaLabel, '1 of 3 ECR logins expired');
  });

  it('shows a warning when any login is within the threshold even if it is not the one named', () => {
    const s = buildStatus([rec(5 * HOUR), rec(29 * MIN)], T0, { ...en, warningMs: 30 * MIN }, messages);
    assert.deepEqual([s.text, s.level], ['$(key) ECR 29m', 'warning']);
  });

  it('writes each row with profile, region, local expiry time, time left and a renew link', () => {
    const a = rec(11 * HOUR + 42 * MIN);
    const b = rec(20 * MIN, { profile: undefined, region: 'eu-west-1' });
    const s = buildStatus([a, b], T0, en, messages);
    const [first, second] = rows(s.tooltip);
    assert.ok(first.startsWith('| $(warning) |'), first);
    assert.ok(first.includes('| default | eu\\-west\\-1 |'), first);
    assert.ok(first.includes('Jan 2, 2026, 6:20 AM'.replace(/:/g, (c) => `\\${c}`)), first);
    assert.ok(first.includes('| 20m |'), first);
    assert.ok(second.startsWith('| $(pass) |'), second);
    assert.ok(second.includes('| dev | us\\-east\\-1 |'), second);
    assert.ok(second.includes(`[Renew](${renewCommandUri(a.key)})`), second);
    assert.ok(s.tooltip.startsWith('**ECR logins**'));
  });

  it('formats Japanese time words and dates', () => {
    const ja = { warningMs: WARN, lang: 'ja', timeZone: 'Asia/Tokyo' };
    const s = buildStatus([rec(11 * HOUR + 42 * MIN)], T0, ja, messages);
    assert.equal(s.text, '$(key) ECR 11時間42分');
    const [row] = rows(s.tooltip);
    // 06:00Z + 11:42 = 17:42Z = 02:42 next day in Tokyo.
    assert.ok(row.includes('2026/01/03 2\\:42'), row);
    assert.ok(row.includes('| 11時間42分 |'), row);
    assert.equal(buildStatus([rec(-1000)], T0, ja, messages).text, '$(key) ECR 期限切れ');
  });

  it('escapes untrusted text so only the renew command can be linked', () => {
    const evil = rec(HOUR, {
      host: 'x](command:workbench.action.terminal.new) <img src=x> $(bug) `code` | \u001b[31mred\u202e',
      profile: '**bold**',
      region: '[r](https://example.invalid)',
    });
    const s = buildStatus([evil], T0, en, messages);
    const links = [...s.tooltip.matchAll(/(?<!\\)\]\((?<target>[^)]*)\)/g)].map((m) => m.groups?.target);
    assert.deepEqual(links, [renewCommandUri(evil.key)]);
    assert.ok(!s.tooltip.includes('\u001b') && !s.tooltip.includes('\u202e'));
    assert.ok(!/(?<!\\)<img/.test(s.tooltip));
    assert.ok(s.tooltip.includes('\\$\\(bug\\)'));
    assert.ok(s.tooltip.includes('\\*\\*bold\\*\\*'));
    // A pipe in a host must not open a new table cell: the row keeps its 8 unescaped pipes.
    const row = rows(s.tooltip)[0];
    assert.equal(row.match(/(?<!\\)\|/g)?.length, 8, row);
  });

  it('bounds the length of untrusted text', () => {
    assert.equal(escapeMarkdown('a'.repeat(1000), 10), `${'a'.repeat(9)}…`);
  });

  it('encodes the renew arguments so they survive the Markdown link and decode to the key', () => {
    const key = 'ecr:we(ird) prof!:us-east-1:123456789012';
    const uri = renewCommandUri(key);
    assert.ok(uri.startsWith('command:ecrExplorer.renewLogin?'));
    assert.ok(!/[()\s!]/.test(uri.slice('command:'.length)), uri);
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1])), [key]);
  });
});

describe('(unit) status bar redraw timing', () => {
  it('wakes at the next wall-clock minute when nothing is logged in', () => {
    assert.equal(nextRedrawDelay([], T0 + 15_000, 0), 45_000);
    assert.equal(nextRedrawDelay([], T0 + 59_500, 0), 1000); // never below one second
  });

  it('wakes when a login crosses a whole minute of remaining time, before the wall-clock minute', () => {
    const r = rec(10 * MIN + 20_000); // remaining crosses 10m at T0 + 20 s
    const delay = nextRedrawDelay([r], T0, 50);
    assert.equal(delay, 20_001 + 50);
    const later = T0 + delay;
    assert.equal(buildStatus([r], later, en, messages).text, '$(key) ECR 9m');
    assert.equal(buildStatus([r], later - 100, en, messages).text, '$(key) ECR 10m');
  });

  it('recomputes from the clock after a jump (e.g. wake from sleep)', () => {
    const r = rec(HOUR);
    const jumped = T0 + 5 * HOUR + 12_345;
    const delay = nextRedrawDelay([r], jumped, 0);
    assert.ok(delay > 0 && delay <= 60_000, String(delay));
    assert.equal((jumped + delay) % MIN, 0); // back on the wall-clock grid; the long-expired login no longer anchors
  });
});

describe('(unit) renew choice and auto-renew bookkeeping', () => {
  it('chooses the logins that need renewing, soonest first, else the soonest', () => {
    const ok1 = rec(5 * HOUR);
    const ok2 = rec(3 * HOUR);
    assert.deepEqual(renewChoice([ok1, ok2], T0, WARN), { needing: [], soonest: ok2 });
    const warn = rec(10 * MIN);
    const dead = rec(-MIN);
    const c = renewChoice([ok1, warn, ok2, dead], T0, WARN);
    assert.deepEqual(
      c.needing.map((r) => r.key),
      [dead.key, warn.key],
    );
    assert.equal(c.soonest?.key, dead.key);
    assert.deepEqual(renewChoice([], T0, WARN), { needing: [], soonest: undefined });
  });

  it('is due exactly at the renew point, not a minute before', () => {
    const t = new AutoRenewTracker();
    const r = rec(30 * MIN);
    assert.deepEqual(t.due([r], T0 - MIN, 30 * MIN), []);
    assert.deepEqual(t.due([r], T0, 30 * MIN), [r]);
  });

  it('runs one attempt at a time, retries after the retry interval and reports a failure only once per expiry', () => {
    const t = new AutoRenewTracker(5 * MIN);
    const r = rec(10 * MIN);
    t.started(r, T0);
    assert.deepEqual(t.due([r], T0 + MIN, 30 * MIN), [], 'in flight');
    assert.equal(t.failed(r), true, 'first failure is reported');
    assert.deepEqual(t.due([r], T0 + MIN, 30 * MIN), [], 'too soon to retry');
    assert.deepEqual(t.due([r], T0 + 5 * MIN, 30 * MIN), [r], 'retry after the interval');
    t.started(r, T0 + 5 * MIN);
    assert.equal(t.failed(r), false, 'second failure for the same expiry is not reported');
    // A renewal elsewhere (another window, a manual login) gives a new expiry: due later, reported again if it fails.
    const renewed = { ...r, expiresAt: T0 + 12 * HOUR };
    assert.deepEqual(t.due([renewed], T0 + 6 * MIN, 30 * MIN), []);
    t.started(renewed, T0 + 12 * HOUR - 20 * MIN);
    assert.equal(t.failed(renewed), true);
  });

  it('forgets a login once it succeeded or was removed', () => {
    const t = new AutoRenewTracker(5 * MIN);
    const r = rec(10 * MIN);
    t.started(r, T0);
    t.succeeded(r);
    assert.deepEqual(t.due([r], T0, 30 * MIN), [r]);
    t.started(r, T0);
    t.failed(r);
    t.due([], T0, 30 * MIN); // logged out
    t.started(r, T0 + MIN);
    assert.equal(t.failed(r), true);
  });
});

describe('(unit) stored login records', () => {
  it('keeps only well-formed records with exactly the known fields', () => {
    const good = rec(HOUR);
    const withSecret = { ...rec(2 * HOUR), password: 'hunter2', authorizationToken: 'QVdTOmh1bnRlcjI=' };
    const parsed = parseLoginRecords([good, withSecret, null, 'x', { ...good, key: 'other', expiresAt: 'soon' }, { ...good, host: '' }]);
    assert.deepEqual(
      parsed.map((r) => r.key),
      [good.key, withSecret.key],
    );
    assert.ok(!JSON.stringify(parsed).includes('hunter2'));
    assert.ok(!JSON.stringify(parsed).includes('QVdTOmh1bnRlcjI='));
    const { profile: _profile, ...noProfile } = good;
    assert.deepEqual(toLoginRecord({ ...good, profile: undefined }), noProfile);
    assert.deepEqual(parseLoginRecords({ not: 'an array' }), []);
  });
});
