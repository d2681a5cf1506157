// Shared by the registry client suites (docker-registry, the emulator's /v2, hostile servers).
import { strict as assert } from 'node:assert';
import { RegistryError } from '../../../src/registry';

/** Awaits `p` and asserts it rejects with a RegistryError of `code`; returns that error. */
export async function rejectsWith(p: Promise<unknown>, code: RegistryError['code']): Promise<RegistryError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RegistryError, `expected RegistryError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a RegistryError ${code}`);
}

/** Every page of a paged listing, in order. */
export async function collect(it: AsyncIterable<string[]>): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of it) pages.push(page);
  return pages;
}
