// Shared setup of the hardening integration tests (run "hardening"): the ECR emulator inside the extension host with
// two accounts behind two AWS profiles, the extension pointed at it through user settings, faults switched through
// the emulator's HTTP control API, every message the extension shows recorded, and the login terminals' text
// captured from their Pseudoterminals.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ScriptedUi } from './scriptedUi';
import type { ExtensionApi } from '../../src/extension';
import type { Node, Problem, Registry } from '../../src/model/types';
import type { FaultSpec, SeedSpec } from '../emulator/types';
import { startEmulator } from '../servers';
import { activateExtension, waitFor } from './helpers';
import { children, labelOf } from './treeFixture';

export const ALPHA = '313131313131';
export const BETA = '424242424242';
export const REGION = 'us-east-1';

export interface HardeningFixture {
  api: ExtensionApi;
  server: Awaited<ReturnType<typeof startEmulator>>;
  /** Temp dir with the AWS files, DOCKER_CONFIG and the stand-in CLI scripts. */
  dir: string;
  /** Every message the extension showed (info, warning, error, status flash) since set-up. */
  /** Every message shown (through the scripted Ui, after the inert seam). */
  messages: Array<{ kind: 'info' | 'warn' | 'error' | 'flash'; text: string; actions: string[] }>;
  /** The scripted, recording Ui installed for the suite. */
  ui: ScriptedUi;
  /** Text written to each login terminal, by terminal name, in order. */
  terminalText(): string;
  dispose(): Promise<void>;
}

// ---- emulator control API (HTTP, as another process would drive it) ----

let controlUrl = '';

