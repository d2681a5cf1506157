// Tree commands through vscode.commands against the ECR emulator: every copy command (read back from the
// clipboard), create/delete round-trips visible at the emulator, and a generic registry added and removed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import { executableProblem } from '../../src/commands/chooseContainerCli';
import type { Registry, Repository } from '../../src/model/types';
import type { Ui } from '../../src/services/ui';
import { ScriptedUi } from './scriptedUi';
import { ALPHA, children, digestOf, registryNode, REGION, repositoryNode, row, setUpFixture, tagNode, type Fixture } from './treeFixture';

describe('(integration) tree commands', function () {
  this.timeout(60_000);
  let f: Fixture;

  let HOST = '';

  before(async () => {
    f = await setUpFixture();
    // With an endpoint override the registry host is the emulator's (what `docker pull` would reach).
    HOST = (await registryNode(f, ALPHA)).host;
    assert.equal(HOST, `127.0.0.1:${f.server.port}`);
  });

  after(async () => {
    await f?.dispose();
  });

  // Every prompt goes through the scripted Ui; no notification may carry a link or icon the extension did not write.
  let ui: ScriptedUi;
  let realUi: Ui | undefined;
  beforeEach(() => {
    ui = new ScriptedUi();
    realUi = f.api.useUi(ui);
  });
  afterEach(() => {
    if (realUi) f.api.useUi(realUi);
    assert.deepEqual(ui.liveSyntax(), [], 'no live link or icon syntax in anything shown');
  });

  async function copied(command: string, node: unknown): Promise<string> {
    await vscode.env.clipboard.writeText('(nothing copied)');
    const returned = await vscode.commands.executeCommand<string | undefined>(command, node);
    const text = await vscode.env.clipboard.readText();
    assert.equal(returned, text, `${command} returns what it copied`);
    return text;
  }

  it('copies image, digest, pinned and repository URIs, the tag and the pull command from a tag row', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    const tag = await tagNode(f, repo, '1.0');
    assert.deepStrictEqual(
      {
        image: await copied('ecrExplorer.copyImageUri', tag),
        digest: await copied('ecrExplorer.copyDigestUri', tag),
        pinned: await copied('ecrExplorer.copyPinnedUri', tag),
        tag: await copied('ecrExplorer.copyTag', tag),
        repository: await copied('ecrExplorer.copyRepositoryUri', repo),
        repositoryFromTag: await copied('ecrExplorer.copyRepositoryUri', tag),
        pull: await copied('ecrExplorer.copyPullCommand', tag),
      },
      {
        image: `${HOST}/team/api:1.0`,
        digest: `${HOST}/team/api@${digestOf('a')}`,
        pinned: `${HOST}/team/api:1.0@${digestOf('a')}`,
        tag: '1.0',
        repository: `${HOST}/team/api`,
        repositoryFromTag: `${HOST}/team/api`,
        pull: `docker pull ${HOST}/team/api:1.0`,
      },
    );
  });

  it('copies the digest form for an untagged image and the platform digest for a platform row', async () => {
    const registry = await registryNode(f, ALPHA);
    const untagged = await tagNode(f, await repositoryNode(f, registry, 'team/api'), undefined);
    assert.equal(await copied('ecrExplorer.copyImageUri', untagged), `${HOST}/team/api@${digestOf('c')}`);
    const index = await tagNode(f, await repositoryNode(f, registry, 'team/web'), '2.0');
    const [amd64] = await children(f, index);
    assert.equal(amd64.kind, 'platform');
    const digest = amd64.kind === 'platform' ? amd64.digest : '';
    assert.equal(await copied('ecrExplorer.copyDigestUri', amd64), `${HOST}/team/web@${digest}`);
    assert.equal(await copied('ecrExplorer.copyPullCommand', amd64), `docker pull --platform linux/amd64 ${HOST}/team/web:2.0`);
  });

  it('asks registry → repository → tag with quick picks when run from the palette', async () => {
    await vscode.env.clipboard.writeText('(nothing copied)');
    // The first item of each pick (alphabetical and newest-first order) walks ALPHA → alpha/tools → v1.
    ui.answer('pickFromPages', ALPHA, 'alpha/tools', 'v1');
    const copiedUri = await vscode.commands.executeCommand<string | undefined>('ecrExplorer.copyImageUri');
    assert.equal(copiedUri, `${HOST}/alpha/tools:v1`);
    assert.equal(await vscode.env.clipboard.readText(), `${HOST}/alpha/tools:v1`);
    assert.deepEqual(ui.pending(), []);
  });

  it('a node built by hand (another endpoint and host) is never acted on: the command asks instead', async () => {
    await vscode.env.clipboard.writeText('(nothing copied)');
    const real = await tagNode(f, await repositoryNode(f, await registryNode(f, ALPHA), 'team/api'), '1.0');
    const forged = JSON.parse(
      JSON.stringify({
        ...real,
        parent: {
          ...real.parent,
          parent: {
            ...real.parent.parent,
            id: 'ecr:evil',
            host: 'attacker.example',
            source: { region: 'us-east-1', endpoint: 'http://attacker.invalid' },
          },
        },
      }),
    );
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.copyImageUri', forged), undefined);
    assert.equal(ui.of('pickFromPages').length, 1, 'the palette pick was offered instead (and dismissed)');
    assert.equal(await vscode.env.clipboard.readText(), '(nothing copied)');
    f.server.emulator.resetCalls();
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.login', forged.parent.parent), undefined);
    assert.equal(f.server.emulator.calls('GetAuthorizationToken'), 0, 'no token for a registry the tree never showed');
    assert.deepEqual(ui.of('pickMany').length + ui.of('info').length, 1, 'the login asked which registry instead');
  });

  it('chooses the container CLI from those found on PATH (user setting; a chosen kind clears a stale path)', async () => {
    const config = () => vscode.workspace.getConfiguration('ecrExplorer');
    await config().update('containerCli', 'podman', vscode.ConfigurationTarget.Global);
    await config().update('containerCliPath', '/nonexistent/docker', vscode.ConfigurationTarget.Global);
    try {
      // The pick lists CLIs found on PATH first, in the order docker, podman, finch, nerdctl: docker is installed here.
      ui.answer('pickOne', (shown) => shown.choices[0]);
      assert.equal(await vscode.commands.executeCommand<string | undefined>('ecrExplorer.chooseContainerCli'), 'docker');
      assert.deepEqual(ui.of('pickOne')[0]?.choices.slice(0, 1), ['docker']);
      assert.equal(config().inspect<string>('containerCli')?.globalValue, 'docker');
      assert.equal(config().inspect<string>('containerCliPath')?.globalValue, undefined);
      assert.equal(await executableProblem('/bin/sh'), undefined);
      assert.match((await executableProblem('/nonexistent/docker')) ?? '', /does not exist or is not executable/);
      assert.match((await executableProblem('/tmp')) ?? '', /is not a file/);
    } finally {
      await config().update('containerCli', undefined, vscode.ConfigurationTarget.Global);
      await config().update('containerCliPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('creates a repository (tag mutability, scan on push) and shows it after the automatic refresh', async () => {
    const registry = await registryNode(f, ALPHA);
    ui.answer('input', 'team/new-service').answer('pickOne', 'Immutable tags', 'Scan on push');
    const created = await vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry);
    assert.equal(created?.name, 'team/new-service');
    assert.deepEqual(ui.pending(), []);
    const atEmulator = f.server.emulator
      .summary()
      .accounts.find((a) => a.accountId === ALPHA)
      ?.regions.find((r) => r.region === REGION);
    assert.equal(atEmulator?.repositories, 5);
    const fresh = await registryNode(f, ALPHA);
    const repo = await repositoryNode(f, fresh, 'team/new-service');
    assert.deepStrictEqual(row(f, repo), {
      label: 'team/new-service',
      description: 'immutable tags',
      contextValue: 'ecrRepository;repository',
      collapsible: 'collapsed',
      icon: 'repo',
    });
  });

  it('refuses an invalid repository name without calling ECR', async () => {
    const registry = await registryNode(f, ALPHA);
    f.server.emulator.resetCalls();
    ui.answer('input', 'Bad Name');
    // A preset argument (as older versions took) is ignored: only the input box decides.
    const created = await vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry, {
      name: 'preset-name',
      tagMutability: 'MUTABLE',
      scanOnPush: false,
    });
    assert.equal(created, undefined);
    assert.ok(ui.of('input')[0]?.validation, 'the input box flagged the name');
    assert.equal(f.server.emulator.calls('CreateRepository'), 0);
  });

  it('no argument skips the delete confirmation: a dismissed modal deletes nothing', async () => {
    const repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    f.server.emulator.resetCalls();
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteImage', await tagNode(f, repo, 'latest'), 'image'), undefined);
    assert.equal(
      await vscode.commands.executeCommand('ecrExplorer.deleteRepository', repo, { confirmName: 'team/api', force: true }),
      false,
    );
    assert.equal(f.server.emulator.calls('BatchDeleteImage') + f.server.emulator.calls('DeleteRepository'), 0);
    assert.deepEqual(
      ui.shown.filter((r) => r.kind === 'warn' || r.kind === 'input').map((r) => [r.kind, r.modal === true || r.kind === 'input']),
      [
        ['warn', true],
        ['input', true],
      ],
      'the modal and the typed confirmation were shown and dismissed',
    );
  });

  it('deletes only a tag when asked, then the whole image, and the tree follows', async () => {
    let repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    ui.answer('warn', 'Delete Tag Only', 'Delete Image', 'Delete Image');
    const choice = await vscode.commands.executeCommand('ecrExplorer.deleteImage', await tagNode(f, repo, 'latest'));
    assert.equal(choice, 'tag');
    assert.deepStrictEqual(f.server.emulator.tagsOf('team/api', { accountId: ALPHA }), ['0.9', '1.0']);
    repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0', '0.9', 'Untagged (1)'],
    );

    await vscode.commands.executeCommand('ecrExplorer.deleteImage', await tagNode(f, repo, '0.9'));
    assert.deepStrictEqual(f.server.emulator.tagsOf('team/api', { accountId: ALPHA }), ['1.0']);
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0', 'Untagged (1)'],
    );

    // An untagged image is deleted from its row under "Untagged (1)"; the group goes with its last image.
    const untagged = await tagNode(f, repo, undefined);
    assert.equal(untagged.image.digest, digestOf('c'));
    assert.match(row(f, untagged).contextValue ?? '', /(^|;)image(;|$)/, 'the Delete Image menu applies to the row');
    f.server.emulator.resetCalls();
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteImage', untagged), 'image');
    assert.equal(f.server.emulator.calls('BatchDeleteImage'), 1);
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0'],
    );
  });

  it('deletes a repository only when its name is typed exactly', async () => {
    const registry = await registryNode(f, ALPHA);
    const zeta = await repositoryNode(f, registry, 'zeta');
    ui.answer('input', 'zet');
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteRepository', zeta), false);
    assert.ok((await children(f, await registryNode(f, ALPHA))).some((n) => n.kind === 'repository' && n.name === 'zeta'));
    ui.answer('input', 'zeta');
    assert.equal(
      await vscode.commands.executeCommand('ecrExplorer.deleteRepository', await repositoryNode(f, await registryNode(f, ALPHA), 'zeta')),
      true,
    );
    const names = (await children(f, await registryNode(f, ALPHA))).map((n) => (n.kind === 'repository' ? n.name : n.kind));
    assert.ok(!names.includes('zeta'), names.join(', '));
  });

  it('pulls in a terminal after logging in first when no valid login is recorded', async () => {
    const registry = await registryNode(f, ALPHA);
    await f.api.services.logins.remove(registry.id);
    const tag = await tagNode(f, await repositoryNode(f, registry, 'team/api'), '1.0');
    const closed = new Promise<vscode.Terminal>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t.name.startsWith('Pull ')) {
          sub.dispose();
          resolve(t);
        }
      });
    });
    const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>('ecrExplorer.pullImage', tag);
    assert.ok(terminal, 'a pull terminal was opened');
    assert.equal(terminal.name, `Pull ${HOST}/team/api:1.0`);
    const rec = f.api.services.logins.get(registry.id);
    assert.ok(rec && rec.expiresAt > Date.now(), 'the login ran first and was recorded');
    assert.equal(rec.host, HOST);
    // The terminal runs the absolute docker found on PATH (never a relative or workspace one), from the home folder.
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.ok(options.shellPath && path.isAbsolute(options.shellPath), String(options.shellPath));
    assert.equal(path.basename(options.shellPath), 'docker');
    assert.deepEqual(options.shellArgs, ['pull', `${HOST}/team/api:1.0`]);
    assert.equal(String(options.cwd), os.homedir());
    terminal.dispose();
    await closed;
  });

  it('adds a generic registry (password in SecretStorage only), browses it, and removes it', async () => {
    const password = f.server.emulator.passwordFor(ALPHA, REGION);
    // A preset argument fills nothing in: with no answers, the first input box is dismissed and nothing is saved.
    const preset = { url: f.server.url, username: 'AWS', password };
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.addRegistry', preset), undefined);
    assert.equal(vscode.workspace.getConfiguration('ecrExplorer').inspect('genericRegistries')?.globalValue, undefined);
    ui.answer('input', f.server.url, 'AWS', password);
    const url = await vscode.commands.executeCommand<string | undefined>('ecrExplorer.addRegistry');
    assert.equal(url, f.server.url);
    const stored = vscode.workspace.getConfiguration('ecrExplorer').inspect('genericRegistries')?.globalValue;
    assert.deepStrictEqual(stored, [{ url: f.server.url, username: 'AWS' }]);
    assert.ok(!JSON.stringify(stored).includes(password), 'the password is not in settings');
    const generic = (await children(f)).find((n): n is Registry => n.kind === 'registry' && n.type === 'generic');
    assert.ok(generic, 'the generic registry is a root row');
    assert.deepStrictEqual(row(f, generic), {
      label: `127.0.0.1:${f.server.port}`,
      description: 'AWS',
      contextValue: 'genericRegistry;registry',
      collapsible: 'collapsed',
      icon: 'server',
    });
    const repos = (await children(f, generic)).map((n) => row(f, n).label);
    assert.ok(repos.includes('team/api'), repos.join(', '));

    assert.equal(await vscode.commands.executeCommand('ecrExplorer.removeRegistry', generic), f.server.url);
    assert.equal(vscode.workspace.getConfiguration('ecrExplorer').inspect('genericRegistries')?.globalValue, undefined);
    assert.ok(!(await children(f)).some((n) => n.kind === 'registry' && n.type === 'generic'));
  });
});
