// Image references in a real extension host against the ECR emulator (started in this process): hover, problems
// (newer tags too, from the listings read in the background after the problems, without a hover), quick fixes
// applied to the document, document links, Show Vulnerabilities from the hover opening the report, one DescribeImages
// imageIds call per repository (+ one listing per repository with version-like tags) counted at the emulator, Refresh
// invalidating the cache, missing credentials said in the hover, a closed document forgotten.
// In Restricted Mode (run "references-untrusted") hovers work and no problems are published.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { corpusSeed, kubernetesCorpus } from '../fixtures/references/corpus';
import { startEmulator } from '../servers';
import { activateExtension, waitFor } from './helpers';

const ACCOUNT = '123456789012';
const DENIED = '999999999999';
const EU = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;
const DAY = 24 * 3600_000;
const digestOf = (c: string): string => `sha256:${c.repeat(64)}`;

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: payments-api',
  'spec:',
  '  template:',
  '    spec:',
  '      initContainers:',
  '        - name: migrate',
  `          image: ${EU}/payments/migrations:2.4.0`,
  '      containers:',
  '        - name: api',
  `          image: "${EU}/payments/api:1.8.3"`,
  '        - name: worker',
  `          image: ${EU}/payments/worker:9.9.9`,
  '        - name: audit',
  `          image: ${DENIED}.dkr.ecr.eu-west-1.amazonaws.com/audit/agent:1.0.0`,
  '',
].join('\n');

type Server = Awaited<ReturnType<typeof startEmulator>>;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));

/** The command links of a hover: [command, decoded arguments]. */
function hoverLinks(text: string): [string, unknown[]][] {
  return [...text.matchAll(/\]\(command:([^?)]+)\?([^)]*)\)/g)].map((m) => [m[1]!, JSON.parse(decodeURIComponent(m[2]!)) as unknown[]]);
}

function reportTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

