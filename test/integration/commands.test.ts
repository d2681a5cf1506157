// Tree commands through vscode.commands against the ECR emulator: every copy command (read back from the
// clipboard), create/delete round-trips visible at the emulator, and a generic registry added and removed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { executableProblem } from '../../src/commands/chooseContainerCli';
import type { Registry, Repository } from '../../src/model/types';
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
    let done = false;
    const running = Promise.resolve(vscode.commands.executeCommand<string | undefined>('ecrExplorer.copyImageUri')).finally(() => {
      done = true;
    });
    // Each pick fills as its pages arrive; accepting the first item of each (alphabetical and newest-first order)
    // walks ALPHA → alpha/tools → v1.
    for (let i = 0; i < 100 && !done; i++) {
      await new Promise((r) => setTimeout(r, 200));
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.equal(await running, `${HOST}/alpha/tools:v1`);
    assert.equal(await vscode.env.clipboard.readText(), `${HOST}/alpha/tools:v1`);
  });

  it('chooses the container CLI from those found on PATH (user setting; a chosen kind clears a stale path)', async () => {
    const config = () => vscode.workspace.getConfiguration('ecrExplorer');
    await config().update('containerCli', 'podman', vscode.ConfigurationTarget.Global);
    await config().update('containerCliPath', '/nonexistent/docker', vscode.ConfigurationTarget.Global);
    try {
      let done = false;
      const running = Promise.resolve(vscode.commands.executeCommand<string | undefined>('ecrExplorer.chooseContainerCli')).finally(() => {
        done = true;
      });
      // The pick lists CLIs found on PATH first, in the order docker, podman, finch, nerdctl: docker is installed here.
      for (let i = 0; i < 50 && !done; i++) {
        await new Promise((r) => setTimeout(r, 200));
        if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      assert.equal(await running, 'docker');
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
    const created = await vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry, {
      name: 'team/new-service',
      tagMutability: 'IMMUTABLE',
      scanOnPush: true,
    });
    assert.equal(created?.name, 'team/new-service');
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
    const created = await vscode.commands.executeCommand<Repository | undefined>('ecrExplorer.createRepository', registry, {
      name: 'Bad Name',
      tagMutability: 'MUTABLE',
      scanOnPush: false,
    });
    assert.equal(created, undefined);
    assert.equal(f.server.emulator.calls('CreateRepository'), 0);
  });

  it('deletes only a tag when asked, then the whole image, and the tree follows', async () => {
    let repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    const choice = await vscode.commands.executeCommand('ecrExplorer.deleteImage', await tagNode(f, repo, 'latest'), 'tag');
    assert.equal(choice, 'tag');
    assert.deepStrictEqual(f.server.emulator.tagsOf('team/api', { accountId: ALPHA }), ['0.9', '1.0']);
    repo = await repositoryNode(f, await registryNode(f, ALPHA), 'team/api');
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0', '0.9', 'Untagged (1)'],
    );

    await vscode.commands.executeCommand('ecrExplorer.deleteImage', await tagNode(f, repo, '0.9'), 'image');
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
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteImage', untagged, 'image'), 'image');
    assert.equal(f.server.emulator.calls('BatchDeleteImage'), 1);
    assert.deepStrictEqual(
      (await children(f, repo)).map((n) => row(f, n).label),
      ['1.0'],
    );
  });

  it('deletes a repository only when its name is typed exactly', async () => {
    const registry = await registryNode(f, ALPHA);
    const zeta = await repositoryNode(f, registry, 'zeta');
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteRepository', zeta, { confirmName: 'zet' }), false);
    assert.ok((await children(f, await registryNode(f, ALPHA))).some((n) => n.kind === 'repository' && n.name === 'zeta'));
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.deleteRepository', zeta, { confirmName: 'zeta' }), true);
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
    // No Docker daemon on this machine: the pull itself ends with an exit code (not asserted: it depends on a daemon).
    const ended = await Promise.race([closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000))]);
    if (ended) assert.notEqual(ended.exitStatus, undefined);
    terminal.dispose();
  });

  it('adds a generic registry (password in SecretStorage only), browses it, and removes it', async () => {
    const password = f.server.emulator.passwordFor(ALPHA, REGION);
    const url = await vscode.commands.executeCommand<string | undefined>('ecrExplorer.addRegistry', {
      url: f.server.url,
      username: 'AWS',
      password,
    });
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
