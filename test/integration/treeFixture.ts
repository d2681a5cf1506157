// Shared setup of the tree and command integration tests: the ECR emulator in the extension host's own process,
// two AWS profiles (two accounts) in temp config files, and the extension pointed at the emulator through user
// settings. Rows are read through the real TreeDataProvider and turned into plain objects.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { EcrRegistry, Node, Registry, Repository, Tag, UntaggedGroup } from '../../src/model/types';
import { startEmulator } from '../servers';
import { activateExtension, waitFor } from './helpers';

export const ALPHA = '111111111111';
export const BETA = '222222222222';
export const REGION = 'us-east-1';
export const DAY = 24 * 3600_000;

export interface Fixture {
  api: ExtensionApi;
  server: Awaited<ReturnType<typeof startEmulator>>;
  dispose(): Promise<void>;
}

export interface Row {
  label: string;
  description?: string;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  icon?: string;
  command?: string;
}

export const api = (f: Fixture): ExtensionApi => f.api;

/** What the tree helpers need of a fixture (the hardening fixture has it too). */
export type TreeHolder = Pick<Fixture, 'api'>;

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** A plain-object view of a row, as the user sees it. */
export function row(f: Fixture, node: Node): Row {
  const item = f.api.tree.getTreeItem(node);
  const out: Row = {
    label: labelOf(item),
    collapsible:
      item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed
        ? 'collapsed'
        : item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded
          ? 'expanded'
          : 'none',
  };
  if (typeof item.description === 'string' && item.description !== '') out.description = item.description;
  if (item.contextValue) out.contextValue = item.contextValue;
  if (item.iconPath instanceof vscode.ThemeIcon) out.icon = item.iconPath.id;
  if (item.command) out.command = item.command.command;
  return out;
}

export async function children(f: TreeHolder, node?: Node): Promise<Node[]> {
  return (await f.api.tree.getChildren(node)) ?? [];
}

export async function registryNode(f: TreeHolder, accountId: string): Promise<EcrRegistry> {
  const found = (await children(f)).find((n): n is EcrRegistry => n.kind === 'registry' && n.type === 'ecr' && n.registryId === accountId);
  assert.ok(found, `registry ${accountId} is not in the tree`);
  return found;
}

export async function repositoryNode(f: Fixture, registry: Registry, name: string): Promise<Repository> {
  const found = (await children(f, registry)).find((n): n is Repository => n.kind === 'repository' && n.name === name);
  assert.ok(found, `repository ${name} is not in the tree`);
  return found;
}

/** A tag row of a repository; `undefined` finds the first untagged image, under the "Untagged (N)" row. */
export async function tagNode(f: Fixture, repo: Repository, tag: string | undefined): Promise<Tag> {
  const rows = await children(f, repo);
  const group = rows.find((n): n is UntaggedGroup => n.kind === 'untaggedGroup');
  const candidates = tag === undefined ? (group ? await children(f, group) : []) : rows;
  const found = candidates.find((n): n is Tag => n.kind === 'tag' && n.tag === tag);
  assert.ok(found, `tag ${tag ?? '(untagged)'} is not in the tree`);
  return found;
}

/** The "Untagged (N)" row of a repository. */
export async function untaggedGroupNode(f: Fixture, repo: Repository): Promise<UntaggedGroup> {
  const found = (await children(f, repo)).find((n): n is UntaggedGroup => n.kind === 'untaggedGroup');
  assert.ok(found, `${repo.name} has no "Untagged" row`);
  return found;
}

export const digestOf = (hexChar: string): string => `sha256:${hexChar.repeat(64)}`;

