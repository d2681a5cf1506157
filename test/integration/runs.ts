// The integration runs: each run starts a fresh VS Code (own user-data dir, own workspace folder) with its own
// workspace/user settings, environment and trust, and executes some of the `*.test.ts` files in this folder.
// Add a run here when a test needs a different setup; a file not named by any run goes to the "default" run.

export interface RunSetup {
  /** More environment for the extension host (e.g. the URL of an emulator started in `setup`). */
  env?: Record<string, string>;
  workspaceSettings?: Record<string, unknown>;
  userSettings?: Record<string, unknown>;
  /** Called after the run, whatever its outcome (stop servers started in `setup`). */
  teardown?: () => Promise<void>;
}

export interface IntegrationRun {
  /** Unique name; `--run <name>` selects it, and the extension host sees it as ECR_EXPLORER_TEST_RUN. */
  name: string;
  /** Test files for this run, e.g. ['trust.test']; omitted: every file that no other run names. */
  files?: string[];
  /** Written to `<workspace>/.vscode/settings.json`. */
  workspaceSettings?: Record<string, unknown>;
  /** Written to `<user-data-dir>/User/settings.json` (over the harness defaults). */
  userSettings?: Record<string, unknown>;
  /** Environment for the extension host (and code-server), on top of the runner's own. */
  env?: Record<string, string>;
  /** Default true. False opens the folder in Restricted Mode (code-server host only; runTests forces trust on desktop). */
  trusted?: boolean;
  /** Runs in the runner's process before VS Code starts, e.g. to start the ECR emulator on 127.0.0.1. */
  setup?: () => Promise<RunSetup | void>;
}

