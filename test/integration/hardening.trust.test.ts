// Workspace trust (docs/SECURITY.md). Runs twice: in the trusted "hardening" run and in the untrusted "hardening-untrusted"
// run (Restricted Mode). Both workspaces point ecrExplorer.containerCliPath at a script that records its stdin to
// a marker file, add CLI arguments, name another endpoint and enable auto-renew (test/fixtures/hostile/evilWorkspace.ts).
// The workspace can never choose the program, its arguments or the endpoint; auto-renew runs only when trusted —
// the trusted run shows that the same observation does see a renewal, so the untrusted "nothing happened" can fail.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LoginOutcome } from '../../src/login/loginTerminal';
import { readProbe, waitFor } from './helpers';
import { ALPHA, emulatorControl as emu, registryNode, setUpHardening, type HardeningFixture } from './hardeningFixture';

const MARKER = process.env.ECR_HARDEN_MARKER ?? '';
const EVIL_CLI = process.env.ECR_HARDEN_EVIL_CLI ?? '';
const EXPECT_TRUSTED = process.env.ECR_EXPLORER_WORKSPACE_TRUST !== 'untrusted';

describe(`(integration) hardening: workspace trust (${EXPECT_TRUSTED ? 'trusted' : 'Restricted Mode'})`, function () {
  this.timeout(120_000);
  let f: HardeningFixture;

  before(async () => {
    assert.ok(MARKER && EVIL_CLI, 'the run sets up the hostile workspace (evilWorkspace)');
    f = await setUpHardening();
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    for (const key of ['login.autoRenew', 'login.autoRenewMinutesBefore'])
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await f?.dispose();
  });

  it(
    'the workspace really is ' + (EXPECT_TRUSTED ? 'trusted' : 'untrusted') + ' and really asks for its own CLI, arguments and endpoint',
    async () => {
      assert.equal(vscode.workspace.isTrusted, EXPECT_TRUSTED);
      const probe = await readProbe();
      assert.equal(probe.workspaceSettings['ecrExplorer.containerCliPath'], EVIL_CLI);
      assert.equal((probe.workspaceSettings['ecrExplorer.containerCliArgs'] as string[])[0], '--config');
      assert.equal(probe.workspaceSettings['ecrExplorer.endpoint'], 'http://127.0.0.1:9');
    },
  );

  it("a login runs the user's CLI, not the workspace's: the stdin marker is never written", async () => {
    const s = f.api.services.settings();
    assert.deepEqual(
      { path: s.containerCliPath, args: s.containerCliArgs, endpoint: s.endpoint },
      { path: undefined, args: [], endpoint: f.server.url },
    );
    const alpha = await registryNode(f, ALPHA);
    f.messages.length = 0;
    const [outcome] = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha)) ?? [];
    assert.equal(outcome?.ok, true, outcome?.error?.message);
    const notified = f.messages.filter(
      (m) => m.kind === 'info' && m.text.startsWith(`Logged in to ${alpha.host} with docker. The token expires at `),
    );
    if (EXPECT_TRUSTED) {
      assert.match(f.terminalText(), /Login Succeeded/);
      assert.ok(!f.terminalText().includes(EVIL_CLI), 'the terminal names the real CLI');
      assert.equal(outcome?.inTerminal, true);
      assert.equal(notified.length, 0, 'the terminal shows the result; no extra notification');
    } else {
      // In Restricted Mode VS Code holds the terminal back (it asks for trust first), so the Pseudoterminal is never
      // opened; the login still ran (the terminal's no-UI fallback) with the user's CLI, and the result, which
      // nobody saw in a terminal, is a notification with the expiry.
      assert.ok(
        vscode.window.terminals.some((t) => t.name.startsWith('Login')),
        'a login terminal was created',
      );
      assert.equal(outcome?.inTerminal, false);
      assert.equal(notified.length, 1, JSON.stringify(f.messages));
      assert.match(notified[0].text, /\(in 1[12]h( \d+m)?\)\.$/);
    }
    assert.equal(existsSync(MARKER), false, "the workspace's CLI never ran (no password reached it)");
  });

  it(
    EXPECT_TRUSTED
      ? 'auto-renew renews a login that is due (so the Restricted Mode check below can fail)'
      : 'auto-renew does not run in Restricted Mode, even with the user setting on',
    async () => {
      const config = vscode.workspace.getConfiguration('ecrExplorer');
      await config.update('login.autoRenew', true, vscode.ConfigurationTarget.Global);
      await config.update('login.autoRenewMinutesBefore', 30, vscode.ConfigurationTarget.Global);
      await waitFor('the auto-renew setting', () => f.api.services.settings().autoRenewMinutesBefore === 30);
      assert.equal(f.api.services.settings().autoRenew, EXPECT_TRUSTED);
      const alpha = await registryNode(f, ALPHA);
      const rec = f.api.services.logins.get(alpha.id);
      assert.ok(rec, 'the login above was recorded');
      await emu.resetCalls();
      // Due for renewal: a 12-hour token that expires in 2 minutes, the setting renews 30 minutes before.
      const due = { ...rec, expiresAt: Date.now() + 120_000, loggedInAt: Date.now() + 120_000 - 12 * 3_600_000 };
      await f.api.services.logins.record(due);
      if (EXPECT_TRUSTED) {
        // Renewal starts after a random jitter of up to 15 s.
        await waitFor(
          'the automatic renewal',
          () => (f.api.services.logins.get(alpha.id)?.expiresAt ?? 0) > Date.now() + 3_600_000,
          40_000,
        );
        assert.ok((await emu.calls('GetAuthorizationToken')) >= 1, 'a fresh token was fetched');
      } else {
        // Longer than the largest jitter: a renewal would have fetched a token and re-recorded the login by now.
        await new Promise((r) => setTimeout(r, 17_000));
        assert.equal(f.api.services.logins.get(alpha.id)?.expiresAt, due.expiresAt, 'the record was not renewed');
        assert.equal(await emu.calls('GetAuthorizationToken'), 0, 'no token was fetched');
      }
      assert.equal(existsSync(MARKER), false, "the workspace's CLI never ran");
    },
  );
});