async function control(route: string, body?: unknown, method = 'POST'): Promise<Record<string, unknown>> {
  const res = await fetch(`${controlUrl}/${route}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 200, `emulator control ${route}: ${JSON.stringify(json)}`);
  return json;
}

export const emulatorControl = {
  fault: (spec: FaultSpec) => control('faults', spec),
  clearFaults: () => control('faults', undefined, 'DELETE'),
  calls: async (operation: string) => Number((await control(`calls?operation=${encodeURIComponent(operation)}`, undefined, 'GET')).count),
  resetCalls: () => control('calls/reset'),
  seed: (spec: SeedSpec, validateNames = true) => control(`seed${validateNames ? '' : '?validateNames=false'}`, spec),
  token: (body: { lifetimeMs?: number; proxyEndpoint?: string | null }) => control('token', body),
};

// ---- tree helpers ----

// children, registryNode and labelOf are the tree fixture's (one copy of the row helpers).
export { children, labelOf, registryNode } from './treeFixture';

/** Asserts that `nodes` end in one problem row with a working action; returns it. */
export async function expectProblemRow(
  f: HardeningFixture,
  nodes: Node[],
  code: string | RegExp,
): Promise<{ problem: Problem; item: vscode.TreeItem }> {
  const problem = nodes.find((n): n is Problem => n.kind === 'problem');
  assert.ok(problem, `a problem row; got ${nodes.map((n) => n.kind).join(', ')}`);
  if (typeof code === 'string') assert.equal(problem.problem.code, code, JSON.stringify(problem.problem));
  else assert.match(problem.problem.code, code);
  const item = f.api.tree.getTreeItem(problem);
  assert.ok(labelOf(item).length > 0);
  assert.ok(item.command, `the problem row has an action (${JSON.stringify(problem.problem)})`);
  assert.ok((await vscode.commands.getCommands(true)).includes(item.command.command), `${item.command.command} is a registered command`);
  assert.match(item.contextValue ?? '', /(^|;)problem(;|$)/);
  return { problem, item };
}

/** Repository names under a registry row (after a refresh of that row). */
export async function repositoryNames(f: HardeningFixture, registry: Registry): Promise<string[]> {
  return (await children(f, registry)).filter((n) => n.kind === 'repository').map((n) => (n.kind === 'repository' ? n.name : ''));
}

// ---- set-up ----

/** Stand-in CLIs: one that fails, one that hangs, one that records its stdin (which must never run). */
function writeScripts(dir: string): void {
  const scripts: Record<string, string> = {
    'cli-fails':
      '#!/bin/sh\ncat >/dev/null\necho "Error response from daemon: login attempt failed with status: 403 Forbidden" >&2\nexit 3\n',
    'cli-hangs': '#!/bin/sh\nexec sleep 600\n',
  };
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
}

export async function setUpHardening(): Promise<HardeningFixture> {
  const ext = await activateExtension();
  const api = ext.exports as ExtensionApi;
  assert.ok(api?.tree && api.services, 'activate() returns the ExtensionApi');
  const server = await startEmulator({ defaultRegion: REGION, defaultAccountId: ALPHA });
  controlUrl = server.controlUrl;
  server.emulator.mapAccessKey('AKIAHARDENALPHA00001', ALPHA);
  server.emulator.mapAccessKey('AKIAHARDENBETA000002', BETA);
  const now = Date.now();
  await emulatorControl.seed({
    repositories: [
      { accountId: ALPHA, name: 'alpha/api', images: [{ tags: ['1.0', 'latest'], pushedAt: now - 3_600_000 }] },
      {
        accountId: ALPHA,
        name: 'alpha/web',
        images: [
          {
            tags: ['2.0'],
            pushedAt: now - 7_200_000,
            platforms: [
              { os: 'linux', architecture: 'amd64' },
              { os: 'linux', architecture: 'arm64' },
            ],
          },
        ],
      },
      { accountId: BETA, name: 'beta/svc', images: [{ tags: ['b1'], pushedAt: now - 600_000 }] },
    ],
  });

  const dir = mkdtempSync(join(tmpdir(), 'ecr-harden-it-'));
  writeFileSync(join(dir, 'config'), `[profile alpha]\nregion = ${REGION}\n\n[profile beta]\nregion = ${REGION}\n`);
  writeFileSync(
    join(dir, 'credentials'),
    '[alpha]\naws_access_key_id = AKIAHARDENALPHA00001\naws_secret_access_key = alpha-secret\n\n[beta]\naws_access_key_id = AKIAHARDENBETA000002\naws_secret_access_key = beta-secret\n',
  );
  writeScripts(dir);
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

  // The scripted Ui behind the inert seam: the user dismisses every message and pick; everything is recorded as shown.
  const messages: HardeningFixture['messages'] = [];
  const ui = new ScriptedUi((r) => {
    if (r.kind === 'info' || r.kind === 'warn' || r.kind === 'error' || r.kind === 'flash') {
      messages.push({ kind: r.kind, text: `${r.text}${r.detail ? `\n${r.detail}` : ''}`, actions: r.choices });
    }
  });
  const realUi = api.useUi(ui);

  // Login terminals: their Pseudoterminal's writes, captured from the moment VS Code reports the terminal.
  const written: string[] = [];
  const subs: vscode.Disposable[] = [
    vscode.window.onDidOpenTerminal((terminal) => {
      const opts = terminal.creationOptions as vscode.ExtensionTerminalOptions;
      if (opts.pty) subs.push(opts.pty.onDidWrite((text) => written.push(text)));
    }),
  ];

  const config = vscode.workspace.getConfiguration('ecrExplorer');
  await config.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
  await config.update('profiles', ['alpha', 'beta'], vscode.ConfigurationTarget.Global);
  await config.update('regions', [REGION], vscode.ConfigurationTarget.Global);
  await config.update('containerCli', 'docker', vscode.ConfigurationTarget.Global);
  await waitFor('the settings to reach the extension', () => {
    const s = api.services.settings();
    return s.endpoint === server.url && s.profiles.length === 2 && s.regions.length === 1;
  });
  api.tree.refresh();
  return {
    api,
    server,
    dir,
    ui,
    messages,
    terminalText: () => written.join(''),
    async dispose() {
      for (const s of subs) s.dispose();
      api.useUi(realUi);
      for (const t of vscode.window.terminals) if (t.name.startsWith('Login')) t.dispose();
      for (const key of [
        'endpoint',
        'profiles',
        'regions',
        'containerCli',
        'containerCliPath',
        'requestTimeoutSeconds',
        'login.timeoutSeconds',
      ]) {
        await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      api.tree.refresh();
      await server.stop();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
