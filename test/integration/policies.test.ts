// Policies in a real extension host against the ECR emulator (the tree fixture's data): lifecycle policy documents
// with JSON schema squiggles, the preview marking exactly the images that would expire, saving with the preview
// offer, the bad inputs of the feature (each its own test), repository policies, Delete Policy and Repository
// Settings. Modal answers come from a scripted Ui; everything else is the real VS Code API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { VscodeUi, type PickItem, type Ui } from '../../src/services/ui';
import type { Tag } from '../../src/model/types';
import { ALPHA, REGION, repositoryNode, registryNode, setUpFixture, tagNode, type Fixture } from './treeFixture';
import { waitFor } from './helpers';

const URI_PREFIX = `ecr-explorer:/alpha/us-east-1/${ALPHA}/team/api/`;
const lifecycleUri = vscode.Uri.parse(`${URI_PREFIX}lifecycle-policy.json`);
const repositoryPolicyUri = vscode.Uri.parse(`${URI_PREFIX}repository-policy.json`);

const keepLast = (n: number, extraRule?: object): string =>
  JSON.stringify(
    {
      rules: [
        {
          rulePriority: 1,
          description: `Keep the last ${n} images`,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: n },
          action: { type: 'expire' },
        },
        ...(extraRule ? [extraRule] : []),
      ],
    },
    null,
    2,
  );

interface Scripted {
  ui: Ui;
  /** Answers for the next calls, by method, in order; a missing answer is `undefined` (dismissed). */
  answers: Partial<Record<'info' | 'warn' | 'error' | 'pickOne' | 'input', unknown[]>>;
  said: Array<{ kind: string; message: string; detail?: string }>;
}

function scriptedUi(): Scripted {
  // Prompts not scripted here are VS Code's own; the fake is installed behind the inert seam (api.useUi).
  const real: Ui = new VscodeUi();
  const s: Scripted = { answers: {}, said: [], ui: real };
  const next = (kind: keyof Scripted['answers']): unknown => s.answers[kind]?.shift();
  s.ui = {
    info: async (message, ...actions) => (s.said.push({ kind: 'info', message }), resolveAction(next('info'), actions)),
    warn: async (message, options, ...actions) => (
      s.said.push({ kind: 'warn', message, detail: options.detail }),
      resolveAction(next('warn'), actions)
    ),
    error: async (message, ...actions) => (s.said.push({ kind: 'error', message }), resolveAction(next('error'), actions)),
    pickOne: async <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: { title?: string }) => {
      const list = await items;
      s.said.push({ kind: 'pick', message: `${options.title ?? ''}: ${list.map((i) => i.label).join(' | ')}` });
      const want = next('pickOne');
      return list.find((i) => i.value === want)?.value;
    },
    input: async (options) => (s.said.push({ kind: 'input', message: options.prompt ?? '' }), next('input') as string | undefined),
    flash: () => undefined,
    withProgress: (title, task) => real.withProgress(title, task),
    writeClipboard: (text) => real.writeClipboard(text),
    pickMany: real.pickMany.bind(real),
    pickFromPages: real.pickFromPages.bind(real),
  };
  return s;
}

async function resolveAction(answer: unknown, actions: string[]): Promise<string | undefined> {
  return typeof answer === 'string' && actions.includes(answer) ? answer : undefined;
}

