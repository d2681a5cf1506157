// Switching registries to the ECR credential helper and back, on real files in temp directories.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredHelperConfigError, validMarkers, type CredHelperMarker } from '../../../src/login/credHelperBase';
import { credHelperTarget, type HelperTarget } from '../../../src/login/credHelperHosts';
import { applyUseHelper, planUseHelper, stopUsingHelper, type UseAnswers } from '../../../src/login/credHelperSetup';

const A = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const B = '210987654321.dkr.ecr.eu-west-1.amazonaws.com';

type Target = Extract<HelperTarget, { supported: true }>;

describe('(unit) login/credHelperSetup: on real files', () => {
  let dir: string;
  let file: string;
  let target: Target;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-credhelper-'));
    file = path.join(dir, 'config.json');
    target = { supported: true, path: file, source: '$DOCKER_CONFIG', readFirst: [] };
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function use(hosts: string[], answers: UseAnswers = {}, previous?: CredHelperMarker) {
    const plan = await planUseHelper(target, hosts);
    return { plan, result: await applyUseHelper(plan, answers, previous) };
  }
  const read = (f = file): string => fs.readFileSync(f, 'utf8');
  const json = (f = file): Record<string, unknown> => JSON.parse(read(f)) as Record<string, unknown>;
  const mode = (f = file): number => fs.statSync(f).mode & 0o777;

  it('missing file: created (0600, docker formatting), and stopping deletes it again without a backup', async () => {
    const { result } = await use([A, B]);
    assert.equal(read(), `{\n\t"credHelpers": {\n\t\t"${A}": "ecr-login",\n\t\t"${B}": "ecr-login"\n\t}\n}`);
    assert.equal(mode(), 0o600);
    assert.equal(result.marker?.createdFile, true);
    const stop = await stopUsingHelper(result.marker as CredHelperMarker);
    assert.equal(stop.deletedFile, true);
    assert.deepEqual(fs.readdirSync(dir), [], 'no file, no backup, no temp file left');
  });

  for (const blank of ['', '\n', '  \r\n']) {
    it(`blank file ${JSON.stringify(blank)}: read as empty, restored exactly`, async () => {
      fs.writeFileSync(file, blank, { mode: 0o640 });
      fs.chmodSync(file, 0o640);
      const { result } = await use([A]);
      assert.deepEqual(json(), { credHelpers: { [A]: 'ecr-login' } });
      assert.equal(mode(), 0o640, 'permissions kept');
      await stopUsingHelper(result.marker as CredHelperMarker);
      assert.equal(read(), blank);
      assert.equal(read(file + '.ecr-explorer.bak'), blank, 'the one-time backup holds the original');
    });
  }

  it('unknown keys, credsStore and another host’s helper are kept; the undo is byte for byte', async () => {
    const original = JSON.stringify(
      {
        auths: { 'ghcr.io': { auth: 'dTpw' } },
        credsStore: 'desktop',
        credHelpers: { 'gcr.io': 'gcloud' },
        HttpHeaders: { 'User-Agent': 'Docker-Client/28 (linux) <&>' },
        proxies: { default: { httpProxy: 'http://proxy:3128' } },
        currentContext: 'default',
      },
      null,
      '\t',
    ).replace(/[<>&]/g, (c) => ({ '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' })[c] as string);
    fs.writeFileSync(file, original, { mode: 0o600 });
    const { plan, result } = await use([A, B]);
    assert.equal(plan.credsStore, 'desktop');
    const after = json();
    assert.equal(after.credsStore, 'desktop', 'credsStore is never written');
    assert.deepEqual(after.credHelpers, { 'gcr.io': 'gcloud', [A]: 'ecr-login', [B]: 'ecr-login' });
    assert.deepEqual(Object.keys(after), ['auths', 'credsStore', 'credHelpers', 'HttpHeaders', 'proxies', 'currentContext']);
    assert.ok(read().includes('\\u003c\\u0026\\u003e'), "Go's escaping is kept");
    assert.equal(read(file + '.ecr-explorer.bak'), original);
    await stopUsingHelper(result.marker as CredHelperMarker);
    assert.equal(read(), original);
  });

  it('other formatting intents survive: two-space indent, CRLF, final newline', async () => {
    const original = '{\r\n  "auths": {},\r\n  "psFormat": "table"\r\n}\r\n';
    fs.writeFileSync(file, original);
    const { result } = await use([A]);
    assert.equal(read(), `{\r\n  "auths": {},\r\n  "psFormat": "table",\r\n  "credHelpers": {\r\n    "${A}": "ecr-login"\r\n  }\r\n}\r\n`);
    await stopUsingHelper(result.marker as CredHelperMarker);
    assert.equal(read(), original);
  });

  it('a stale auths entry is only reported; removed when the caller says yes', async () => {
    fs.writeFileSync(file, JSON.stringify({ auths: { [A]: { auth: 'QVdTOnNlY3JldA==' }, 'ghcr.io': { auth: 'eDp5' } } }, null, '\t'));
    const plan = await planUseHelper(target, [A]);
    assert.deepEqual(
      plan.hosts.map((h) => [h.host, h.state, h.staleAuthKeys]),
      [[A, 'add', [A]]],
    );
    const kept = await applyUseHelper(plan, {});
    assert.ok((json().auths as Record<string, unknown>)[A], 'not removed without a yes');
    await stopUsingHelper(kept.marker as CredHelperMarker);
    const again = await use([A], { removeStaleAuths: new Set([A]) });
    assert.deepEqual(again.result.removedAuthKeys, [A]);
    assert.deepEqual(json().auths, { 'ghcr.io': { auth: 'eDp5' } });
  });

  it('a host with another helper is left alone unless replacing was agreed; the undo restores it', async () => {
    const original = JSON.stringify({ credHelpers: { [A]: 'desktop' } }, null, '\t');
    fs.writeFileSync(file, original);
    const first = await use([A]);
    assert.equal(first.plan.hosts[0].state, 'otherHelper');
    assert.equal(first.result.unchanged, true);
    assert.equal(read(), original);
    const second = await use([A], { replace: new Set([A]) });
    assert.deepEqual(json().credHelpers, { [A]: 'ecr-login' });
    await stopUsingHelper(second.result.marker as CredHelperMarker);
    assert.equal(read(), original);
  });

  it('refuses an unparseable file, naming the line, and leaves it (and no backup) behind', async () => {
    const broken = '{\n\t"auths": {}\n\t"credsStore": "desktop"\n}';
    fs.writeFileSync(file, broken);
    await assert.rejects(
      planUseHelper(target, [A]),
      (e: CredHelperConfigError) => e.code === 'syntax' && e.problem.args[1] === 3 && e.problem.args[2] === 2,
    );
    assert.equal(read(), broken);
    assert.deepEqual(fs.readdirSync(dir), ['config.json']);
  });

  it('refuses a file marked read-only with a clear message (even as root)', async () => {
    fs.writeFileSync(file, '{}');
    fs.chmodSync(file, 0o444);
    await assert.rejects(use([A]), (e: CredHelperConfigError) => e.code === 'readOnly' && e.problem.id === 'chConfigReadOnly');
    assert.equal(read(), '{}');
    assert.equal(mode(), 0o444);
  });

  it('follows a symlinked config: the target is written, the link stays a link, the backup sits beside the target', async () => {
    const realDir = path.join(dir, 'dotfiles');
    fs.mkdirSync(realDir);
    const real = path.join(realDir, 'docker-config.json');
    const original = '{\n\t"auths": {}\n}';
    fs.writeFileSync(real, original);
    fs.symlinkSync(path.join('dotfiles', 'docker-config.json'), file);
    const { result } = await use([A]);
    assert.ok(fs.lstatSync(file).isSymbolicLink());
    assert.deepEqual(json(real).credHelpers, { [A]: 'ecr-login' });
    assert.equal(read(real + '.ecr-explorer.bak'), original);
    await stopUsingHelper(result.marker as CredHelperMarker);
    assert.ok(fs.lstatSync(file).isSymbolicLink());
    assert.equal(read(real), original);
  });

  it('is idempotent: a second use changes nothing and keeps the marker', async () => {
    fs.writeFileSync(file, '{\n\t"auths": {}\n}');
    const first = await use([A]);
    const bytes = read();
    const second = await use([A], {}, first.result.marker);
    assert.equal(second.result.unchanged, true);
    assert.deepEqual(second.result.already, [A]);
    assert.deepEqual(second.result.marker, first.result.marker);
    assert.equal(read(), bytes);
  });

  it('a hand-made ecr-login entry is not ours: stopping never removes it', async () => {
    const original = JSON.stringify({ credHelpers: { [A]: 'ecr-login' } }, null, '\t');
    fs.writeFileSync(file, original);
    const { result } = await use([A, B]);
    assert.deepEqual(result.marker?.entries, [{ host: B }]);
    await stopUsingHelper(result.marker as CredHelperMarker);
    assert.equal(read(), original);
  });

  it('stops one host of two, then the other; a later use merges into the marker', async () => {
    const original = '{\n\t"auths": {}\n}';
    fs.writeFileSync(file, original);
    const first = await use([A]);
    const second = await use([B], {}, first.result.marker);
    assert.deepEqual(second.result.marker?.entries, [{ host: A }, { host: B }]);
    const partial = await stopUsingHelper(second.result.marker as CredHelperMarker, [A]);
    assert.deepEqual(json().credHelpers, { [B]: 'ecr-login' });
    assert.deepEqual(partial.marker?.entries, [{ host: B }]);
    await stopUsingHelper(partial.marker as CredHelperMarker);
    assert.equal(read(), original);
  });

  it('an entry the user changed since is left alone and reported', async () => {
    fs.writeFileSync(file, '{}');
    const { result } = await use([A]);
    fs.writeFileSync(file, JSON.stringify({ credHelpers: { [A]: 'desktop' } }));
    const stop = await stopUsingHelper(result.marker as CredHelperMarker);
    assert.deepEqual(stop.changedSince, [{ host: A, now: 'desktop' }]);
    assert.deepEqual(json(), { credHelpers: { [A]: 'desktop' } });
  });

  it('does not overwrite a file another program changed after the plan', async () => {
    fs.writeFileSync(file, '{}');
    const plan = await planUseHelper(target, [A]);
    fs.writeFileSync(file, '{"auths": {"x": {"auth": "eDp5"}}}');
    await assert.rejects(applyUseHelper(plan, {}), (e: CredHelperConfigError) => e.code === 'changed');
    assert.equal(read(), '{"auths": {"x": {"auth": "eDp5"}}}');
  });

  it('keeps the first backup: a later change never overwrites it', async () => {
    fs.writeFileSync(file, '{"a": 1}');
    const first = await use([A]);
    await use([B], {}, first.result.marker);
    assert.equal(read(file + '.ecr-explorer.bak'), '{"a": 1}');
  });

  it('markers read back from storage are validated', () => {
    const good: CredHelperMarker = { path: file, entries: [{ host: A }], createdSection: true, createdFile: false };
    assert.deepEqual(validMarkers({ [file]: good, other: good, bad: { path: 'bad', entries: [{ host: 1 }] } }), { [file]: good });
    assert.deepEqual(validMarkers('nonsense'), {});
  });
});

