// Push, build and retag in a real extension host with real podman (a sandboxed storage) against the ECR emulator
// started by the `push` run: Build and Push of a workspace Containerfile in the push terminal (login first), the
// new tag revealed and selected, Add Tag without pulling, an immutable tag refused, Push Image of a local image, and
// a push to a host the Amazon ECR credential helper serves (podman asks the helper; no login is run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { Repository, Tag } from '../../src/model/types';
import { VscodeUi, type PickItem, type Ui } from '../../src/services/ui';
import { activateExtension, waitFor } from './helpers';

const CONTROL = process.env.ECR_EXPLORER_EMULATOR_CONTROL ?? '';

interface Recorded {
  inputs: string[];
  errors: string[];
  warnings: string[];
}

/** A scripted Ui: inputs answered in order (undefined = accept the offered value), picks by a chooser. */
function scriptedUi(
  real: Ui,
  script: { inputs?: Array<string | undefined>; pick?: (items: Array<PickItem<unknown>>) => unknown },
): { ui: Ui; seen: Recorded } {
  const seen: Recorded = { inputs: [], errors: [], warnings: [] };
  const inputs = [...(script.inputs ?? [])];
  const ui: Ui = {
    info: (m) => Promise.resolve(void seen.warnings.push(m)).then(() => undefined),
    warn: (m) => Promise.resolve(void seen.warnings.push(m)).then(() => undefined),
    error: (m) => Promise.resolve(void seen.errors.push(m)).then(() => undefined),
    input: (o) => {
      seen.inputs.push(o.value ?? '');
      const next = inputs.shift();
      return Promise.resolve(next === undefined ? o.value : next);
    },
    pickOne: async <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>) =>
      script.pick?.((await items) as Array<PickItem<unknown>>) as T | undefined,
    pickMany: () => Promise.resolve([]),
    withProgress: (_title, task) => task(new AbortController().signal),
    flash: () => undefined,
    writeClipboard: real.writeClipboard.bind(real),
    pickFromPages: real.pickFromPages.bind(real),
  };
  return { ui, seen };
}

async function calls(op: string): Promise<number> {
  return ((await (await fetch(`${CONTROL}/calls?operation=${op}`)).json()) as { count: number }).count;
}