async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('(integration) policies: lifecycle and repository policies, preview, settings', function () {
  this.timeout(120000);
  let f: Fixture;
  let scripted: Scripted;
  let previousUi: Ui | undefined;
  const emulator = () => f.server.emulator;
  const policies = () => f.api.policies.feature();

  async function apiRepo() {
    return repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
  }
  async function storedLifecycle(): Promise<string | undefined> {
    return f.api.services.ecr().policies.getLifecyclePolicy(await apiRepo());
  }

  before(async () => {
    f = await setUpFixture();
  });
  after(async () => {
    if (previousUi) f.api.useUi(previousUi);
    await closeAll();
    await f?.dispose();
  });
  beforeEach(() => {
    scripted = scriptedUi();
    const previous = f.api.useUi(scripted.ui);
    previousUi ??= previous;
    emulator().setLifecyclePreview({ delayMs: 300, fail: false });
    emulator().clearFaults();
  });
  afterEach(async () => {
    await closeAll();
    policies().clear();
  });

  it('the policy file system is registered at activation without the AWS SDK; contributions are in place', () => {
    assert.equal(vscode.workspace.fs.isWritableFileSystem('ecr-explorer'), true);
    const pkg = vscode.extensions.getExtension('ecr-explorer.ecr-explorer')?.packageJSON as {
      contributes: { jsonValidation: Array<{ fileMatch: string; url: string }> };
    };
    assert.deepEqual(
      pkg.contributes.jsonValidation.map((j) => j.url),
      ['./media/schemas/lifecycle-policy.schema.json', './media/schemas/repository-policy.schema.json'],
    );
  });

  it('Edit Lifecycle Policy opens a JSON template when there is none; a typo gets a squiggle from the schema', async () => {
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', await apiRepo()), true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), lifecycleUri.toString());
    assert.equal(editor?.document.languageId, 'json');
    const template = JSON.parse(editor.document.getText()) as { rules: unknown[] };
    assert.equal(template.rules.length, 2);
    await setText(editor.document, keepLast(1).replace('"tagStatus": "any"', '"tagStatus": "anny"'));
    const diags = await waitFor('schema diagnostics on the policy', () => {
      const d = vscode.languages.getDiagnostics(lifecycleUri);
      return d.length > 0 ? d : undefined;
    });
    assert.ok(
      diags.some((d) => /anny|tagged|untagged|any/i.test(d.message)),
      diags.map((d) => d.message).join(' | '),
    );
    await setText(editor.document, keepLast(1));
    await waitFor('the squiggle to go away', () => vscode.languages.getDiagnostics(lifecycleUri).length === 0);
  });

  it('Preview marks exactly the images that would expire (rows re-render via decorations), lists them, Clear Preview unmarks', async () => {
    const repo = await apiRepo();
    await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', repo);
    const doc = vscode.window.activeTextEditor!.document;
    await setText(doc, keepLast(1));
    scripted.answers.info = ['Show Images'];
    scripted.answers.pickOne = [];
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.previewLifecyclePolicy', lifecycleUri), true);
    const report = scripted.said.find((s) => s.kind === 'info');
    assert.match(report?.message ?? '', /2 images/);
    assert.match(report?.message ?? '', /Keep the last 1 images/);
    const list = scripted.said.find((s) => s.kind === 'pick');
    // Oldest first, as ECR lists them: the untagged image (20 days) before 0.9 (10 days).
    assert.match(list?.message ?? '', /untagged \| 0\.9/);
    const decorationOf = async (tag: string | undefined) => {
      const node = await tagNode(f, repo, tag);
      const uri = f.api.tree.getTreeItem(node).resourceUri;
      assert.ok(uri, 'ECR image rows carry a resourceUri');
      return policies().provideFileDecoration(uri);
    };
    assert.equal((await decorationOf('0.9'))?.badge, 'X');
    assert.equal((await decorationOf(undefined))?.badge, 'X');
    assert.equal(await decorationOf('latest'), undefined);
    assert.equal(await decorationOf('1.0'), undefined);
    assert.equal(await storedLifecycle(), undefined, 'a preview saves nothing');
    assert.equal(emulator().calls('BatchDeleteImage') ?? 0, 0, 'nothing is deleted');
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.clearPreview'), true);
    assert.equal(await decorationOf('0.9'), undefined);
  });

  it('marking and clearing 10,000 images re-renders rows only: one decoration event each, no tree reload, no listing call', async () => {
    const name = 'scale/lifecycle';
    emulator().seedScale({ accountId: ALPHA, region: REGION, repository: name, images: 10_000 });
    await vscode.commands.executeCommand('ecrExplorer.refresh');
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), name);
    // The repository's first page of image rows, as the tree shows them (newest first).
    const rows = (await f.api.tree.getChildren(repo))?.filter((n): n is Tag => n.kind === 'tag') ?? [];
    assert.ok(rows.length > 10, `the tree lists more than 10 image rows (got ${rows.length})`);
    // And two of the newest images, which the rule keeps (found by tag through the tree, before the counting starts).
    for (const tag of ['build-9999', 'build-9990']) {
      const row = await f.api.tree.findTag(repo, tag);
      assert.ok(row, `${tag} has a row`);
      rows.push(row);
    }
    await f.api.services.ecr().policies.putLifecyclePolicy(repo, keepLast(10));
    // The tree loads a big repository's later pages in the background: let it finish before counting.
    await f.api.tree.imagesSettled(repo);

    const listing = () => ['DescribeImages', 'ListImages', 'BatchGetImage'].map((op) => emulator().calls(op) ?? 0);
    const listedBefore = listing();
    let treeChanges = 0;
    const decorationEvents: vscode.Uri[][] = [];
    const subscriptions = [
      f.api.tree.onDidChangeTreeData(() => treeChanges++),
      f.api.policies.onDidChangeFileDecorations((uris) => decorationEvents.push(Array.isArray(uris) ? uris : uris ? [uris] : [])),
    ];
    try {
      scripted.answers.info = [];
      assert.equal(await vscode.commands.executeCommand('ecrExplorer.previewLifecyclePolicy', repo), true);
      assert.match(scripted.said.find((x) => x.kind === 'info')?.message ?? '', /9,990 images/);
      assert.equal(decorationEvents.length, 1, 'marking is one decoration change');
      const marked = new Set(decorationEvents[0]?.map((u) => u.toString()));
      assert.equal(marked.size, 9_990);
      // The rows on screen carry exactly those URIs: build-9990…build-9999 (the newest 10) are kept, older ones marked.
      const kept = (row: Tag) => Number(/^build-(\d+)$/.exec(row.tag ?? '')?.[1]) >= 9_990;
      assert.ok(rows.some(kept) && rows.some((r) => !kept(r)), 'the rows shown include kept and marked images');
      for (const row of rows) {
        const uri = f.api.tree.getTreeItem(row).resourceUri;
        assert.ok(uri, 'ECR image rows carry a resourceUri');
        assert.equal(marked.has(uri.toString()), !kept(row), row.tag);
        assert.equal(policies().provideFileDecoration(uri)?.badge, kept(row) ? undefined : 'X', row.tag);
      }

      assert.equal(await vscode.commands.executeCommand('ecrExplorer.clearPreview', repo), true);
      assert.equal(decorationEvents.length, 2, 'clearing is one decoration change');
      assert.deepEqual(new Set(decorationEvents[1]?.map((u) => u.toString())), marked);
      for (const row of rows) assert.equal(policies().provideFileDecoration(f.api.tree.getTreeItem(row).resourceUri!), undefined);

      assert.equal(treeChanges, 0, 'the tree was not reloaded');
      assert.deepEqual(listing(), listedBefore, 'no image was listed again (DescribeImages, ListImages, BatchGetImage)');
    } finally {
      for (const d of subscriptions) d.dispose();
      await f.api.services.ecr().policies.deleteLifecyclePolicy(repo);
    }
  });

  it('Save offers the preview when images would expire; Save writes the policy', async () => {
    await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', await apiRepo());
    const doc = vscode.window.activeTextEditor!.document;
    await setText(doc, keepLast(2));
    scripted.answers.warn = ['Save'];
    assert.equal(await doc.save(), true);
    const offer = scripted.said.find((s) => s.kind === 'warn');
    assert.match(offer?.message ?? '', /expire 1 images/);
    assert.deepEqual(JSON.parse((await storedLifecycle()) ?? '{}'), JSON.parse(keepLast(2)));
    await f.api.services.ecr().policies.deleteLifecyclePolicy(await apiRepo());
  });

  it('bad input: invalid JSON is not saved', async () => {
    await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', await apiRepo());
    const doc = vscode.window.activeTextEditor!.document;
    await setText(doc, '{ "rules": [ { "rulePriority": 1, } ] ');
    assert.equal(await doc.save(), false);
    await assert.rejects(policies().fs.writeFile(lifecycleUri, new TextEncoder().encode(doc.getText())), /not valid JSON \(line 1/);
    assert.equal(await storedLifecycle(), undefined);
  });

  it('bad input: a schema-valid policy ECR rejects fails the save with ECR’s reason', async () => {
    const twoAny = keepLast(3, {
      rulePriority: 2,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 },
      action: { type: 'expire' },
    });
    await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', await apiRepo());
    const doc = vscode.window.activeTextEditor!.document;
    await setText(doc, twoAny);
    scripted.answers.warn = ['Save'];
    assert.equal(await doc.save(), false);
    scripted.answers.warn = ['Save'];
    await assert.rejects(policies().fs.writeFile(lifecycleUri, new TextEncoder().encode(twoAny)), /only one rule may have tagStatus 'any'/);
    assert.equal(await storedLifecycle(), undefined);
  });

  it('bad input: a policy saved after the repository was deleted fails with the reason', async () => {
    emulator().seed({ repositories: [{ accountId: ALPHA, name: 'team/gone' }] });
    const uri = vscode.Uri.parse(`ecr-explorer:/alpha/us-east-1/${ALPHA}/team/gone/repository-policy.json`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const loc = { profile: 'alpha', region: 'us-east-1', registryId: ALPHA, repository: 'team/gone', kind: 'repository' as const };
    const { ecr, repo } = await policies().fs.repository(loc);
    await ecr.deleteRepository(repo, { force: true });
    await assert.rejects(policies().fs.writeFile(uri, new TextEncoder().encode(doc.getText())), /does not exist|deleted/i);
  });

  it('bad input: a preview that fails is reported, nothing marked', async () => {
    emulator().setLifecyclePreview({ delayMs: 0, fail: true });
    await vscode.commands.executeCommand('ecrExplorer.editLifecyclePolicy', await apiRepo());
    await setText(vscode.window.activeTextEditor!.document, keepLast(1));
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.previewLifecyclePolicy', lifecycleUri), false);
    assert.match(scripted.said.find((s) => s.kind === 'error')?.message ?? '', /FAILED/);
    assert.equal(policies().marks.has(), false);
  });

  it('bad input: AccessDenied on SetRepositoryPolicy names the IAM action', async () => {
    await vscode.commands.executeCommand('ecrExplorer.editRepositoryPolicy', await apiRepo());
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.toString(), repositoryPolicyUri.toString());
    emulator().fault({ operation: 'SetRepositoryPolicy', kind: 'accessDenied', times: 1 });
    await assert.rejects(policies().fs.writeFile(repositoryPolicyUri, new TextEncoder().encode(doc.getText())), /ecr:SetRepositoryPolicy/);
  });

  it('a policy changed by someone else is not overwritten silently: cancel keeps theirs, Overwrite writes mine', async () => {
    const repo = await apiRepo();
    await vscode.commands.executeCommand('ecrExplorer.editRepositoryPolicy', repo);
    const doc = vscode.window.activeTextEditor!.document;
    const theirs = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] });
    await f.api.services.ecr().policies.setRepositoryPolicy(repo, theirs);
    const mine = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:PutImage' }] },
      null,
      2,
    );
    await setText(doc, mine);
    assert.equal(await doc.save(), false);
    assert.match(scripted.said.find((s) => s.kind === 'warn')?.message ?? '', /changed by someone else/);
    assert.equal(await f.api.services.ecr().policies.getRepositoryPolicy(repo), theirs);
    scripted.answers.warn = ['Overwrite'];
    assert.equal(await doc.save(), true);
    assert.equal(await f.api.services.ecr().policies.getRepositoryPolicy(repo), mine);
  });

  it('Delete Policy asks first, then deletes', async () => {
    const repo = await apiRepo();
    await f.api.services.ecr().policies.putLifecyclePolicy(repo, keepLast(5));
    scripted.answers.pickOne = ['lifecycle'];
    scripted.answers.warn = [];
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deletePolicy', repo), false);
    assert.ok(await storedLifecycle(), 'dismissing the question keeps the policy');
    scripted.answers.pickOne = ['lifecycle'];
    scripted.answers.warn = ['Delete'];
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deletePolicy', repo), true);
    assert.equal(await storedLifecycle(), undefined);
  });

  it('Repository Settings: a narrowing mutability change is confirmed; the tooltip shows the settings', async () => {
    const repo = await apiRepo();
    scripted.answers.pickOne = ['mutability', 'IMMUTABLE_WITH_EXCLUSION'];
    scripted.answers.input = ['dev-*, tmp-*'];
    scripted.answers.warn = ['Change'];
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.repositorySettings', repo), true);
    assert.match(scripted.said.find((s) => s.kind === 'warn')?.message ?? '', /immutable/i);
    const settings = await f.api.services.ecr().policies.getRepositorySettings(repo);
    assert.equal(settings.tagMutability, 'IMMUTABLE_WITH_EXCLUSION');
    assert.deepEqual(settings.exclusionFilters, ['dev-*', 'tmp-*']);
    f.api.tree.refresh();
    const fresh = await apiRepo();
    const tooltip = (await f.api.tree.resolveTreeItem(f.api.tree.getTreeItem(fresh), fresh, new vscode.CancellationTokenSource().token))
      .tooltip;
    const text = tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip);
    // Markdown-escaped: IMMUTABLE\_WITH\_EXCLUSION&nbsp;\(except&nbsp;dev-\*, …
    assert.match(text, /IMMUTABLE\\?_WITH\\?_EXCLUSION/);
    assert.match(text, /dev-\\?\*/);
    scripted.answers.pickOne = ['scanOnPush'];
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.repositorySettings', repo), true);
    assert.equal((await f.api.services.ecr().policies.getRepositorySettings(repo)).scanOnPush, true);
    await f.api.services.ecr().policies.putTagMutability(repo, 'MUTABLE');
  });
});
