// Generic registries' passwords: indexed when stored, and pruned when the registry left the settings by hand.
import { strict as assert } from 'node:assert';
import { GenericSecretStore } from '../../../src/services/genericSecretStore';
import { GENERIC_SECRET_INDEX_KEY, genericSecretKey, orphanedSecretUrls } from '../../../src/token/genericSecrets';

function fakes() {
  const secrets = new Map<string, string>();
  const state = new Map<string, unknown>();
  const store = new GenericSecretStore(
    {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
      onDidChange: () => ({ dispose() {} }),
    } as never,
    {
      get: (k: string) => state.get(k),
      update: async (k: string, v: unknown) => void (v === undefined ? state.delete(k) : state.set(k, v)),
      keys: () => [...state.keys()],
    } as never,
  );
  return { secrets, state, store };
}

describe('(unit) token: generic registry secrets', () => {
  it('orphans are the indexed URLs that are no longer configured (garbage in the index ignored)', () => {
    assert.deepEqual(orphanedSecretUrls(['https://a', 'https://b', 7, null, 'https://a'], ['https://b']), ['https://a']);
    assert.deepEqual(orphanedSecretUrls('not a list', []), []);
  });

  it('a registry removed from the settings by hand has its password deleted by prune; the others stay', async () => {
    const { secrets, state, store } = fakes();
    await store.store('https://kept.example', 'pw-kept');
    await store.store('https://gone.example', 'pw-gone');
    assert.deepEqual(state.get(GENERIC_SECRET_INDEX_KEY), ['https://kept.example', 'https://gone.example']);
    assert.deepEqual(await store.prune(['https://kept.example']), ['https://gone.example']);
    assert.equal(secrets.get(genericSecretKey('https://gone.example')), undefined);
    assert.equal(secrets.get(genericSecretKey('https://kept.example')), 'pw-kept');
    assert.deepEqual(state.get(GENERIC_SECRET_INDEX_KEY), ['https://kept.example']);
    await store.delete('https://kept.example');
    assert.equal(state.has(GENERIC_SECRET_INDEX_KEY), false);
  });
});