describe('(integration) image references', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: Server;
  let dir: string;
  let folder: vscode.Uri;
  const saved = { ...process.env };
  const trusted = vscode.workspace.isTrusted;

  before(async () => {
    api = (await activateExtension()).exports as ExtensionApi;
    server = await startEmulator({ defaultRegion: 'eu-west-1', defaultAccountId: ACCOUNT });
    const now = Date.now();
    server.emulator.seed({
      repositories: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          name: 'payments/api',
          images: [
            {
              tags: ['1.8.3'],
              digest: digestOf('a'),
              sizeBytes: 52_000_000,
              pushedAt: now - 9 * DAY,
              scan: { findings: { CRITICAL: 2, HIGH: 1 } },
            },
            {
              tags: ['1.8.4', 'stable'],
              digest: digestOf('b'),
              sizeBytes: 52_100_000,
              pushedAt: now - 2 * DAY,
              scan: { findings: { LOW: 1 } },
            },
          ],
        },
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          name: 'payments/migrations',
          images: [{ tags: ['2.4.0'], digest: digestOf('c'), pushedAt: now - DAY }],
        },
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          name: 'payments/worker',
          images: [{ tags: ['1.0.0'], digest: digestOf('d'), pushedAt: now - DAY }],
        },
        ...corpusSeed(10, 9),
      ],
    });
    server.emulator.addAccount(DENIED);
    server.emulator.fault({ operation: 'DescribeImages', kind: 'accessDenied', accountId: DENIED });
    dir = mkdtempSync(join(tmpdir(), 'ecr-refs-it-'));
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAREFSEXAMPLE00001\naws_secret_access_key = refs-secret\n');
    for (const k of [
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL_ECR',
      'AWS_ENDPOINT_URL',
    ])
      delete process.env[k];
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    await config.update('regions', ['eu-west-1'], vscode.ConfigurationTarget.Global);
    await waitFor('the endpoint setting', () => api.services.settings().endpoint === server.url);
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root, 'a workspace folder');
    folder = root.uri;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    for (const key of ['endpoint', 'regions']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await server.stop();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  async function openFile(name: string, text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  async function openInWorkbench(name: string, text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await vscode.commands.executeCommand('vscode.open', uri);
    return waitFor(`${name} open`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
  }

  it('loads neither the AWS SDK nor the scanner at activation', () => {
    assert.equal(api.awsLoaded, false);
    assert.equal(api.references.loaded, false);
  });

  it('shows what ECR says about the image under the cursor (hover), with only its own command links', async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    const line = lineOf(MANIFEST, 'payments/api');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 40),
    );
    const text = hoverText(hovers);
    assert.match(text, /payments\/api:1\.8\.3/);
    assert.match(text, /sha256\\:aaaaaaaaaaaa/);
    assert.match(text, /CRITICAL 2 · HIGH 1/);
    assert.match(text, /52(\\\.0)? MB/);
    assert.match(text, /1\\\.8\\\.4/, 'the newer tag in the line');
    const links = [...text.matchAll(/\]\(command:([^?)]+)/g)].map((m) => m[1]);
    assert.deepEqual(links.sort(), [
      'ecrExplorer.copyPinnedReference',
      'ecrExplorer.revealImageReference',
      'ecrExplorer.showVulnerabilities',
    ]);
    assert.equal(api.references.loaded, true);
  });

  it('says in the hover when a registry cannot be read with the current credentials', async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    const line = lineOf(MANIFEST, 'audit/agent');
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 30)),
    );
    assert.match(text, /999999999999/);
    assert.match(text, /command:ecrExplorer\.chooseProfiles/);
  });

  it('links the repository part to the tree', async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const line = lineOf(MANIFEST, 'payments/api');
    const link = links.find((l) => l.range.start.line === line);
    assert.ok(link?.target, 'a link on the api line');
    assert.equal(link.target.scheme, 'command');
    assert.equal(link.target.path, 'ecrExplorer.revealImageReference');
    assert.equal(doc.getText(link.range), `${EU}/payments/api`);
  });

  if (!trusted) {
    it('publishes no problems in Restricted Mode, and neither looks up nor lists for them', async () => {
      server.emulator.resetCalls();
      const corpus = await openFile('restricted-corpus.yaml', kubernetesCorpus(20, 5));
      const doc = await openFile('deployment.yaml', MANIFEST);
      await new Promise((r) => setTimeout(r, 1500));
      await api.references.versionsIdle();
      assert.deepEqual(vscode.languages.getDiagnostics(doc.uri), []);
      assert.deepEqual(vscode.languages.getDiagnostics(corpus.uri), []);
      assert.equal(server.emulator.calls('DescribeImages'), 0, 'no lookup and no background listing');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(lineOf(MANIFEST, 'payments/api'), 20, lineOf(MANIFEST, 'payments/api'), 20),
      );
      assert.equal(actions.filter((a) => /digest|tag/i.test(a.title)).length, 0);
    });
    return;
  }

  it('lists missing tags, vulnerable images and newer tags as problems without a hover', async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    await api.references.versionsIdle();
    // Start from nothing cached: one imageIds lookup per repository, then (after those problems are shown) the
    // listings of the repositories referenced with a version-like tag that exists.
    server.emulator.resetCalls();
    await vscode.commands.executeCommand('ecrExplorer.refresh');
    const diags = await waitFor('the problems, the newer tag included', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.some((x) => x.code === 'newerTag') && d.length >= 3 ? d : undefined;
    });
    await api.references.versionsIdle();
    // api, migrations, worker (its only id, 9.9.9, is the one ECR names as missing), audit (denied); then the listings
    // of api (1.8.3) and migrations (2.4.0), not of worker (its tag is missing) nor audit (unreadable).
    assert.equal(server.emulator.calls('DescribeImages'), 6);
    const summary = diags
      .map((d) => [d.range.start.line, doc.getText(d.range), vscode.DiagnosticSeverity[d.severity], d.code, d.source])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[3]).localeCompare(String(b[3])));
    assert.deepEqual(summary, [
      [lineOf(MANIFEST, 'payments/api'), '1.8.3', 'Information', 'newerTag', 'ECR Explorer'],
      [lineOf(MANIFEST, 'payments/api'), `${EU}/payments/api:1.8.3`, 'Warning', 'vulnerable', 'ECR Explorer'],
      [lineOf(MANIFEST, 'payments/worker'), '9.9.9', 'Error', 'tagNotFound', 'ECR Explorer'],
    ]);
    assert.match(diags.find((d) => d.code === 'tagNotFound')!.message, /9\.9\.9/);
    assert.match(diags.find((d) => d.code === 'newerTag')!.message, /1\.8\.4/);
    // A hover has everything cached now.
    const line = lineOf(MANIFEST, 'payments/api');
    await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 40));
    assert.equal(server.emulator.calls('DescribeImages'), 6, 'the hover asked nothing');
  });

  it("opens the findings report from the hover's Show Vulnerabilities link", async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    const line = lineOf(MANIFEST, 'payments/api');
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 40)),
    );
    const link = hoverLinks(text).find(([c]) => c === 'ecrExplorer.showVulnerabilities');
    assert.ok(link, text);
    await vscode.commands.executeCommand(link[0], ...link[1]);
    const title = 'Vulnerabilities: payments/api:1.8.3';
    await waitFor('the report panel', () => reportTabs().some((t) => t.label === title) || undefined, 20_000);
    // Arguments that do not name an ECR host of their account and region open nothing.
    const forged = { ...(link[1][0] as Record<string, unknown>), host: '127.0.0.1:5000' };
    await vscode.commands.executeCommand(link[0], forged);
    assert.equal(reportTabs().filter((t) => t.label === title).length, 1);
    for (const tab of reportTabs()) await vscode.window.tabGroups.close(tab);
  });

  it('pins a tag to its digest with a quick fix, and updates to the newest tag with another', async () => {
    const doc = await openFile('deployment.yaml', MANIFEST);
    const line = lineOf(MANIFEST, 'payments/api');
    await vscode.commands.executeCommand('ecrExplorer.refresh');
    await waitFor('problems', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'newerTag') || undefined);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(line, 45, line, 45),
    );
    const titles = actions.map((a) => a.title);
    const pin = actions.find((a) => a.title.startsWith('Pin to digest'));
    const update = actions.find((a) => a.title.startsWith('Update to newest tag'));
    assert.ok(pin?.edit && update?.edit, titles.join(' | '));
    assert.equal(pin.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(update.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(pin.edit));
    assert.equal(doc.lineAt(line).text, `          image: "${EU}/payments/api:1.8.3@${digestOf('a')}"`);
    await doc.save();
  });

  it('warns when the tag moved away from the pinned digest and removes the stale digest', async () => {
    const pinned = MANIFEST.replace(`payments/api:1.8.3"`, `payments/api:1.8.4@${digestOf('a')}"`);
    const doc = await openFile('stale.yaml', pinned);
    const line = lineOf(pinned, 'payments/api');
    const mismatch = await waitFor('the stale digest problem', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'digestMismatch'),
    );
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(mismatch.range), digestOf('a'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, mismatch.range);
    const remove = actions.find((a) => a.title === 'Remove stale digest');
    assert.ok(remove?.edit);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.equal(doc.lineAt(line).text, `          image: "${EU}/payments/api:1.8.4"`);
    await waitFor('the problem to go', () => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'digestMismatch'));
  });

  it('resolves 100 references to 10 repositories in 3 registries with one imageIds call per repository (+1 per missing tag), then lists each once', async () => {
    await api.references.versionsIdle();
    server.emulator.resetCalls();
    const corpus = kubernetesCorpus(100, 10);
    const doc = await openFile('corpus.yaml', corpus);
    const count = (code: string): number => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === code).length;
    // Tags 1.0.0 … 1.8.0 exist: the ten references to 1.9.0 are missing, the eighty to 1.0.0 … 1.7.0 have 1.8.0.
    await waitFor('the corpus problems', () => (count('tagNotFound') === 10 && count('newerTag') === 80) || undefined, 20_000);
    await api.references.versionsIdle();
    // One call per repository; ECR fails a call on a missing id (naming it), so each repository pays one more; then one
    // listing per repository (each has fewer than 1000 images), after those problems.
    assert.equal(server.emulator.calls('DescribeImages'), 30);
    await vscode.commands.executeCommand('ecrExplorer.refresh');
    await waitFor('lookups after Refresh', () => server.emulator.calls('DescribeImages') >= 60 || undefined, 20_000);
    await waitFor('the newer tags after Refresh', () => count('newerTag') === 80 || undefined, 20_000);
    await api.references.versionsIdle();
    // The corpus again, plus the other open manifests' repositories (lookups: api, migrations, worker + its missing
    // tag, audit; listings: api, migrations).
    const calls = server.emulator.calls('DescribeImages');
    assert.ok(calls >= 60 && calls <= 60 + 4 + 2, String(calls));
  });

  it('forgets a closed document: its problems go, its answers leave the cache, re-opening asks ECR again', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // A repository no other test document names, so only this document's references are about it.
    server.emulator.seed({
      repositories: [
        {
          accountId: ACCOUNT,
          region: 'eu-west-1',
          name: 'closing/app',
          images: [0, 1, 2].map((k) => ({ tags: [`1.${k}.0`], digest: digestOf(String(k)), pushedAt: Date.now() - DAY })),
        },
      ],
    });
    const text = [0, 1, 2, 3].map((k) => `image${k}: ${EU}/closing/app:1.${k}.0`).join('\n') + '\n';
    const lookups = (): number => server.emulator.calls('DescribeImages');
    const before = lookups();
    // Opened by the workbench (as a user does), not with openTextDocument, which keeps the document alive for minutes
    // after its editor closes.
    const doc = await openInWorkbench('closed.yaml', text);
    // 1.3.0 is missing; 1.0.0 and 1.1.0 have 1.2.0 (from the background listing).
    await waitFor("the closed-to-be document's problems", () => vscode.languages.getDiagnostics(doc.uri).length === 3 || undefined);
    await api.references.versionsIdle();
    const opened = lookups() - before;
    assert.ok(opened >= 1, 'looked up');
    const held = api.references.cacheSize;
    assert.ok(held.ids > 0);
    const uri = doc.uri;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(
      'the document to be closed',
      () => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) || undefined,
      30_000,
    );
    await waitFor('its problems to go', () => vscode.languages.getDiagnostics(uri).length === 0 || undefined);
    // No other open document names the repository: nothing about it is cached any more.
    assert.ok(api.references.cacheSize.ids < held.ids, JSON.stringify([held, api.references.cacheSize]));
    const reopened = lookups();
    await openInWorkbench('closed.yaml', text);
    await waitFor('problems after re-opening', () => vscode.languages.getDiagnostics(uri).length === 3 || undefined);
    await api.references.versionsIdle();
    assert.equal(lookups() - reopened, opened, 'the same lookups as the first time (nothing was answered from the cache)');
  });
});
