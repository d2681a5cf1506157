// Hostile input (docs/SECURITY.md) served by the ECR emulator (names real ECR would reject, odd sizes and dates, a 10,000-
// platform index, a proxyEndpoint that moves to another host) and by a hostile Registry v2 server (escape sequences
// in the catalog, a Link header to another host). Every row's label, description and resolved tooltip, and the
// login terminal's text, must be inert: no escape sequence, control character or bidi override, Markdown escaped
// and untrusted, lengths bounded, and nothing crashes.
import * as assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LoginOutcome } from '../../src/login/loginTerminal';
import type { GenericRegistry, Node, Repository, Tag } from '../../src/model/types';
import { FOREIGN_ESCAPE, HOSTILE_REPOSITORY_NAMES, HOSTILE_TAGS, hostileSeed, UNSAFE_CHARS } from '../fixtures/hostile/hostileData';
import { startHostileRegistry, VALID_REPOSITORY, VALID_TAG, type HostileRegistry } from '../fixtures/hostile/hostileRegistry';
import { waitFor } from './helpers';
import { ScriptedUi } from './scriptedUi';
import {
  ALPHA,
  children,
  emulatorControl as emu,
  expectProblemRow,
  labelOf,
  registryNode,
  setUpHardening,
  type HardeningFixture,
} from './hardeningFixture';
import { debugText } from '../../src/model/message';