/** Starts the emulator, seeds two accounts, writes the AWS profiles and points the extension at it. */
export async function setUpFixture(): Promise<Fixture> {
  const ext = await activateExtension();
  const extensionApi = ext.exports as ExtensionApi;
  assert.ok(extensionApi?.tree && extensionApi.services, 'activate() returns the ExtensionApi');
  const server = await startEmulator({ defaultRegion: REGION, defaultAccountId: ALPHA });
  const emulator = server.emulator;
  emulator.mapAccessKey('AKIAALPHAEXAMPLE0001', ALPHA);
  emulator.mapAccessKey('AKIABETAEXAMPLE00002', BETA);
  const now = Date.now();
  emulator.seed({
    repositories: [
      {
        accountId: ALPHA,
        name: 'team/api',
        images: [
          {
            tags: ['1.0', 'latest'],
            digest: digestOf('a'),
            sizeBytes: 50_000_000,
            pushedAt: now - 3 * DAY,
            lastRecordedPullTime: now - DAY,
            scan: { findings: { CRITICAL: 2, LOW: 5 } },
          },
          { tags: ['0.9'], digest: digestOf('b'), sizeBytes: 1_500_000, pushedAt: now - 10 * DAY },
          { tags: [], digest: digestOf('c'), sizeBytes: 900, pushedAt: now - 20 * DAY },
        ],
      },
      {
        accountId: ALPHA,
        name: 'team/web',
        // ECR lists the two platform manifests of 2.0 as untagged images too; d is an untagged image of its own.
        images: [
          {
            tags: ['2.0'],
            pushedAt: now - 2 * 3600_000,
            platforms: [
              { os: 'linux', architecture: 'amd64', sizeBytes: 40_000_000 },
              { os: 'linux', architecture: 'arm64', variant: 'v8', sizeBytes: 38_000_000 },
            ],
          },
          { tags: [], digest: digestOf('d'), sizeBytes: 7_000_000, pushedAt: now - 30 * DAY },
        ],
      },
      { accountId: ALPHA, name: 'alpha/tools', images: [{ tags: ['v1'], digest: digestOf('e'), pushedAt: now - 5 * 60_000 }] },
      { accountId: ALPHA, name: 'zeta' },
      { accountId: BETA, name: 'other/repo', images: [{ tags: ['x'], digest: digestOf('f'), pushedAt: now - DAY }] },
    ],
  });
  // A registry big enough to page: 2,500 repositories in the second account.
  emulator.seedScale({ accountId: BETA, region: REGION, repositories: 2500, prefix: 'scale/repo' });

  const dir = mkdtempSync(join(tmpdir(), 'ecr-tree-it-'));
  writeFileSync(join(dir, 'config'), `[profile alpha]\nregion = ${REGION}\n\n[profile beta]\nregion = ${REGION}\n`);
  writeFileSync(
    join(dir, 'credentials'),
    '[alpha]\naws_access_key_id = AKIAALPHAEXAMPLE0001\naws_secret_access_key = alpha-secret\n\n[beta]\naws_access_key_id = AKIABETAEXAMPLE00002\naws_secret_access_key = beta-secret\n',
  );
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    DOCKER_CONFIG: join(dir, 'docker'),
  });
  for (const k of [
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL_ECR',
    'AWS_ENDPOINT_URL',
  ])
    delete process.env[k];

  const config = vscode.workspace.getConfiguration('ecrExplorer');
  await config.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
  await config.update('profiles', ['alpha', 'beta'], vscode.ConfigurationTarget.Global);
  await config.update('regions', [REGION], vscode.ConfigurationTarget.Global);
  await waitFor('the settings to reach the extension', () => {
    const s = extensionApi.services.settings();
    return s.endpoint === server.url && s.profiles.length === 2 && s.regions.length === 1;
  });
  // Logins recorded by an earlier test file in this window would show as `loggedIn` on registry rows.
  for (const rec of extensionApi.services.logins.all()) await extensionApi.services.logins.remove(rec.key);
  extensionApi.tree.refresh();
  return {
    api: extensionApi,
    server,
    async dispose() {
      for (const key of ['endpoint', 'profiles', 'regions', 'genericRegistries'])
        await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      extensionApi.tree.refresh();
      await server.stop();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
