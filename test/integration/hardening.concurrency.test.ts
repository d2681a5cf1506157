// Concurrency (docs/SECURITY.md): 20 refreshes and 10 logins at once on a fresh data layer. One GetAuthorizationToken per
// registry (single-flight, counted at the emulator), no duplicated rows, no unhandled rejection in the extension
// host, and exactly one login terminal per requested login.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LoginOutcome } from '../../src/login/loginTerminal';
import type { Node } from '../../src/model/types';
import { waitFor } from './helpers';
import { ALPHA, BETA, children, emulatorControl as emu, registryNode, setUpHardening, type HardeningFixture } from './hardeningFixture';

describe('(integration) hardening: concurrency', function () {
  this.timeout(180_000);
  let f: HardeningFixture;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };

  before(async () => {
    f = await setUpHardening();
    process.on('unhandledRejection', onRejection);
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await vscode.workspace.getConfiguration('ecrExplorer').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await f?.dispose();
  });

  it('20 refreshes + 10 logins at once: one token call per registry, no duplicate rows, one terminal per login, no unhandled rejection', async () => {
    const alpha = await registryNode(f, ALPHA);
    const beta = await registryNode(f, BETA);
    // A new data layer (the settings key changes) starts with an empty token cache.
    await vscode.workspace.getConfiguration('ecrExplorer').update('requestTimeoutSeconds', 29, vscode.ConfigurationTarget.Global);
    await waitFor('a fresh data layer', () => f.api.services.settings().requestTimeoutMs === 29_000);
    await emu.resetCalls();

    const opened: vscode.Terminal[] = [];
    const sub = vscode.window.onDidOpenTerminal((t) => {
      if (t.name.startsWith('Login')) opened.push(t);
    });
    const before = vscode.window.terminals.filter((t) => t.name.startsWith('Login')).length;
    try {
      const refreshes = Array.from({ length: 20 }, async (_, i) => {
        await vscode.commands.executeCommand('ecrExplorer.refresh', i % 4 === 0 ? undefined : i % 2 ? alpha : beta);
        // What the view does after a refresh: ask for the rows again.
        const root = await children(f);
        await Promise.all(root.filter((n) => n.kind === 'registry').map((r) => children(f, r)));
      });
      const logins = Array.from({ length: 10 }, (_, i) =>
        Promise.resolve(vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', i % 2 ? alpha : beta)),
      );
      const [, outcomes] = await Promise.all([Promise.all(refreshes), Promise.all(logins)]);
      const flat = outcomes.flatMap((o) => o ?? []);
      assert.equal(flat.length, 10);
      assert.ok(
        flat.every((o) => o.ok),
        flat
          .filter((o) => !o.ok)
          .map((o) => o.error?.message)
          .join('; '),
      );

      assert.equal(await emu.calls('GetAuthorizationToken'), 2, 'one GetAuthorizationToken per registry (alpha, beta)');

      await waitFor('10 login terminals', () => opened.length >= 10);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(opened.length, 10, 'exactly one terminal per requested login');
      assert.equal(vscode.window.terminals.filter((t) => t.name.startsWith('Login')).length - before, 10);

      // The rows settle without duplicates.
      const root = await children(f);
      const ids = root.map((n: Node) => f.api.tree.getTreeItem(n).id ?? '');
      assert.equal(new Set(ids).size, ids.length, `duplicate root rows: ${ids.join(', ')}`);
      assert.deepEqual(root.filter((n) => n.kind === 'registry').length, 2);
      for (const r of root.filter((n) => n.kind === 'registry')) {
        const rows = await children(f, r);
        const rowIds = rows.map((n) => f.api.tree.getTreeItem(n).id ?? '');
        assert.equal(new Set(rowIds).size, rowIds.length, `duplicate rows under ${r.kind === 'registry' ? r.id : ''}`);
      }
      // Let late promise callbacks run before judging.
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(rejections.map(String), [], 'no unhandled rejection');
      (globalThis as { ecrExplorerTestLog?: (s: string) => void }).ecrExplorerTestLog?.(
        `      [figure] 20 refreshes + 10 logins: ${await emu.calls('GetAuthorizationToken')} GetAuthorizationToken calls, ${await emu.calls('DescribeRegistry')} DescribeRegistry, ${opened.length} terminals, ${rejections.length} unhandled rejections, ${ids.length} root rows (unique)`,
      );
    } finally {
      sub.dispose();
      for (const t of opened) t.dispose();
    }
  });
});