/** An unescaped Markdown link or image whose target is a command or a URL. */
const LIVE_MARKDOWN_LINK = /(?<!\\)\]\((?:command|https?|file):/;

describe('(integration) hardening: hostile input', function () {
  this.timeout(120_000);
  let f: HardeningFixture;
  let hostile: HostileRegistry;
  const figures: string[] = [];
  let rowsChecked = 0;

  before(async () => {
    f = await setUpHardening();
    // In-process seeding: NaN dates do not survive the JSON of the control API.
    f.server.emulator.seed({ repositories: hostileSeed(ALPHA) }, { validateNames: false });
    await emu.seed({
      repositories: [
        {
          accountId: ALPHA,
          name: 'wide/index',
          images: [{ tags: ['wide'], platforms: Array.from({ length: 10_000 }, (_, i) => ({ os: 'linux', architecture: `arch${i}` })) }],
        },
      ],
    });
    hostile = await startHostileRegistry();
    f.api.tree.refresh();
  });
  after(async () => {
    figures.push(`${rowsChecked} rows checked (label, description, resolved tooltip)`);
    for (const r of figures) (globalThis as { ecrExplorerTestLog?: (s: string) => void }).ecrExplorerTestLog?.(`      [figure] ${r}`);
    await vscode.workspace.getConfiguration('ecrExplorer').update('genericRegistries', undefined, vscode.ConfigurationTarget.Global);
    await hostile?.stop();
    await f?.dispose();
  });

  /** Checks one row as the user sees it: label, description, and the tooltip after resolveTreeItem. */
  async function checkRow(node: Node): Promise<void> {
    const item = f.api.tree.getTreeItem(node);
    const label = labelOf(item);
    const description = typeof item.description === 'string' ? item.description : '';
    for (const [what, text] of [
      ['label', label],
      ['description', description],
    ] as const) {
      assert.ok(!UNSAFE_CHARS.test(text), `${node.kind} ${what} ${JSON.stringify(text)}`);
      assert.ok(Array.from(text).length <= 310, `${node.kind} ${what} is bounded (${text.length})`);
    }
    const resolved = await f.api.tree.resolveTreeItem(item, node, new vscode.CancellationTokenSource().token);
    const tooltip = resolved.tooltip;
    if (tooltip instanceof vscode.MarkdownString) {
      assert.equal(tooltip.isTrusted, false, 'tooltips never run commands');
      assert.ok(!tooltip.supportHtml, 'tooltips render no HTML');
      assert.ok(!UNSAFE_CHARS.test(tooltip.value), `${node.kind} tooltip ${JSON.stringify(tooltip.value.slice(0, 200))}`);
      assert.ok(!LIVE_MARKDOWN_LINK.test(tooltip.value), `a live link in ${JSON.stringify(tooltip.value.slice(0, 300))}`);
      // Raw HTML in the value (e.g. "<img onerror=…>" from a name) is dropped by VS Code's Markdown renderer when
      // supportHtml is off, which the assertion above checks.
      assert.ok(tooltip.value.length < 20_000, 'the tooltip is bounded');
    } else if (typeof tooltip === 'string') {
      assert.ok(!UNSAFE_CHARS.test(tooltip), `${node.kind} tooltip ${JSON.stringify(tooltip)}`);
    }
    rowsChecked++;
  }

  it('repository names with escape sequences, controls, bidi overrides, Markdown and 5,000 characters render inert', async () => {
    const alpha = await registryNode(f, ALPHA);
    const repos = (await children(f, alpha)).filter((n) => n.kind === 'repository');
    assert.ok(repos.length >= Object.keys(HOSTILE_REPOSITORY_NAMES).length, `${repos.length} repositories`);
    for (const repo of repos) await checkRow(repo);
    const labels = repos.map((r) => labelOf(f.api.tree.getTreeItem(r)));
    assert.ok(labels.includes('osc8/click'), labels.join(' | '));
    assert.ok(labels.includes('ünïcödé/リポジトリ'), 'non-ASCII names stay readable');
    assert.ok(
      labels.includes('md/[click](command:workbench.action.quit)<img src=x onerror=alert(1)>**b**'),
      'Markdown in a label is plain text (labels are not Markdown)',
    );
    figures.push(`${repos.length} hostile/odd repository rows inert`);
  });

  it('hostile tags, negative/huge sizes and epoch-0/far-future/NaN/out-of-range dates render inert and bounded', async () => {
    const alpha = await registryNode(f, ALPHA);
    const repos = (await children(f, alpha)).filter((n) => n.kind === 'repository');
    let tags = 0;
    for (const name of ['odd/tags', 'odd/values', ...Object.values(HOSTILE_REPOSITORY_NAMES).slice(0, 3)]) {
      const repo = repos.find((r) => r.kind === 'repository' && (r.name === name || name.startsWith(r.name.split('/')[0] + '/')));
      assert.ok(repo, name);
      for (const row of await children(f, repo)) {
        await checkRow(row);
        if (row.kind === 'tag') tags++;
      }
    }
    const values = repos.find((r) => r.kind === 'repository' && r.name === 'odd/values');
    assert.ok(values);
    const descriptions = (await children(f, values)).map((n) => String(f.api.tree.getTreeItem(n).description ?? ''));
    assert.equal(descriptions.length, 4);
    for (const d of descriptions) assert.ok(!/NaN|Invalid|Infinity|-\d/.test(d), d);
    figures.push(`${tags} hostile/odd tag rows inert; odd sizes/dates: ${descriptions.join(' | ')}`);
  });

  it('a manifest index with 10,000 platforms: the platform rows are bounded and nothing crashes', async () => {
    const alpha = await registryNode(f, ALPHA);
    const repo = (await children(f, alpha)).find((n) => n.kind === 'repository' && n.name === 'wide/index');
    assert.ok(repo);
    // DescribeImages lists the index and its 10,000 children (untagged, like ECR): every page loads in the
    // background, then the tag is among the rows.
    await children(f, repo);
    await f.api.tree.imagesSettled(repo as Repository);
    const rows = await children(f, repo);
    const index = rows.find((n): n is Tag => n.kind === 'tag' && n.tag === 'wide');
    assert.ok(index, 'the index row');
    const platforms = await children(f, index);
    const problem = platforms.find((n) => n.kind === 'problem');
    if (problem) await expectProblemRow(f, platforms, /badResponse|tooLarge|unknown/);
    else {
      // 1,000 platform rows, then one row that says how many more the index holds.
      assert.equal(platforms.filter((n) => n.kind === 'platform').length, 1000);
      assert.equal(platforms.length, 1001);
      assert.equal(labelOf(f.api.tree.getTreeItem(platforms[1000])), '9,000 more platforms not shown');
    }
    await checkRow(index);
    figures.push(
      `10,000-platform index → ${problem ? `a problem row (${problem.kind === 'problem' ? problem.problem.message : ''})` : `${platforms.length} rows`}`,
    );
  });

  it('a catalog Link header to another host is refused: page 1 shows, a problem row follows, the other host gets nothing', async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('genericRegistries', [{ url: hostile.url }], vscode.ConfigurationTarget.Global);
    await waitFor('the hostile registry setting', () => f.api.services.settings().genericRegistries.length === 1);
    const registry = await waitFor('the hostile registry row', async () =>
      (await children(f)).find((n): n is GenericRegistry => n.kind === 'registry' && n.type === 'generic'),
    );
    await checkRow(registry);
    let rows = await children(f, registry);
    for (let i = 0; i < 5 && !rows.some((n) => n.kind === 'problem'); i++) {
      const more = rows.find((n) => n.kind === 'loadMore');
      if (!more) break;
      await vscode.commands.executeCommand('ecrExplorer.loadMore', more);
      rows = await children(f, registry);
    }
    const { problem } = await expectProblemRow(f, rows, /badResponse|unknown/);
    assert.match(debugText(problem.problem.message), /registry\.(foreignLink|detail\.badNextLink)/);
    const repos = rows.filter((n) => n.kind === 'repository');
    // Names are validated as they are read: of the first page only the valid name is listed, none raw.
    assert.deepEqual(
      repos.map((r) => labelOf(f.api.tree.getTreeItem(r))),
      [VALID_REPOSITORY],
      `the first page is kept, its ${Object.keys(HOSTILE_REPOSITORY_NAMES).length} invalid names are not listed`,
    );
    for (const r of rows) await checkRow(r);
    // Tags straight from the hostile server: the valid one is listed, the invalid ones are counted in a problem row.
    const tagRows = await children(f, repos[0]);
    for (const t of tagRows) await checkRow(t);
    assert.deepEqual(
      tagRows.filter((t) => t.kind === 'tag').map((t) => labelOf(f.api.tree.getTreeItem(t))),
      [VALID_TAG],
    );
    const { problem: tagProblem } = await expectProblemRow(f, tagRows, /badResponse/);
    assert.match(labelOf(f.api.tree.getTreeItem(tagProblem)), new RegExp(`${HOSTILE_TAGS.length} tags .*not valid`));
    assert.deepEqual(hostile.foreignRequests, [], 'nothing was sent to the host the Link header named');
    // Copy Digest URI on a tag whose manifest the server refuses with a `[click here](command:…)` error body: the
    // notification carries the server's words, never a live link or icon.
    const ui = new ScriptedUi();
    const realUi = f.api.useUi(ui);
    try {
      const validTag = tagRows.find((t) => t.kind === 'tag');
      assert.equal(await vscode.commands.executeCommand('ecrExplorer.copyDigestUri', validTag), undefined);
      const errors = ui.of('error');
      assert.equal(errors.length, 1, JSON.stringify(ui.shown));
      assert.match(errors[0].text, /no such thing .*click here/);
      assert.deepEqual(ui.liveSyntax(), [], 'no live link or icon in the notification');
      assert.equal(ui.of('clipboard').length, 0, 'nothing was copied');
    } finally {
      f.api.useUi(realUi);
    }
    figures.push(
      `foreign Link header → "${problem.problem.message}"; ${hostile.foreignRequests.length} requests reached the other host; ${tagRows.length} row(s) under a hostile repository inert`,
    );
  });

  it('a proxyEndpoint moved to another host after listing: the login is refused, no CLI runs, the message is clean', async () => {
    const alpha = await registryNode(f, ALPHA);
    const shownHost = alpha.host;
    await emu.token({ proxyEndpoint: `${hostile.foreignUrl}/\x1b]8;;https://evil.example\x07` });
    try {
      f.messages.length = 0;
      const before = f.terminalText().length;
      // force: a fresh GetAuthorizationToken (as after the cached token's renewal point).
      await f.api.services
        .ecr()
        .getAuthorizationToken([alpha], { force: true })
        .catch(() => undefined);
      const outcomes = await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha);
      assert.deepEqual(outcomes ?? [], [], 'no login ran');
      const errors = f.messages.filter((m) => m.kind === 'error');
      assert.equal(errors.length, 1, JSON.stringify(f.messages));
      assert.match(errors[0].text, /not sent/);
      assert.ok(!UNSAFE_CHARS.test(errors[0].text), errors[0].text);
      assert.equal(alpha.host, shownHost, 'the registry keeps the host the user saw');
      assert.equal(f.terminalText().length, before, 'no login terminal text');
      assert.deepEqual(hostile.foreignRequests, [], 'the other host got nothing');
      figures.push(`proxyEndpoint moved to another host → refused: "${errors[0].text}"`);
    } finally {
      await emu.token({ proxyEndpoint: null });
    }
    // Back to normal: a real login works again.
    const [ok] = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha)) ?? [];
    assert.equal(ok?.ok, true, ok?.error?.message);
  });

  it('CLI output with escape sequences, OSC 8/52 and bidi overrides reaches the login terminal inert', async () => {
    const script = join(f.dir, 'cli-hostile');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'cat >/dev/null',
        "printf 'Login \\033]8;;https://evil.example\\007Succeeded\\033]8;;\\007 \\033]52;c;ZXZpbA==\\007 \\033[2J\\033[1;1H\\n'",
        "printf 'bidi \\342\\200\\256gpj.exe \\302\\233 31m c1\\n' >&2",
        'exit 1',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('containerCliPath', script, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the CLI path', () => f.api.services.settings().containerCliPath === script);
      const alpha = await registryNode(f, ALPHA);
      const before = f.terminalText().length;
      f.messages.length = 0;
      const [outcome] = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha)) ?? [];
      assert.equal(outcome?.ok, false);
      const text = await waitFor('the terminal text', () => {
        const t = f.terminalText().slice(before);
        return t.includes('gpj.exe') && t;
      });
      assert.ok(text.includes('Logging in to'), 'the capture saw the whole terminal, header included');
      assert.ok(!FOREIGN_ESCAPE.test(text), `foreign escape in ${JSON.stringify(text)}`);
      assert.ok(!text.includes('evil.example') && !text.includes('ZXZpbA=='), JSON.stringify(text));
      assert.ok(text.includes('Succeeded'), 'the readable text stays');
      for (const m of f.messages) assert.ok(!UNSAFE_CHARS.test(m.text), m.text);
      figures.push(`hostile CLI output → terminal text inert (${text.length} chars checked)`);
    } finally {
      await config.update('containerCliPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