describe('(integration) push, build and retag with podman against the ECR emulator', function () {
  this.timeout(180_000);
  let api: ExtensionApi;
  // Fakes delegate to VS Code's own Ui and are installed behind the extension's inert seam.
  const realUi: Ui = new VscodeUi();
  let previousUi: Ui | undefined;
  const useUi = (ui: Ui): void => {
    const previous = api.useUi(ui);
    previousUi ??= previous;
  };

  async function repository(name: string): Promise<Repository> {
    const registries = await api.tree.registries();
    assert.equal(registries.length, 1, registries.map((r) => r.id).join(', '));
    for await (const page of api.tree.repositoryPages(registries[0])) {
      const hit = page.find((r) => r.name === name);
      if (hit) return hit;
    }
    throw new Error(`no repository ${name}`);
  }
  async function tagRow(repo: Repository, tag: string): Promise<Tag> {
    for await (const page of api.tree.tagPages(repo)) {
      const hit = page.find((t) => t.tag === tag);
      if (hit) return hit;
    }
    throw new Error(`no tag ${tag}`);
  }
  const selectedTag = () => {
    const sel = api.tree.treeView?.selection[0];
    return sel?.kind === 'tag' ? sel.tag : undefined;
  };

  before(async () => {
    api = (await activateExtension()).exports as ExtensionApi;
    await vscode.commands.executeCommand('workbench.view.extension.ecrExplorer');
  });
  after(() => {
    if (previousUi) api.useUi(previousUi);
  });

  it('builds a workspace Containerfile and pushes it in the push terminal (login first), then selects the new tag', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const dir = vscode.Uri.joinPath(folder.uri, 'app');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'hello.txt'), new TextEncoder().encode(`hello ${Date.now()}\n`));
    const file = vscode.Uri.joinPath(dir, 'Containerfile');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('FROM scratch\nARG NPM_TOKEN\nCOPY hello.txt /hello.txt\n'));
    const repo = await repository('team/app');
    const registry = repo.parent;
    await api.services.logins.remove(registry.id);
    const { ui, seen } = scriptedUi(realUi, {});
    useUi(ui);
    const opened = waitFor('the push terminal', () => vscode.window.terminals.find((t) => t.name.startsWith('Build and Push: ')), 30_000);
    const ok = await vscode.commands.executeCommand<boolean>('ecrExplorer.buildAndPush', file, repo);
    assert.equal(ok, true, JSON.stringify(seen));
    assert.ok(await opened);
    // The workspace is not a git repository: the default tag is `latest`.
    assert.deepEqual(seen.inputs, ['latest']);
    const rec = api.services.logins.get(registry.id);
    assert.ok(rec && rec.expiresAt > Date.now(), 'logged in first (and recorded)');
    const pushed = await api.services.aws().describeTag(api.services.ecr(), repo, 'latest');
    assert.match(pushed?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(await waitFor('the new tag selected', () => selectedTag() === 'latest' && selectedTag(), 20_000), 'latest');
  });

  it('adds `prod` to the pushed image without pulling: one BatchGetImage, one PutImage', async () => {
    const repo = await repository('team/app');
    const row = await tagRow(repo, 'latest');
    await fetch(`${CONTROL}/calls/reset`, { method: 'POST' });
    const { ui, seen } = scriptedUi(realUi, { inputs: ['prod'] });
    useUi(ui);
    assert.equal(await vscode.commands.executeCommand<boolean>('ecrExplorer.addTag', row), true, JSON.stringify(seen));
    assert.equal(await calls('BatchGetImage'), 1);
    assert.equal(await calls('PutImage'), 1);
    const prod = await api.services.aws().describeTag(api.services.ecr(), repo, 'prod');
    assert.equal(prod?.digest, row.image.digest);
    assert.equal(await waitFor('prod selected', () => selectedTag() === 'prod' && selectedTag(), 20_000), 'prod');
  });

  it('refuses to move an immutable tag with the reason, and calls no PutImage', async () => {
    const repo = await repository('team/locked');
    const row = await tagRow(repo, 'v1');
    await fetch(`${CONTROL}/calls/reset`, { method: 'POST' });
    const { ui, seen } = scriptedUi(realUi, { inputs: ['prod'] });
    useUi(ui);
    assert.equal(await vscode.commands.executeCommand<boolean>('ecrExplorer.addTag', row), false);
    assert.equal(seen.errors.length, 1);
    assert.match(seen.errors[0], /immutable/);
    assert.equal(await calls('PutImage'), 0);
  });

  it('refuses an invalid tag before anything runs', async () => {
    const repo = await repository('team/app');
    const row = await tagRow(repo, 'latest');
    const { ui } = scriptedUi(realUi, { inputs: ['bad tag'] });
    useUi(ui);
    await fetch(`${CONTROL}/calls/reset`, { method: 'POST' });
    assert.equal(await vscode.commands.executeCommand<boolean>('ecrExplorer.addTag', row), false);
    assert.equal(await calls('BatchGetImage'), 0);
  });

  it('pushes a local image chosen from `podman images` under a new tag', async () => {
    const repo = await repository('team/app');
    const { ui, seen } = scriptedUi(realUi, {
      inputs: ['copied'],
      pick: (items) => items.find((i) => (i.value as { ref?: string }).ref?.endsWith('/team/app:latest'))?.value,
    });
    useUi(ui);
    assert.equal(await vscode.commands.executeCommand<boolean>('ecrExplorer.pushImage', repo), true, JSON.stringify(seen));
    assert.deepEqual(seen.inputs, ['latest']);
    const copied = await api.services.aws().describeTag(api.services.ecr(), repo, 'copied');
    const latest = await api.services.aws().describeTag(api.services.ecr(), repo, 'latest');
    assert.equal(copied?.digest, latest?.digest);
  });

  it('pushes to a host the credential helper serves without a login: podman gets the credentials from the helper', async () => {
    const repo = await repository('team/app');
    const registry = repo.parent;
    const authFile = process.env.REGISTRY_AUTH_FILE ?? '';
    assert.ok(authFile, 'the push run gives podman its own auth file');
    const originalAuth = fs.readFileSync(authFile, 'utf8');
    const originalPath = process.env.PATH;
    // A stand-in for docker-credential-ecr-login (the real one's `get` would call AWS), first on PATH for this test
    // only: it records every call and answers `get` for the emulator's host with a password the emulator issued.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-push-helper-'));
    const record = path.join(dir, 'helper.log');
    const { password } = (await (await fetch(`${CONTROL}/password`)).json()) as { password: string };
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(
      path.join(dir, 'bin', 'docker-credential-ecr-login'),
      [
        '#!/bin/sh',
        'input=$(cat)',
        `printf '%s %s\\n' "$1" "$input" >> '${record}'`,
        `if [ "$1" = get ] && [ "$input" = '${registry.host}' ]; then`,
        `  printf '{"ServerURL":"%s","Username":"AWS","Secret":"%s"}' "$input" '${password}'; exit 0`,
        'fi',
        'echo "credentials not found in native keychain"; exit 1',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const helperCalls = (): string[] => (fs.existsSync(record) ? fs.readFileSync(record, 'utf8').split('\n').filter(Boolean) : []);
    // The run's machine-scoped settings (the CLI, its path and arguments) are read afresh here: the harness writes
    // them where a remote window keeps machine settings too (test/host/codeServer.ts).
    assert.equal(vscode.workspace.getConfiguration('ecrExplorer').get('containerCli'), 'podman');
    try {
      process.env.PATH = `${path.join(dir, 'bin')}${path.delimiter}${originalPath ?? ''}`;
      // The helper serves the emulator's host; the earlier tests' login for it is gone from the file and the records.
      fs.writeFileSync(authFile, JSON.stringify({ credHelpers: { [registry.host]: 'ecr-login' } }), { mode: 0o600 });
      await api.services.credHelpers.refresh();
      assert.equal(api.services.credHelpers.servedBy(registry.host), 'credHelpers', api.services.credHelpers.state.file);
      await api.services.logins.remove(registry.id);
      await fetch(`${CONTROL}/calls/reset`, { method: 'POST' });

      const { ui, seen } = scriptedUi(realUi, {
        inputs: ['helper'],
        pick: (items) => items.find((i) => (i.value as { ref?: string }).ref?.endsWith('/team/app:latest'))?.value,
      });
      useUi(ui);
      assert.equal(await vscode.commands.executeCommand<boolean>('ecrExplorer.pushImage', repo), true, JSON.stringify(seen));
      const pushed = await api.services.aws().describeTag(api.services.ecr(), repo, 'helper');
      const latest = await api.services.aws().describeTag(api.services.ecr(), repo, 'latest');
      assert.match(pushed?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal(pushed?.digest, latest?.digest, 'the image is in the registry under the new tag');

      // podman asked the helper, and nothing tried to store a login with it.
      const asked = helperCalls();
      assert.ok(asked.includes(`get ${registry.host}`), asked.join('\n'));
      assert.deepEqual(
        asked.filter((c) => !c.startsWith('get ')),
        [],
        'no login (a podman login stores through the helper)',
      );
      // No login was run: no token fetched for one, none recorded, none written to the auth file.
      assert.equal(await calls('GetAuthorizationToken'), 0);
      assert.equal(api.services.logins.get(registry.id), undefined);
      const after = JSON.parse(fs.readFileSync(authFile, 'utf8')) as { auths?: Record<string, unknown>; credHelpers?: unknown };
      assert.equal(after.auths?.[registry.host], undefined, 'no auths entry for the helper host');
      assert.deepEqual(after.credHelpers, { [registry.host]: 'ecr-login' });
    } finally {
      process.env.PATH = originalPath;
      fs.writeFileSync(authFile, originalAuth, { mode: 0o600 });
      await api.services.credHelpers.refresh();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
