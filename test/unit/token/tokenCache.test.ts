import { strict as assert } from 'node:assert';
import { TokenCache } from '../../../src/token/tokenCache';

const M = 60_000;
const H = 60 * M;
const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

interface Tok {
  value: string;
  expiresAt: Date;
}

/** A deferred promise the test resolves or rejects by hand, so "concurrent" really means concurrent. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('(unit) token cache', () => {
  let now: number;
  let cache: TokenCache<Tok>;
  let calls: number;
  const fetch12h = (label: string) => async (): Promise<Tok> => {
    calls++;
    return { value: `${label}${calls}`, expiresAt: new Date(now + 12 * H) };
  };

  beforeEach(() => {
    now = T0;
    calls = 0;
    cache = new TokenCache<Tok>({ clock: () => now });
  });

  it('reuses a value until half its lifetime, then fetches again', async () => {
    const first = await cache.get('a', fetch12h('t'));
    assert.equal(first.value, 't1');
    now = T0 + 6 * H - 1;
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't1');
    assert.equal(calls, 1);
    now = T0 + 6 * H;
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't2');
    assert.equal(calls, 2);
    assert.deepEqual(cache.info('a'), { issuedAt: now, renewAt: now + 6 * H, expiresAt: now + 12 * H });
  });

  it('records the issue time when the fetch resolves, not when it starts', async () => {
    const d = deferred<Tok>();
    const p = cache.get('a', () => d.promise);
    now = T0 + 2 * H; // a slow fetch (or a suspended laptop) in between
    d.resolve({ value: 'x', expiresAt: new Date(T0 + 12 * H) });
    await p;
    // lifetime seen from the resolve time is 10 h, so renew at +5 h from then
    assert.deepEqual(cache.info('a'), { issuedAt: T0 + 2 * H, renewAt: T0 + 7 * H, expiresAt: T0 + 12 * H });
  });

  it('shares one in-flight fetch between concurrent callers (single-flight)', async () => {
    const d = deferred<Tok>();
    let started = 0;
    const fetcher = (): Promise<Tok> => {
      started++;
      return d.promise;
    };
    const all = Promise.all([cache.get('k', fetcher), cache.get('k', fetcher), cache.get('k', fetcher)]);
    // another key is independent
    const other = cache.get('other', fetch12h('o'));
    assert.equal(started, 1);
    d.resolve({ value: 'shared', expiresAt: new Date(T0 + 12 * H) });
    const results = await all;
    assert.deepEqual(
      results.map((r) => r.value),
      ['shared', 'shared', 'shared'],
    );
    assert.equal((await other).value, 'o1');
    assert.equal(cache.size, 2);
  });

  it('does not cache a failure and clears the in-flight entry', async () => {
    const d = deferred<Tok>();
    const a = cache.get('k', () => d.promise);
    const b = cache.get('k', () => Promise.reject(new Error('never called')));
    d.reject(new Error('AccessDenied'));
    await assert.rejects(a, /AccessDenied/);
    await assert.rejects(b, /AccessDenied/);
    assert.equal(cache.peek('k'), undefined);
    const ok = await cache.get('k', fetch12h('t'));
    assert.equal(ok.value, 't1');
  });

  it('turns a synchronous throw from the fetcher into a rejection', async () => {
    await assert.rejects(
      cache.get('k', () => {
        throw new Error('sync boom');
      }),
      /sync boom/,
    );
    assert.equal((await cache.get('k', fetch12h('t'))).value, 't1');
  });

  it('peek returns a still-valid value without fetching, even past the renew point', async () => {
    assert.equal(cache.peek('a'), undefined);
    await cache.get('a', fetch12h('t'));
    now = T0 + 11 * H;
    assert.equal(cache.peek('a')?.value, 't1');
    now = T0 + 12 * H;
    assert.equal(cache.peek('a'), undefined);
    assert.equal(calls, 1);
  });

  it('invalidate forces a new fetch and drops the result of a fetch that was in flight', async () => {
    await cache.get('a', fetch12h('t'));
    cache.invalidate('a');
    assert.equal(cache.peek('a'), undefined);
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't2');

    const d = deferred<Tok>();
    const stale = cache.get('b', () => d.promise);
    cache.invalidate('b');
    const fresh = cache.get('b', fetch12h('f'));
    d.resolve({ value: 'stale', expiresAt: new Date(T0 + 12 * H) });
    assert.equal((await stale).value, 'stale'); // its own caller still gets it
    assert.equal((await fresh).value, 'f3');
    assert.equal(cache.peek('b')?.value, 'f3');
  });

  it('clear empties everything', async () => {
    await cache.get('a', fetch12h('t'));
    await cache.get('b', fetch12h('t'));
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.peek('a'), undefined);
  });

  it('refetches when the clock jumps past the expiry or far back before the issue time', async () => {
    await cache.get('a', fetch12h('t'));
    now = T0 + 13 * H; // slept through the expiry
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't2');
    const issued = now;
    now = issued - 2 * H; // the clock was corrected backwards by two hours
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't3');
    now = now + M; // a small step within tolerance keeps the value
    assert.equal((await cache.get('a', fetch12h('t'))).value, 't3');
  });

  it('an already-expired token (moto returns 2015) is handed out but never reused', async () => {
    const expired = async (): Promise<Tok> => {
      calls++;
      return { value: `old${calls}`, expiresAt: new Date(Date.UTC(2015, 0, 1)) };
    };
    assert.equal((await cache.get('m', expired)).value, 'old1');
    assert.equal((await cache.get('m', expired)).value, 'old2');
  });

  it('an explicit now overrides the clock for the reuse decision', async () => {
    await cache.get('a', fetch12h('t'));
    assert.equal((await cache.get('a', fetch12h('t'), T0 + 7 * H)).value, 't2');
  });

  it('accepts a custom renew policy', async () => {
    const eager = new TokenCache<Tok>({ clock: () => now, renewAt: (_issued, expires) => expires - 30 * M });
    await eager.get('a', fetch12h('t'));
    now = T0 + 11 * H;
    assert.equal((await eager.get('a', fetch12h('t'))).value, 't1');
    now = T0 + 11 * H + 30 * M;
    assert.equal((await eager.get('a', fetch12h('t'))).value, 't2');
  });
});
