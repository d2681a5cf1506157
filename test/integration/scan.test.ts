// Scan findings in a real extension host against the ECR emulator: the tree's severity rows and tooltips, Show
// Vulnerabilities opening one report panel per image, Scan Image through the SDK waiter to COMPLETE (the row
// updates), and the once-a-day limit explained.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Tag } from '../../src/model/types';
import { ALPHA, registryNode, repositoryNode, row, setUpFixture, tagNode, type Fixture } from './treeFixture';
import { overrideUi, waitFor } from './helpers';

interface Message {
  kind: string;
  text: string;
  actions: string[];
}

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

describe('(integration) scan findings', function () {
  this.timeout(120_000);
  let f: Fixture;
  let restoreUi: (() => void) | undefined;
  const messages: Message[] = [];

  before(async () => {
    f = await setUpFixture();
    f.server.emulator.setScanBehaviour({ durationMs: 1500 });
    // Messages are recorded and dismissed (an info with a button would otherwise wait for a click).
    restoreUi = overrideUi(f.api, () => ({
      info: async (text, ...actions) => (messages.push({ kind: 'info', text, actions }), undefined),
      warn: async (text, _o, ...actions) => (messages.push({ kind: 'warn', text, actions }), undefined),
      error: async (text, ...actions) => (messages.push({ kind: 'error', text, actions }), undefined),
      flash: (text) => void messages.push({ kind: 'flash', text, actions: [] }),
    }));
  });

  after(async () => {
    restoreUi?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await f?.dispose();
  });

  async function tag(name: string, repo = 'team/api'): Promise<Tag> {
    return tagNode(f, await repositoryNode(f, await registryNode(f, ALPHA), repo), name);
  }

  it('a scanned tag row: severity icon, inline action flag, tooltip with counts and scan time; its repository shows it', async () => {
    const t = await tag('1.0');
    const r = row(f, t);
    assert.equal(r.icon, 'error');
    assert.match(r.contextValue ?? '', /(^|;)scanFindings(;|$)/);
    assert.match(r.contextValue ?? '', /(^|;)ecrImage(;|$)/);
    const item = await f.api.tree.resolveTreeItem(f.api.tree.getTreeItem(t), t, new vscode.CancellationTokenSource().token);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Critical(\s|&nbsp;)2,(\s|&nbsp;)Low(\s|&nbsp;)5/);
    assert.match(tooltip, /Scanned/);
    assert.equal((item.tooltip as vscode.MarkdownString).isTrusted, false);
    // The repository row (its images are listed now) shows the worst severity of its newest image.
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    assert.deepEqual([row(f, repo).icon, row(f, repo).description], ['error', '3 images · 3 tags · 1 untagged · Critical']);
    const unscanned = row(f, await tag('0.9'));
    assert.doesNotMatch(unscanned.contextValue ?? '', /scanFindings/);
  });

  it('Show Vulnerabilities opens one report panel per image, titled Vulnerabilities: repo:tag', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const t = await tag('1.0');
    await vscode.commands.executeCommand('ecrExplorer.showVulnerabilities', t);
    await waitFor('the report panel', () => reportTabs().some((x) => x.label === 'Vulnerabilities: team/api:1.0'));
    await vscode.commands.executeCommand('ecrExplorer.showVulnerabilities', t);
    assert.equal(reportTabs().filter((x) => x.label === 'Vulnerabilities: team/api:1.0').length, 1, 'revealed, not opened twice');
    await vscode.commands.executeCommand('ecrExplorer.showVulnerabilities', await tag('v1', 'alpha/tools'));
    await waitFor('a second panel', () => reportTabs().some((x) => x.label === 'Vulnerabilities: alpha/tools:v1'));
    assert.equal(reportTabs().length, 2);
  });

  it('Scan Image: StartImageScan, the waiter until COMPLETE, the row updated; a second scan is refused until tomorrow', async () => {
    messages.length = 0;
    f.server.emulator.resetCalls();
    await vscode.commands.executeCommand('ecrExplorer.scanImage', await tag('0.9'));
    assert.equal(f.server.emulator.calls('StartImageScan'), 1);
    assert.ok((f.server.emulator.calls('DescribeImageScanFindings') as number) >= 1, 'the waiter polled');
    assert.deepEqual(
      messages.filter((m) => m.kind !== 'flash').map((m) => [m.kind, m.text, m.actions]),
      [['info', 'The scan of team/api:0.9 is complete.', ['Show Vulnerabilities']]],
    );
    const scanned = await waitFor('the refreshed row', async () => {
      const r = row(f, await tag('0.9'));
      return /scanFindings/.test(r.contextValue ?? '') ? r : undefined;
    });
    assert.ok(['error', 'warning', 'info'].includes(scanned.icon ?? ''), scanned.icon);

    messages.length = 0;
    await vscode.commands.executeCommand('ecrExplorer.scanImage', await tag('0.9'));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].kind, 'info');
    assert.match(messages[0].text, /^team\/api:0\.9 was scanned in the last 24 hours, .* Try again after .+\.$/);
  });

  it('Scan Image on an image index explains that ECR cannot scan it', async () => {
    messages.length = 0;
    await vscode.commands.executeCommand('ecrExplorer.scanImage', await tag('2.0', 'team/web'));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].kind, 'error');
    assert.match(messages[0].text, /^Could not scan team\/web:2\.0: ECR cannot scan team\/web:2\.0/);
  });
});
