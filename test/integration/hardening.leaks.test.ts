// Secret leaks in the extension host (docs/SECURITY.md): real logins through the commands (login, loginAll, renewLogin,
// diagnoseLogin, logout, and a CLI that echoes its stdin and fails) with the real docker CLI against the ECR
// emulator, with the extension's log at trace level. Then the login terminals' text, the log file on disk, globalState,
// workspaceState, the settings files and every message shown are searched for the registry passwords and tokens in
// plain, base64, base64url, URL-encoded, hex and JSON-escaped form: zero occurrences.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { LoginOutcome } from '../../src/login/loginTerminal';
import type { EcrRegistry } from '../../src/model/types';
import { findLeaks, secretForms } from '../fixtures/hostile/secretForms';
import { EXTENSION_ID, waitFor } from './helpers';
import { ALPHA, BETA, REGION, registryNode, setUpHardening, type HardeningFixture } from './hardeningFixture';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('(integration) hardening: no secret leaks', function () {
  this.timeout(180_000);
  let f: HardeningFixture;
  let alpha: EcrRegistry;
  let beta: EcrRegistry;
  let forms: string[] = [];
  const GENERIC_USER = 'leak-user';
  const GENERIC_PASSWORD = 'generic-Pa55word-never-elsewhere';
  let generic: http.Server | undefined;
  let genericUrl = '';
  const genericAuth: string[] = [];
  const figures: string[] = [];

  before(async () => {
    f = await setUpHardening();
    alpha = await registryNode(f, ALPHA);
    beta = await registryNode(f, BETA);
    const secrets: string[] = [];
    for (const id of [ALPHA, BETA]) {
      const password = f.server.emulator.passwordFor(id, REGION);
      secrets.push(password, Buffer.from(`AWS:${password}`).toString('base64'));
    }
    secrets.push(GENERIC_PASSWORD, Buffer.from(`${GENERIC_USER}:${GENERIC_PASSWORD}`).toString('base64'));
    forms = secretForms(secrets);
    // A generic registry on 127.0.0.1 that wants Basic credentials and records every Authorization header it gets.
    const server = http.createServer((req, res) => {
      genericAuth.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Basic ${Buffer.from(`${GENERIC_USER}:${GENERIC_PASSWORD}`).toString('base64')}`) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="leak-test"' }).end();
        return;
      }
      const body = req.url?.startsWith('/v2/_catalog') ? '{"repositories":["team/app"]}' : '{}';
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    generic = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    genericUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The extension's log at trace level (the most it will ever write).
    const log = f.api.services.log;
    await vscode.commands
      .executeCommand('workbench.action.setDefaultLogLevel', 1 /* LogLevel.Trace */, EXTENSION_ID)
      .then(undefined, () => undefined);
    if (log.logLevel !== vscode.LogLevel.Trace) {
      log.show(true);
      await vscode.commands.executeCommand('workbench.action.output.activeOutputLogLevel.1');
    }
    await waitFor('the log at trace level', () => log.logLevel === vscode.LogLevel.Trace);
  });
  after(async () => {
    for (const r of figures) (globalThis as { ecrExplorerTestLog?: (s: string) => void }).ecrExplorerTestLog?.(`      [figure] ${r}`);
    await vscode.workspace.getConfiguration('ecrExplorer').update('genericRegistries', undefined, vscode.ConfigurationTarget.Global);
    await f?.dispose();
    const server = generic;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  });

  it('the search can fail: every form is found when planted, the terminal and log captures are live', () => {
    assert.ok(forms.length >= 20, `${forms.length} forms`);
    for (const form of forms) assert.equal(findLeaks(`..${form}..`, forms).length >= 1, true);
  });

  it('logins through every command that handles the token, then a CLI that echoes its stdin and fails', async () => {
    let ok = 0;
    for (let i = 0; i < 3; i++) {
      for (const registry of [alpha, beta]) {
        const [outcome] = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', registry)) ?? [];
        assert.equal(outcome?.ok, true, outcome?.error?.message);
        ok++;
      }
    }
    const all = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', undefined, [alpha, beta])) ?? [];
    assert.deepEqual(
      all.map((o) => o.ok),
      [true, true],
    );
    ok += 2;
    await vscode.commands.executeCommand('ecrExplorer.renewLogin', alpha);
    await vscode.commands.executeCommand('ecrExplorer.diagnoseLogin', alpha);
    await vscode.commands.executeCommand('ecrExplorer.logout', beta);

    // A CLI that prints what it got on stdin (the password) and fails: the terminal and the error must not show it.
    const echo = join(f.dir, 'cli-echo');
    writeFileSync(echo, '#!/bin/sh\necho "got: $(cat)"\necho "error: bad credentials $1 $2" >&2\nexit 1\n');
    chmodSync(echo, 0o755);
    const config = vscode.workspace.getConfiguration('ecrExplorer');
    await config.update('containerCliPath', echo, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the echo CLI', () => f.api.services.settings().containerCliPath === echo);
      const [failed] = (await vscode.commands.executeCommand<LoginOutcome[] | undefined>('ecrExplorer.login', alpha)) ?? [];
      assert.equal(failed?.ok, false);
    } finally {
      await config.update('containerCliPath', undefined, vscode.ConfigurationTarget.Global);
    }
    const terminal = f.terminalText();
    assert.match(terminal, /Login Succeeded/, 'the terminal capture saw the CLI output');
    assert.match(terminal, /got: \*\*\*/, 'the echoed password was redacted in the terminal');
    figures.push(`${ok} successful logins (login ×6, multi-select ×2), renew, diagnose, logout, 1 echoing CLI`);
  });

  it('a generic registry password goes SecretStorage → Basic header to its own host, nowhere else', async () => {
    f.ui.answer('input', genericUrl, GENERIC_USER, GENERIC_PASSWORD);
    assert.equal(await vscode.commands.executeCommand('ecrExplorer.addRegistry'), genericUrl);
    assert.equal(await f.api.services.genericSecrets.get(genericUrl), GENERIC_PASSWORD, 'kept in SecretStorage');
    const registry = await waitFor('the generic registry row', async () =>
      (await f.api.tree.getChildren()).find((n) => n.kind === 'registry' && n.type === 'generic'),
    );
    const repos = await f.api.tree.getChildren(registry);
    assert.deepEqual(
      repos.map((n) => n.kind),
      ['repository'],
    );
    const basic = `Basic ${Buffer.from(`${GENERIC_USER}:${GENERIC_PASSWORD}`).toString('base64')}`;
    assert.ok(genericAuth.includes(basic), 'the registry received the Basic header');
    assert.deepEqual(
      genericAuth.filter((h) => h !== '' && h !== basic),
      [],
      'no other credentials were sent',
    );
    figures.push(
      `generic registry: ${genericAuth.filter((h) => h === basic).length} Basic header(s) to ${genericUrl}, password only in SecretStorage`,
    );
  });

  it('no notification carries a link or icon the extension did not write', () => {
    assert.ok(f.ui.shown.length > 0, 'messages were recorded');
    assert.deepEqual(f.ui.liveSyntax(), []);
  });

  it('zero occurrences in the terminals, the log file, globalState, workspaceState, settings and messages', async () => {
    const where: Record<string, string> = {};
    where.terminal = f.terminalText();

    const logDir = f.api.services.context.logUri.fsPath;
    const logFiles = await waitFor(
      'the log file on disk',
      () => {
        const files = filesUnder(logDir).filter((p) => p.endsWith('.log'));
        return files.length > 0 && files.some((p) => readFileSync(p, 'utf8').includes('Logged in to')) && files;
      },
      15_000,
    );
    where.log = logFiles.map((p) => readFileSync(p, 'utf8')).join('\n');
    assert.match(where.log, /Logged in to/, "the log file is the extension's");

    const state = (m: vscode.Memento) => JSON.stringify(m.keys().map((k) => [k, m.get(k)]));
    where.globalState = state(f.api.services.context.globalState);
    where.workspaceState = state(f.api.services.context.workspaceState);
    assert.ok(f.api.services.context.globalState.keys().length > 0, 'the login records are in globalState');

    // <user-data-dir>/User/globalStorage/<extension>: user settings beside it, machine settings (code-server is a
    // remote host: machine-scoped settings land there) in <user-data-dir>/Machine.
    const userDataDir = dirname(dirname(dirname(f.api.services.context.globalStorageUri.fsPath)));
    const settingsFiles = [
      join(userDataDir, 'User', 'settings.json'),
      join(userDataDir, 'Machine', 'settings.json'),
      ...(vscode.workspace.workspaceFolders ?? []).map((w) => join(w.uri.fsPath, '.vscode', 'settings.json')),
    ].filter(existsSync);
    where.settings = settingsFiles.map((p) => readFileSync(p, 'utf8')).join('\n');
    assert.match(
      where.settings,
      /ecrExplorer\.endpoint/,
      `the settings files were read (${f.api.services.context.globalStorageUri.toString()}: ${settingsFiles.join(', ')})`,
    );

    where.messages = JSON.stringify(f.messages);
    assert.ok(f.messages.length > 0, 'messages were recorded');
    where.status = JSON.stringify(f.api.status);

    const leaks = Object.entries(where).flatMap(([name, text]) => findLeaks(text, forms).map((hit) => `${name}: ${hit}`));
    assert.deepEqual(leaks, []);
    figures.push(
      `searched ${forms.length} forms of 4 secrets in: terminal ${where.terminal.length} chars, log ${where.log.length} chars (${logFiles.length} file(s), trace level), globalState ${f.api.services.context.globalState.keys().length} keys, workspaceState, ${settingsFiles.length} settings files, ${f.messages.length} messages: 0 hits`,
    );
  });
});
