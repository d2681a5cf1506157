import { strict as assert } from 'node:assert';
import {
  expiryLevel,
  formatExpiryTime,
  formatRemaining,
  msUntilNextMinute,
  msUntilRemainingChanges,
  remainingMs,
  renewAt,
  summarizeExpiries,
} from '../../../src/token/expiry';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
// A fixed wall-clock origin: 2026-03-04T05:06:07.089Z (deliberately not on a minute boundary).
const T0 = Date.UTC(2026, 2, 4, 5, 6, 7, 89);

describe('(unit) token expiry arithmetic', () => {
  describe('remainingMs / expiryLevel', () => {
    const expiresAt = T0 + 12 * H;
    const warn = 30 * M;

    it('is ok well before the warning threshold', () => {
      assert.equal(remainingMs(expiresAt, T0), 12 * H);
      assert.equal(expiryLevel(expiresAt, T0, warn), 'ok');
      assert.equal(expiryLevel(expiresAt, expiresAt - warn - 1, warn), 'ok');
    });

    it('is warning exactly at the threshold and inside it', () => {
      assert.equal(expiryLevel(expiresAt, expiresAt - warn, warn), 'warning');
      assert.equal(expiryLevel(expiresAt, expiresAt - 59 * S, warn), 'warning');
      assert.equal(expiryLevel(expiresAt, expiresAt - 1, warn), 'warning');
    });

    it('is expired at zero remaining and after', () => {
      assert.equal(remainingMs(expiresAt, expiresAt), 0);
      assert.equal(expiryLevel(expiresAt, expiresAt, warn), 'expired');
      assert.equal(expiryLevel(expiresAt, expiresAt + S, warn), 'expired');
      assert.equal(remainingMs(expiresAt, expiresAt + S), -S);
      assert.equal(expiryLevel(Number.NaN, T0, warn), 'expired');
    });

    it('a zero warning threshold never warns', () => {
      assert.equal(expiryLevel(expiresAt, expiresAt - 1, 0), 'ok');
      assert.equal(expiryLevel(expiresAt, expiresAt, 0), 'expired');
    });

    it('follows the wall clock when it jumps forward or back (no counters)', () => {
      // The laptop sleeps for 13 hours: the next evaluation is simply expired.
      assert.equal(expiryLevel(expiresAt, T0 + 13 * H, warn), 'expired');
      // The clock is corrected back by an hour: more time is left, computed from the new wall clock.
      assert.equal(remainingMs(expiresAt, T0 - H), 13 * H);
      assert.equal(formatRemaining(remainingMs(expiresAt, T0 - H)), '13h');
      // And forward again into the warning window.
      assert.equal(expiryLevel(expiresAt, expiresAt - 10 * M, warn), 'warning');
    });
  });

  describe('formatRemaining', () => {
    it('English', () => {
      assert.equal(formatRemaining(11 * H + 42 * M + 59 * S), '11h 42m');
      assert.equal(formatRemaining(12 * H), '12h');
      assert.equal(formatRemaining(42 * M), '42m');
      assert.equal(formatRemaining(59 * M + 59 * S), '59m');
      assert.equal(formatRemaining(60 * M), '1h');
      assert.equal(formatRemaining(61 * M), '1h 1m');
      assert.equal(formatRemaining(M), '1m');
      assert.equal(formatRemaining(59 * S), '<1m');
      assert.equal(formatRemaining(1), '<1m');
      assert.equal(formatRemaining(0), 'expired');
      assert.equal(formatRemaining(-S), 'expired');
      assert.equal(formatRemaining(Number.NaN), 'expired');
      assert.equal(formatRemaining(42 * M, 'en'), '42m');
      assert.equal(formatRemaining(42 * M, 'de'), '42m');
    });

    it('Japanese for ja and ja-JP', () => {
      assert.equal(formatRemaining(11 * H + 42 * M, 'ja'), '11時間42分');
      assert.equal(formatRemaining(12 * H, 'ja'), '12時間');
      assert.equal(formatRemaining(42 * M, 'ja-JP'), '42分');
      assert.equal(formatRemaining(59 * S, 'ja'), '1分未満');
      assert.equal(formatRemaining(0, 'ja'), '期限切れ');
      assert.equal(formatRemaining(-H, 'JA'), '期限切れ');
      // "jav" (Javanese) is not Japanese.
      assert.equal(formatRemaining(42 * M, 'jv'), '42m');
    });

    it('counts down across a real 12-hour lifetime without ever overstating', () => {
      const expiresAt = T0 + 12 * H;
      for (let now = T0; now < expiresAt; now += 7 * M + 13 * S) {
        const text = formatRemaining(remainingMs(expiresAt, now));
        const m = /^(?:(\d+)h)? ?(?:(\d+)m)?$/.exec(text);
        assert.ok(m, text);
        const shownMs = (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * M;
        assert.ok(shownMs <= expiresAt - now && expiresAt - now - shownMs < M, `${text} at ${expiresAt - now}`);
      }
    });
  });

  describe('formatExpiryTime', () => {
    it('formats the absolute local time per locale and time zone', () => {
      const en = formatExpiryTime(T0, 'en-US', 'UTC');
      assert.match(en, /Mar 4, 2026/);
      assert.match(en, /5:06\sAM/);
      const ja = formatExpiryTime(T0, 'ja-JP', 'Asia/Tokyo');
      assert.match(ja, /2026\/03\/04/);
      assert.match(ja, /14:06/);
    });
  });

  describe('renewAt', () => {
    it('is half of the lifetime (a 12 h token renews after 6 h)', () => {
      assert.equal(renewAt(T0, T0 + 12 * H), T0 + 6 * H);
      assert.equal(renewAt(T0, T0 + 2 * M), T0 + M);
    });

    it('renews immediately when the token was issued already expired', () => {
      const moto2015 = Date.UTC(2015, 0, 1);
      assert.equal(renewAt(T0, moto2015), T0);
      assert.equal(renewAt(T0, T0), T0);
      assert.equal(renewAt(T0, Number.NaN), T0);
    });
  });

  describe('msUntilNextMinute', () => {
    it('counts to the next wall-clock minute', () => {
      assert.equal(msUntilNextMinute(T0), 60 * S - 7089);
      const boundary = Date.UTC(2026, 2, 4, 5, 7, 0, 0);
      assert.equal(msUntilNextMinute(boundary), 60 * S);
      assert.equal(msUntilNextMinute(boundary - 1), 1);
      assert.equal(msUntilNextMinute(boundary + 1), 60 * S - 1);
    });
  });

  describe('msUntilRemainingChanges', () => {
    it('wakes exactly when the remaining text changes', () => {
      const expiresAt = T0 + 2 * H + 30 * S;
      let now = T0 + 10 * S;
      // Walk a whole lifetime by jumping from change to change: every wake shows a new text, and the text
      // just before the wake equals the text at the start of the interval.
      let changes = 0;
      for (;;) {
        const wait = msUntilRemainingChanges(expiresAt, now);
        if (wait === undefined) break;
        assert.ok(wait >= 1 && wait <= 60 * S, String(wait));
        const text = formatRemaining(remainingMs(expiresAt, now));
        assert.equal(formatRemaining(remainingMs(expiresAt, now + wait - 1)), text);
        assert.notEqual(formatRemaining(remainingMs(expiresAt, now + wait)), text);
        now += wait;
        changes++;
      }
      assert.equal(formatRemaining(remainingMs(expiresAt, now)), 'expired');
      assert.equal(now, expiresAt);
      // 2h0m, then 1h59m … 1m (120 texts), then <1m, then expired
      assert.equal(changes, 121);
      assert.equal(msUntilRemainingChanges(expiresAt, expiresAt + S), undefined);
      assert.equal(msUntilRemainingChanges(T0 + 2 * H, T0), 1);
    });
  });

  describe('summarizeExpiries over many registries', () => {
    it('counts levels and picks the soonest still-valid registry', () => {
      const warn = 30 * M;
      const items = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, expiresAt: T0 + (i - 5) * 20 * M }));
      const s = summarizeExpiries(items, T0, warn);
      assert.ok(s);
      // i=0..5 → expired (≤ 0 left), i=6 → 20 min (warning), rest ok.
      assert.deepEqual(s.counts, { expired: 6, warning: 1, ok: 43 });
      assert.equal(s.level, 'expired');
      assert.equal(s.next?.id, 'r6');

      const later = summarizeExpiries(items.slice(7), T0, warn);
      assert.equal(later?.level, 'ok');
      assert.equal(later?.next?.id, 'r7');
      assert.equal(summarizeExpiries([], T0, warn), undefined);
      const allGone = summarizeExpiries(items.slice(0, 3), T0, warn);
      assert.equal(allGone?.next, undefined);
      assert.equal(allGone?.level, 'expired');
    });
  });
});