describe('(unit) login/credHelperSetup: which file each CLI reads', () => {
  const home = '/home/u';
  it('docker and nerdctl: $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    assert.deepEqual(credHelperTarget('docker', { DOCKER_CONFIG: '/cfg' }, home), {
      supported: true,
      path: path.join('/cfg', 'config.json'),
      source: '$DOCKER_CONFIG',
      readFirst: [],
    });
    const t = credHelperTarget('nerdctl', {}, home);
    assert.ok(t.supported && t.path === path.join(home, '.docker', 'config.json'));
  });
  it('podman: $REGISTRY_AUTH_FILE, else the persistent containers auth file, with the runtime file read first', () => {
    const t = credHelperTarget('podman', { XDG_RUNTIME_DIR: '/run/user/1000' }, home);
    assert.ok(t.supported);
    assert.equal(t.path, path.join(home, '.config', 'containers', 'auth.json'));
    assert.deepEqual(t.readFirst, [path.join('/run/user/1000', 'containers', 'auth.json')]);
    const r = credHelperTarget('podman', { REGISTRY_AUTH_FILE: '/a/auth.json', XDG_RUNTIME_DIR: '/run/user/1000' }, home);
    assert.ok(r.supported && r.path === '/a/auth.json' && r.readFirst.length === 0);
  });
  it('finch: not this file; says where finch configures its helpers', () => {
    const t = credHelperTarget('finch', {}, home);
    assert.ok(!t.supported && t.reason.id === 'chCliFinch');
  });
  it('podman shadowing: a login in the runtime file would win over the helper, and the plan says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-credhelper-podman-'));
    try {
      const runtime = path.join(dir, 'run');
      fs.mkdirSync(path.join(runtime, 'containers'), { recursive: true });
      fs.writeFileSync(path.join(runtime, 'containers', 'auth.json'), JSON.stringify({ auths: { [A]: { auth: 'QVdTOng=' } } }));
      const t = credHelperTarget('podman', { XDG_RUNTIME_DIR: runtime, XDG_CONFIG_HOME: path.join(dir, 'cfg') }, dir);
      assert.ok(t.supported);
      const plan = await planUseHelper(t, [A, B]);
      assert.deepEqual(plan.shadowing, [{ file: path.join(runtime, 'containers', 'auth.json'), host: A }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
