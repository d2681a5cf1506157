// The Registries tree through the real TreeDataProvider against the ECR emulator: rows at each level, multi-arch
// platforms, tooltips, getParent/reveal, paging with "Load more…", the filter and a failing registry.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LoadMore, Node, Platform, Problem, Repository, Tag } from '../../src/model/types';
import { waitFor } from './helpers';
import {
  ALPHA,
  BETA,
  children,
  digestOf,
  registryNode,
  repositoryNode,
  row,
  setUpFixture,
  tagNode,
  untaggedGroupNode,
  type Fixture,
} from './treeFixture';
import { message } from '../../src/model/message';

describe('(integration) registries tree', function () {
  this.timeout(60_000);
  let f: Fixture;

  before(async () => {
    f = await setUpFixture();
  });

  after(async () => {
    f.api.tree.setFilter('');
    await f?.dispose();
  });

  it('shows one row per profile × region registry, labelled with the account and described by region · profile', async () => {
    const rows = (await children(f)).map((n) => row(f, n));
    assert.deepStrictEqual(rows, [
      { label: ALPHA, description: 'us-east-1 · alpha', contextValue: 'ecrRegistry;registry', collapsible: 'collapsed', icon: 'database' },
      { label: BETA, description: 'us-east-1 · beta', contextValue: 'ecrRegistry;registry', collapsible: 'collapsed', icon: 'database' },
    ]);
    // With an endpoint override the registry is the emulator's own /v2 host (what `docker login` would use).
    const registry = await registryNode(f, ALPHA);
    assert.equal(registry.host, `127.0.0.1:${f.server.port}`);
    assert.equal(registry.type, 'ecr');
    assert.equal(f.api.tree.getTreeItem(registry).tooltip, registry.type === 'ecr' ? registry.uri : '');
  });

  it('lists repositories sorted by name, namespaces kept readable', async () => {
    const rows = (await children(f, await registryNode(f, ALPHA))).map((n) => row(f, n));
    assert.deepStrictEqual(rows, [
      { label: 'alpha/tools', contextValue: 'ecrRepository;repository', collapsible: 'collapsed', icon: 'repo' },
      { label: 'team/api', contextValue: 'ecrRepository;repository', collapsible: 'collapsed', icon: 'repo' },
      { label: 'team/web', contextValue: 'ecrRepository;repository', collapsible: 'collapsed', icon: 'repo' },
      { label: 'zeta', contextValue: 'ecrRepository;repository', collapsible: 'collapsed', icon: 'repo' },
    ]);
  });

  it('shows one row per tag, newest first, with age, size and the worst scan severity as the icon; untagged images under "Untagged (N)" at the end', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    const rows = await children(f, repo);
    assert.deepStrictEqual(
      rows.map((n) => row(f, n)),
      [
        {
          label: '1.0',
          description: '3 days ago · 50 MB',
          contextValue: 'ecrImage;image;scanFindings;tag;tagged',
          collapsible: 'none',
          icon: 'error',
        },
        {
          label: 'latest',
          description: '3 days ago · 50 MB',
          contextValue: 'ecrImage;image;scanFindings;tag;tagged',
          collapsible: 'none',
          icon: 'error',
        },
        { label: '0.9', description: 'last week · 1.5 MB', contextValue: 'ecrImage;image;tag;tagged', collapsible: 'none', icon: 'tag' },
        { label: 'Untagged (1)', contextValue: 'untaggedGroup', collapsible: 'collapsed', icon: 'circle-outline' },
      ],
    );
    const group = rows[3];
    const untagged = await children(f, group);
    assert.deepStrictEqual(
      untagged.map((n) => row(f, n)),
      [
        {
          label: 'sha256:cccccccccccc',
          description: '3 weeks ago · 900 byte',
          contextValue: 'ecrImage;image;tag;untagged',
          collapsible: 'none',
          icon: 'circle-outline',
        },
      ],
    );
    // reveal() walks up: untagged image → "Untagged (1)" → repository.
    assert.equal(f.api.tree.getParent(untagged[0]), group);
    assert.equal(f.api.tree.getParent(group), repo);
    await f.api.tree.treeView?.reveal(untagged[0], { select: true, focus: false, expand: false });
    assert.deepStrictEqual(
      f.api.tree.treeView?.selection.map((n) => n.kind === 'tag' && n.image.digest),
      [digestOf('c')],
    );
  });

  it('does not list the platform manifests of a multi-arch image as untagged images once its index is read', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/web');
    f.api.tree.refresh(repo);
    // DescribeImages lists 2.0's two platform manifests as untagged images beside d; nothing has read the index yet.
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['2.0', 'Untagged (3)'],
    );
    const before = f.server.emulator.calls('v2.manifest');
    const changed = new Promise<Node | undefined>((resolve) => {
      const sub = f.api.tree.onDidChangeTreeData((n) => {
        if (n === repo) {
          sub.dispose();
          resolve(n);
        }
      });
    });
    // Expanding the group reads the index (one manifest GET), so only d is listed, and the label follows.
    const untagged = await children(f, await untaggedGroupNode(f, repo));
    assert.deepStrictEqual(
      untagged.map((n) => row(f, n).label),
      ['sha256:dddddddddddd'],
    );
    assert.equal(f.server.emulator.calls('v2.manifest') - before, 1);
    assert.equal(await changed, repo, 'the repository row is told to redraw its count');
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['2.0', 'Untagged (1)'],
    );

    // Expanding the multi-arch row teaches the same (after a refresh forgot it).
    f.api.tree.refresh(repo);
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['2.0', 'Untagged (3)'],
    );
    await children(f, await tagNode(f, repo, '2.0'));
    await waitFor('the group to drop the platform manifests', async () =>
      (await children(f, repo)).some((n) => row(f, n).label === 'Untagged (1)'),
    );
    // The quick pick of images leaves the known platform manifests out too.
    const picked: string[] = [];
    for await (const page of f.api.tree.tagPages(repo)) picked.push(...page.map((t) => t.tag ?? t.image.digest));
    assert.deepStrictEqual(picked, ['2.0', digestOf('d')]);
  });

  it('orders tags by name when ecrExplorer.images.sortBy is "tag" (untagged last)', async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    try {
      await config.update('images.sortBy', 'tag', vscode.ConfigurationTarget.Global);
      await waitFor('the sort setting', () => f.api.services.settings().sortBy === 'tag');
      assert.deepStrictEqual(
        (await children(f, repo)).map((n) => row(f, n).label),
        ['0.9', '1.0', 'latest', 'Untagged (1)'],
      );
    } finally {
      await config.update('images.sortBy', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the default sort', () => f.api.services.settings().sortBy === 'pushedAt');
    }
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0', 'latest', '0.9', 'Untagged (1)'],
    );
  });

  it('shows a placeholder for an empty repository', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'zeta');
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n)),
      [{ label: 'No images', contextValue: 'placeholder', collapsible: 'none', icon: 'info' }],
    );
  });

  it('expands a multi-arch image lazily to its platforms (Registry API with the ECR token)', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/web');
    const index = await tagNode(f, repo, '2.0');
    assert.deepStrictEqual(row(f, index), {
      label: '2.0',
      description: row(f, index).description,
      contextValue: 'ecrImage;image;multiArch;tag;tagged',
      collapsible: 'collapsed',
      icon: 'layers',
    });
    f.api.tree.refresh(index);
    const before = f.server.emulator.calls('v2.manifest');
    const platforms = await children(f, index);
    assert.deepStrictEqual(
      platforms.map((n) => row(f, n).label),
      ['linux/amd64', 'linux/arm64/v8'],
    );
    assert.ok(platforms.every((p) => p.kind === 'platform' && /^sha256:[0-9a-f]{64}$/.test(p.digest)));
    assert.ok(f.server.emulator.calls('v2.manifest') > before, 'platforms come from the registry, not from the listing');
    assert.equal(f.server.emulator.calls('GetAuthorizationToken') >= 1, true);
    // Each platform row shows its image's size (DescribeImages' imageSizeInBytes of the platform manifest), not the
    // few hundred bytes of the manifest document; the tooltip names both.
    assert.deepStrictEqual(
      platforms.map((n) => row(f, n).description?.replace(/^sha256:[0-9a-f]{12}/, 'DIGEST')),
      ['DIGEST · 40 MB', 'DIGEST · 38 MB'],
    );
    const amd64 = platforms[0] as Platform;
    const tooltip = await f.api.tree.resolveTreeItem(f.api.tree.getTreeItem(amd64), amd64, new vscode.CancellationTokenSource().token);
    const text = (tooltip.tooltip as vscode.MarkdownString).value.replace(/\\/g, '').replace(/&nbsp;/g, ' ');
    assert.match(text, /Size:\*\* 40 MB/);
    assert.match(text, /Manifest size:\*\* \d{3,4} byte/);
  });

  it('resolves a Markdown tooltip with the URI, digest, pull time and scan summary, untrusted and without HTML', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    const tag = await tagNode(f, repo, '1.0');
    const item = f.api.tree.getTreeItem(tag);
    const resolved = await f.api.tree.resolveTreeItem(item, tag, new vscode.CancellationTokenSource().token);
    const md = resolved.tooltip;
    assert.ok(md instanceof vscode.MarkdownString, 'tooltip is Markdown');
    assert.equal(md.isTrusted, false);
    assert.equal(md.supportHtml, false);
    const text = md.value.replace(/\\/g, '').replace(/&nbsp;/g, ' ');
    assert.ok(text.includes(`${repo.uri}:1.0`), text);
    assert.match(text, new RegExp(digestOf('a')));
    assert.match(text, /Critical 2, Low 5/);
    assert.match(text, /Other tags:\*\* latest/);
    assert.match(text, /Last pull:\*\* .*yesterday/);
    // Markdown punctuation from data is escaped: "(3 days ago)" arrives as text.
    assert.ok(md.value.includes('\\(3&nbsp;days&nbsp;ago\\)'), md.value);
  });

  it('escapes untrusted text in tooltips: a link or bold in a server message stays text', () => {
    const hostile = {
      kind: 'problem' as const,
      problem: {
        code: 'unknown' as const,
        message: message('registry.failed', 'Denied [open](command:workbench.action.quit) **now**\u001b[31m'),
      },
    };
    const md = f.api.tree.getTreeItem(hostile).tooltip;
    assert.ok(md instanceof vscode.MarkdownString);
    assert.equal(md.isTrusted, false);
    assert.ok(md.value.includes('\\[open\\]\\(command:workbench'), md.value);
    assert.ok(md.value.includes('\\*\\*now\\*\\*'), md.value);
    assert.ok(!md.value.includes('\u001b'), 'escape sequences are stripped');
    assert.equal(row(f, hostile).label, 'The registry request failed: Denied [open](command:workbench.action.quit) **now**');
  });

  it('resolves a multi-arch tooltip listing its platforms', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/web');
    const tag = await tagNode(f, repo, '2.0');
    const resolved = await f.api.tree.resolveTreeItem(f.api.tree.getTreeItem(tag), tag, new vscode.CancellationTokenSource().token);
    assert.match(
      (resolved.tooltip as vscode.MarkdownString).value.replace(/\\/g, '').replace(/&nbsp;/g, ' '),
      /Platforms:\*\* linux\/amd64, linux\/arm64\/v8/,
    );
  });

  it('gives every node its parent (getParent) so reveal works', async () => {
    const registry = await registryNode(f, ALPHA);
    const repo = await repositoryNode(f, registry, 'team/web');
    const tag = await tagNode(f, repo, '2.0');
    const platform = (await children(f, tag))[0] as Platform;
    const chain: string[] = [];
    for (let n: Node | undefined = platform; n; n = f.api.tree.getParent(n) ?? undefined) chain.push(n.kind);
    assert.deepStrictEqual(chain, ['platform', 'tag', 'repository', 'registry']);
    await f.api.tree.treeView?.reveal(platform, { select: true, focus: false, expand: false });
    assert.deepStrictEqual(
      f.api.tree.treeView?.selection.map((n) => n.kind),
      ['platform'],
    );
  });

  it('shows the first page of a large registry at once and the rest through "Load more…"', async () => {
    const registry = await registryNode(f, BETA);
    f.api.tree.refresh(registry);
    f.server.emulator.resetCalls();
    let rows = await children(f, registry);
    assert.equal(rows.length, 1001);
    const more = rows[1000] as LoadMore;
    assert.deepStrictEqual(row(f, more), {
      label: 'Load more…',
      description: '1,000 shown',
      contextValue: 'loadMore',
      collapsible: 'none',
      icon: 'ellipsis',
      command: 'ecrExplorer.loadMore',
    });
    assert.ok((f.server.emulator.calls('DescribeRepositories') as number) <= 2, 'at most the first page and the one fetched ahead');

    const changed = new Promise<Node | undefined>((resolve) => {
      const sub = f.api.tree.onDidChangeTreeData((n) => {
        if (n === registry) {
          sub.dispose();
          resolve(n);
        }
      });
    });
    await vscode.commands.executeCommand('ecrExplorer.loadMore', more);
    assert.equal(await changed, registry, 'the registry row is told that more data arrived');
    rows = await children(f, registry);
    assert.equal(rows.length, 2001);
    await vscode.commands.executeCommand('ecrExplorer.loadMore', rows[2000]);
    rows = await children(f, registry);
    // 2,500 scale repositories plus other/repo, and no "Load more…" row at the end.
    assert.equal(rows.length, 2501);
    assert.ok(rows.every((n) => n.kind === 'repository'));
    assert.equal(f.server.emulator.calls('DescribeRepositories'), 3, 'ceil(2501 / 1000) calls');
    const names = rows.map((n) => (n as Repository).name);
    assert.deepStrictEqual(names.slice(0, 2), ['other/repo', 'scale/repo-00001']);
  });

  it('keeps "Untagged (N)" after the tags, counting untagged images across every page', async () => {
    const now = Date.now();
    f.server.emulator.putImages(
      'other/repo',
      [
        { tags: [], digest: digestOf('1'), sizeBytes: 1000, pushedAt: now - 40 * 24 * 3600_000 },
        { tags: [], digest: digestOf('2'), sizeBytes: 1000, pushedAt: now - 41 * 24 * 3600_000 },
        ...Array.from({ length: 1000 }, (_, i) => ({ tags: [`v${i}`], sizeBytes: 1000, pushedAt: now - (i + 1) * 60_000 })),
        { tags: [], digest: digestOf('3'), sizeBytes: 1000, pushedAt: now - 42 * 24 * 3600_000 },
      ],
      { accountId: BETA },
    );
    const repo = await repositoryNode(f, await registryNode(f, BETA), 'other/repo');
    f.api.tree.refresh(repo);
    // 1,004 images: the first page (1,000) holds x, two untagged images and 997 tags; the rest loads behind it.
    await children(f, repo);
    await f.api.tree.imagesSettled(repo);
    const rows = await children(f, repo);
    assert.equal(rows.length, 1002);
    assert.equal(row(f, repo).description, '1,004 images · 1,001 tags · 3 untagged');
    assert.equal(row(f, rows[1001]).label, 'Untagged (3)');
    assert.deepStrictEqual(
      (await children(f, rows[1001])).map((n) => (n.kind === 'tag' ? n.image.digest : n.kind)),
      [digestOf('1'), digestOf('2'), digestOf('3')],
    );
  });

  it('filters repositories and tags, shows the filter in the view message and clears it', async () => {
    const registry = await registryNode(f, ALPHA);
    await vscode.commands.executeCommand('ecrExplorer.clearFilter');
    f.api.tree.setFilter('API');
    assert.deepStrictEqual(
      (await children(f, registry)).map((n) => row(f, n).label),
      ['team/api'],
    );
    assert.match(f.api.tree.treeView?.message ?? '', /“API”.*Clear Filter/);
    // A repository matched by name shows all its rows, the untagged group too.
    assert.deepStrictEqual(
      (await children(f, (await children(f, registry))[0])).map((n) => row(f, n).label),
      ['1.0', 'latest', '0.9', 'Untagged (1)'],
    );

    // A tag filter keeps the repositories whose loaded tags match and narrows their tags.
    f.api.tree.setFilter('0.9');
    const repos = await children(f, registry);
    assert.deepStrictEqual(
      repos.map((n) => row(f, n).label),
      ['team/api'],
    );
    assert.deepStrictEqual(
      (await children(f, repos[0])).map((n) => (n as Tag).tag),
      ['0.9'],
    );

    f.api.tree.setFilter('no-such-thing');
    assert.deepStrictEqual(
      (await children(f, registry)).map((n) => row(f, n).label),
      ['No loaded repository matches the filter'],
    );

    await vscode.commands.executeCommand('ecrExplorer.clearFilter');
    assert.equal(f.api.tree.treeView?.message, undefined);
    assert.equal((await children(f, registry)).length, 4);
  });

  it('shows a failing registry as a problem row with its fix, beside a working one', async () => {
    f.api.tree.refresh();
    const alpha = await registryNode(f, ALPHA);
    const beta = await registryNode(f, BETA);
    f.server.emulator.fault({ operation: 'DescribeRepositories', kind: 'accessDenied', times: 1 });
    const failing = await children(f, alpha);
    assert.equal(failing.length, 1);
    const problem = failing[0] as Problem;
    assert.equal(problem.kind, 'problem');
    assert.equal(problem.problem.code, 'accessDenied');
    const r = row(f, problem);
    assert.match(r.label, /Access denied.*ecr:DescribeRepositories/);
    assert.match(r.contextValue ?? '', /(^|;)problem(;|$)/);
    assert.equal(f.api.tree.getParent(problem), alpha);
    // The working registry next to it lists normally.
    const working = await children(f, beta);
    assert.ok(working.length > 1 && working[0].kind === 'repository');
    // The fix is a command that exists.
    if (r.command) assert.ok((await vscode.commands.getCommands(true)).includes(r.command), `${r.command} is registered`);
    // Refreshing the failed registry (the retry) lists it again.
    f.api.tree.refresh(alpha);
    assert.equal((await children(f, alpha)).length, 4);
  });
  it('shows a missing profile as a row with its fix beside a working one, and the welcome view when nothing works', async () => {
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    try {
      await config.update('profiles', ['alpha', 'ghost'], vscode.ConfigurationTarget.Global);
      await waitFor('the new profiles', () => f.api.services.settings().profiles.includes('ghost'));
      f.api.tree.refresh();
      const rows = (await children(f)).map((n) => row(f, n));
      assert.equal(rows.length, 2);
      assert.equal(rows[0].label, ALPHA);
      assert.match(rows[1].label, /ghost/);
      assert.equal(rows[1].command, 'ecrExplorer.chooseProfiles');
      assert.match(rows[1].contextValue ?? '', /(^|;)authProblem(;|$)/);

      await config.update('profiles', ['ghost'], vscode.ConfigurationTarget.Global);
      await waitFor('only the missing profile', () => f.api.services.settings().profiles.join() === 'ghost');
      f.api.tree.refresh();
      // No rows at all: the view shows its welcome content (choose profiles / regions / setup guide).
      assert.deepStrictEqual(await children(f), []);
    } finally {
      await config.update('profiles', ['alpha', 'beta'], vscode.ConfigurationTarget.Global);
      await waitFor('the profiles restored', () => f.api.services.settings().profiles.length === 2);
      f.api.tree.refresh();
    }
  });
});