export const runs: IntegrationRun[] = [
  {
    // Tree and commands: the ECR emulator runs inside the extension host (treeFixture.ts), which points
    // the extension at it through user settings and temp AWS profile files.
    name: 'tree',
    files: ['tree.test', 'commands.test', 'settings.test', 'bigRepositories.test'],
    // A trusted workspace that tries to choose the CLI and its arguments: machine settings come from the user only
    // (settings.test, and the copied pull command in commands.test).
    workspaceSettings: {
      'ecrExplorer.containerCliPath': '/tmp/not-docker',
      'ecrExplorer.containerCliArgs': ['--config', '/tmp/evil'],
      'ecrExplorer.endpoint': 'http://attacker.invalid',
    },
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    // Policies (lifecycle and repository policies, the preview, repository settings): the tree fixture's emulator in
    // the extension host, one run of its own so its policy changes cannot leak into the tree tests.
    name: 'policies',
    files: ['policies.test'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    // The web workbench auto-saves after a delay by default; policy documents refuse auto saves (they would write
    // to ECR mid-edit), so the tests save explicitly with auto save off.
    userSettings: { 'files.autoSave': 'off' },
  },
  {
    // Scan findings: the tree fixture's emulator (in the extension host) with scans; report panels and Scan Image.
    name: 'scan',
    files: ['scan.test'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    name: 'default',
    workspaceSettings: { 'ecrExplorer.regions': ['eu-west-1', 'us-east-1'] },
    env: { AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    name: 'untrusted',
    files: ['trust.test', 'settings.test'],
    trusted: false,
    // A workspace that tries to pick the endpoint and the CLI: Restricted Mode (and machine scope) must ignore it.
    workspaceSettings: {
      'ecrExplorer.endpoint': 'http://attacker.invalid',
      'ecrExplorer.containerCliPath': '/tmp/not-docker',
      'ecrExplorer.containerCliArgs': ['--evil'],
      'ecrExplorer.build.args': { EVIL: '1' },
      'ecrExplorer.regions': ['ap-northeast-1'],
    },
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    // Status bar: real logins with the docker CLI against the in-process ECR emulator.
    name: 'status',
    files: ['status.test'],
    workspaceSettings: { 'ecrExplorer.regions': ['us-east-1'] },
    setup: async () => {
      const { startEmulator, localAwsEnv } = await import('../servers');
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'ecr-status-it-'));
      writeFileSync(join(dir, 'config'), '');
      writeFileSync(join(dir, 'credentials'), '');
      const server = await startEmulator();
      return {
        env: {
          ...localAwsEnv(server.url),
          AWS_CONFIG_FILE: join(dir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
          DOCKER_CONFIG: join(dir, 'docker'),
          ECR_EXPLORER_EMULATOR_CONTROL: server.controlUrl,
        },
        teardown: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    // Push, build and retag: real podman (sandboxed storage and auth file) against the ECR emulator in the runner.
    name: 'push',
    files: ['push.test'],
    setup: async () => {
      const { startEmulator, localAwsEnv, podmanSandbox } = await import('../servers');
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'ecr-push-it-'));
      writeFileSync(join(dir, 'config'), '');
      writeFileSync(join(dir, 'credentials'), '');
      const server = await startEmulator();
      server.emulator.createRepository('team/app');
      server.emulator.seed({
        repositories: [{ name: 'team/locked', tagMutability: 'IMMUTABLE', images: [{ tags: ['v1'] }, { tags: ['prod'] }] }],
      });
      const sandbox = await podmanSandbox();
      const secret = 'tok_' + Date.now().toString(36) + '9f8e7d6c5b4a3';
      return {
        env: {
          ...localAwsEnv(server.url),
          AWS_CONFIG_FILE: join(dir, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
          REGISTRY_AUTH_FILE: sandbox.authFile,
          ECR_EXPLORER_EMULATOR_CONTROL: server.controlUrl,
          ECR_EXPLORER_TEST_BUILD_SECRET: secret,
        },
        userSettings: {
          'ecrExplorer.regions': ['us-east-1'],
          'ecrExplorer.containerCli': 'podman',
          'ecrExplorer.containerCliPath': sandbox.podman,
          'ecrExplorer.containerCliArgs': sandbox.globalArgs,
          'ecrExplorer.build.args': { NPM_TOKEN: secret, VERSION: '1' },
        },
        teardown: async () => {
          await server.stop();
          sandbox.dispose();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    // Status bar persistence: phase 1 reloads the window, phase 2 checks the restored item.
    name: 'status-reload',
    files: ['statusReload.test'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    // Phase 2 records activate() in this real extension host for `npm run bench`: test-results/activation.json
    // (removed first, so a run that never reaches phase 2 leaves no stale figure behind).
    setup: async () => {
      const { rmSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      const file = join(resolve(__dirname, '..', '..'), 'test-results', 'activation.json');
      rmSync(file, { force: true });
      return { env: { ECR_EXPLORER_ACTIVATION_FILE: file } };
    },
  },
  {
    // Hardening (docs/SECURITY.md): fault matrix, hostile input, secret leaks and concurrency against the ECR
    // emulator started inside the extension host (hardeningFixture.ts).
    name: 'hardening',
    files: [
      'hardening.faults.test',
      'hardening.hostile.test',
      'hardening.leaks.test',
      'hardening.concurrency.test',
      'hardening.trust.test',
    ],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    // A workspace that points the CLI at a stdin-recording script (ignored: machine scope).
    setup: async () => (await import('../fixtures/hostile/evilWorkspace')).evilWorkspace(),
  },
  {
    // The Amazon ECR credential helper: the real helper's path and version, switching registries to it and back, and
    // docker consulting the written config (credHelper.test starts the emulator and a registry in the extension host).
    name: 'credhelper',
    files: ['credHelper.test'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    // Hardening in Restricted Mode: the same hostile workspace; auto-renew must not run either.
    name: 'hardening-untrusted',
    files: ['hardening.trust.test'],
    trusted: false,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    setup: async () => (await import('../fixtures/hostile/evilWorkspace')).evilWorkspace(),
  },
  {
    // Image references (helper REFS): the ECR emulator runs inside the extension host (references.test.ts); files
    // are written into the workspace folder and opened.
    name: 'references',
    files: ['references.test'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
  {
    // The same in Restricted Mode: hovers and links work, no problems, no quick fixes.
    name: 'references-untrusted',
    files: ['references.test'],
    trusted: false,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
];
