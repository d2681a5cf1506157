// The fault matrix (docs/SECURITY.md): each fault is switched on at the emulator (HTTP control API) for ONE registry, the
// user sees a problem row with an action (through the real TreeDataProvider) or a message with actions, the other
// registry keeps working, nothing waits past its timeout (a stalled server would outlast this suite's mocha
// timeout), and Refresh recovers once the fault clears.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LoginOutcome } from '../../src/login/loginTerminal';
import type { FaultKind } from '../emulator/types';
import type { EcrRegistry, Node, Repository } from '../../src/model/types';
import { waitFor } from './helpers';
import {
  ALPHA,
  BETA,
  children,
  emulatorControl as emu,
  expectProblemRow,
  registryNode,
  repositoryNames,
  setUpHardening,
  type HardeningFixture,
} from './hardeningFixture';

describe('(integration) hardening: fault matrix', function () {
  // Generous bounds: the stalled-response case stalls for 10 minutes, so finishing at all proves the timeout.
  this.timeout(90_000);
  let f: HardeningFixture;
  let alpha: EcrRegistry;
  let beta: EcrRegistry;
  const results: string[] = [];

  before(async () => {
    f = await setUpHardening();
    alpha = await registryNode(f, ALPHA);
    beta = await registryNode(f, BETA);
  });
  afterEach(async () => {
    await emu.clearFaults();
  });
  after(async () => {
    for (const r of results) (globalThis as { ecrExplorerTestLog?: (s: string) => void }).ecrExplorerTestLog?.(`      [figure] ${r}`);
    await f?.dispose();
  });

  /** Refreshes both registry rows (the user's Refresh on each). */
  async function refreshBoth(): Promise<void> {
    await vscode.commands.executeCommand('ecrExplorer.refresh', alpha);
    await vscode.commands.executeCommand('ecrExplorer.refresh', beta);
  }

  /** Beta lists normally while alpha's fault is still switched on. */
  async function betaWorks(): Promise<void> {
    assert.deepEqual(await repositoryNames(f, beta), ['beta/svc']);
  }

  /** The fault is cleared; Refresh on alpha's row lists it again. */
  async function recovers(): Promise<void> {
    await emu.clearFaults();
    await vscode.commands.executeCommand('ecrExplorer.refresh', alpha);
    assert.deepEqual(await repositoryNames(f, alpha), ['alpha/api', 'alpha/web']);
  }

  const listingFaults: Array<{ kind: FaultKind; code: string; title: string; action: RegExp }> = [
    { kind: 'serverError', code: 'serverError', title: 'a 500 that persists', action: /ecrExplorer\.refresh/ },
    {
      kind: 'html502',
      code: 'badResponse',
      title: 'an HTML 502 from a proxy',
      action: /workbench\.action\.openSettings|ecrExplorer\.(refresh|showLog)/,
    },
    {
      kind: 'malformedJson',
      code: 'badResponse',
      title: 'malformed JSON',
      action: /workbench\.action\.openSettings|ecrExplorer\.(refresh|showLog)/,
    },
    { kind: 'truncated', code: 'unreachable', title: 'a truncated body', action: /ecrExplorer\.refresh/ },
    { kind: 'drop', code: 'unreachable', title: 'a connection reset', action: /ecrExplorer\.refresh/ },
    { kind: 'accessDenied', code: 'accessDenied', title: 'AccessDenied on one registry', action: /ecrExplorer\.showLog/ },
  ];
  for (const c of listingFaults) {
    it(`${c.title}: a problem row with an action, the other registry works, Refresh recovers`, async () => {
      await refreshBoth();
      await emu.resetCalls();
      await emu.fault({ operation: 'DescribeRepositories', kind: c.kind, accountId: ALPHA });
      const { item } = await expectProblemRow(f, await children(f, alpha), c.code);
      assert.match(item.command?.command ?? '', c.action);
      const attempts = await emu.calls('DescribeRepositories');
      await betaWorks();
      await recovers();
      results.push(
        `${c.title} → ${c.code} row (${item.command?.command}) after ${attempts} attempt(s); other registry listed; refresh recovered`,
      );
    });
  }

  it('throttling that clears after retries: no problem row at all, the SDK retried', async () => {
    await refreshBoth();
    await emu.resetCalls();
    await emu.fault({ operation: 'DescribeRepositories', kind: 'throttle', times: 2, accountId: ALPHA });
    assert.deepEqual(await repositoryNames(f, alpha), ['alpha/api', 'alpha/web']);
    assert.equal(await emu.calls('DescribeRepositories'), 3, 'two throttled attempts, then the answer');
    await betaWorks();
    results.push('throttling ×2 → listed after 3 attempts, no problem row');
  });

  it('throttling that persists: a throttled row with Retry', async () => {
    await refreshBoth();
    await emu.fault({ operation: 'DescribeRepositories', kind: 'throttle', accountId: ALPHA });
    const { item } = await expectProblemRow(f, await children(f, alpha), 'throttled');
    assert.equal(item.command?.command, 'ecrExplorer.refresh');
    await betaWorks();
    await recovers();
    results.push('persistent throttling → throttled row (Retry); refresh recovered');
  });

  it('a stalled response past ecrExplorer.requestTimeoutSeconds ends as a timeout row instead of waiting', async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the 1 s timeout to apply', () => f.api.services.settings().requestTimeoutMs === 1000);
      alpha = await registryNode(f, ALPHA);
      beta = await registryNode(f, BETA);
      // Ten minutes of silence per request: only the request timeout can end this within the test's bound.
      await emu.fault({ operation: 'DescribeRepositories', kind: 'latency', ms: 600_000, accountId: ALPHA });
      const { item } = await expectProblemRow(f, await children(f, alpha), 'timeout');
      assert.equal(item.command?.command, 'ecrExplorer.refresh');
      await betaWorks();
      await recovers();
      results.push('stalled response (10 min) with a 1 s timeout → timeout row (Retry); other registry listed; refresh recovered');
    } finally {
      await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the default timeout again', () => f.api.services.settings().requestTimeoutMs === 30_000);
      alpha = await registryNode(f, ALPHA);
      beta = await registryNode(f, BETA);
    }
  });

  it('a 10 MB response is read and listed (bounded, nothing hangs)', async () => {
    await refreshBoth();
    await emu.fault({ operation: 'DescribeRepositories', kind: 'huge', accountId: ALPHA });
    assert.deepEqual(await repositoryNames(f, alpha), ['alpha/api', 'alpha/web']);
    await betaWorks();
    results.push('10 MB response → listed normally');
  });

  /** The rows of a repository once every page loaded in the background (or the listing failed). */
  async function loadAll(parent: Node): Promise<Node[]> {
    await children(f, parent);
    await f.api.tree.imagesSettled(parent as Repository);
    return children(f, parent);
  }

  it('a nextToken that repeats: the listing stops with a problem row instead of looping', async () => {
    f.server.emulator.seedImages('alpha/many', 2500, { accountId: ALPHA });
    await refreshBoth();
    const repo = (await children(f, alpha)).find((n) => n.kind === 'repository' && n.name === 'alpha/many');
    assert.ok(repo);
    await emu.resetCalls();
    await emu.fault({ operation: 'DescribeImages', kind: 'repeatNextToken', accountId: ALPHA });
    const rows = await loadAll(repo);
    const { item } = await expectProblemRow(f, rows, 'badResponse');
    assert.match(item.command?.command ?? '', /ecrExplorer\.refresh/);
    const calls = await emu.calls('DescribeImages');
    assert.ok(calls <= 3, `the pager stopped (${calls} DescribeImages calls)`);
    assert.ok(rows.filter((n) => n.kind === 'tag').length >= 1000, 'the pages that did arrive are kept');
    await betaWorks();
    await emu.clearFaults();
    await vscode.commands.executeCommand('ecrExplorer.refresh', repo);
    const again = await loadAll(repo);
    assert.equal(again.filter((n) => n.kind === 'tag').length, 2500);
    assert.ok(!again.some((n) => n.kind === 'problem' || n.kind === 'loadMore'));
    results.push(`repeating nextToken → badResponse row after ${calls} calls, pages kept; refresh listed all 2,500`);
  });

  it('credentials that expire in the middle of a listing: the first pages stay, an expired-credentials row follows', async () => {
    f.server.emulator.seedImages('alpha/long', 3500, { accountId: ALPHA });
    await refreshBoth();
    const repo = (await children(f, alpha)).find((n) => n.kind === 'repository' && n.name === 'alpha/long');
    assert.ok(repo);
    // From the second call on, every request meets expired credentials.
    await emu.fault({ operation: 'DescribeImages', kind: 'expiredToken', accountId: ALPHA, after: 1 });
    let rows = await children(f, repo);
    assert.equal(rows.filter((n) => n.kind === 'tag').length, 1000, 'page 1 shown');
    rows = await loadAll(repo);
    const { problem, item } = await expectProblemRow(f, rows, 'expiredCredentials');
    assert.ok(rows.filter((n) => n.kind === 'tag').length >= 1000);
    assert.ok(item.command);
    await betaWorks();
    await emu.clearFaults();
    await vscode.commands.executeCommand('ecrExplorer.refresh', repo);
    assert.equal((await loadAll(repo)).filter((n) => n.kind === 'tag').length, 3500);
    results.push(`session expiring mid-listing → ${problem.problem.code} row (${item.command?.command}); refresh listed all 3,500`);
  });

  it('the ECR registry token expiring before the platforms are read: an unauthorized row with Log In, then recovery', async () => {
    await refreshBoth();
    const repo = (await children(f, alpha)).find((n) => n.kind === 'repository' && n.name === 'alpha/web');
    assert.ok(repo);
    const tag = (await children(f, repo)).find((n) => n.kind === 'tag' && n.tag === '2.0');
    assert.ok(tag);
    await emu.fault({ operation: 'v2.manifest', kind: 'expiredToken', accountId: ALPHA });
    const { problem, item } = await expectProblemRow(f, await children(f, tag), /unauthorized|accessDenied|badResponse/);
    await betaWorks();
    await emu.clearFaults();
    await vscode.commands.executeCommand('ecrExplorer.refresh', tag);
    const platforms = await children(f, tag);
    assert.deepEqual(
      platforms.map((n) => n.kind),
      ['platform', 'platform'],
    );
    results.push(`registry token expired (v2 403) → ${problem.problem.code} row (${item.command?.command}); refresh listed the platforms`);
  });

  // ---- the container CLI ----

  async function loginWith(cliPath: string | undefined, timeoutSeconds?: number): Promise<LoginOutcome[]> {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('containerCliPath', cliPath, vscode.ConfigurationTarget.Global);
    await config.update('login.timeoutSeconds', timeoutSeconds, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the CLI settings',
      () =>
        f.api.services.settings().containerCliPath === cliPath &&
        (timeoutSeconds === undefined || f.api.services.settings().loginTimeoutMs === timeoutSeconds * 1000),
    );
    f.messages.length = 0;
    const outcomes = await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha);
    assert.ok(outcomes, 'the login command resolves with the outcomes');
    return outcomes;
  }

  const cliCases: Array<{ title: string; path: () => string; timeout?: number; exitCode: number; message: RegExp }> = [
    { title: 'exits non-zero', path: () => join(f.dir, 'cli-fails'), exitCode: 3, message: /failed/i },
    {
      title: 'hangs past ecrExplorer.login.timeoutSeconds',
      path: () => join(f.dir, 'cli-hangs'),
      // The smallest value the setting's documented range allows (5–600 s; smaller values are clamped).
      timeout: 5,
      exitCode: 124,
      message: /time|did not finish/i,
    },
    { title: 'is missing', path: () => join(f.dir, 'no-such-cli'), exitCode: 127, message: /not found|install|no such|could not find/i },
  ];
  for (const c of cliCases) {
    it(`the container CLI ${c.title}: an error message with actions, the other registry logs in, a working CLI recovers`, async () => {
      try {
        const [outcome] = await loginWith(c.path(), c.timeout);
        assert.equal(outcome.ok, false);
        assert.equal(outcome.exitCode, c.exitCode, outcome.error?.message);
        const errors = f.messages.filter((m) => m.kind === 'error');
        assert.equal(errors.length, 1, JSON.stringify(f.messages));
        assert.match(errors[0].text, c.message);
        assert.ok(errors[0].actions.length >= 1, 'the message offers actions (Show Log, Diagnose)');
        // Only a missing CLI offers to choose another one.
        assert.equal(errors[0].actions.includes('Choose Container CLI'), c.exitCode === 127, JSON.stringify(errors[0].actions));
        // The tree is unaffected.
        await betaWorks();
      } finally {
        const config = vscode.workspace.getConfiguration('ecrExplorer');
        await config.update('login.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
      // With the real docker CLI again, the login succeeds.
      const [ok] = await loginWith(undefined);
      assert.equal(ok.ok, true, ok.error?.message);
      results.push(`CLI ${c.title} → exit ${c.exitCode}, one error message with actions; real docker login then succeeded`);
    });
  }
});
