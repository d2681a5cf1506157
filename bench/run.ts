// `npm run bench`: the performance budgets of docs/PERFORMANCE.md, measured side by side in one run (contenders interleaved,
// medians). Writes a table to stdout and bench/results.json; exits 1 when a budget fails.
//   tsx --expose-gc bench/run.ts [--quick] [--runs N] [--awscli-runs N] [--no-awscli] [--only findings]
// --only findings: just the scan findings section (builds the production bundles itself instead of packaging).
// --quick: small scale, 1 run, only structural budgets enforced (call counts, SDK not loaded at activation, sizes).
// --only: comma-separated sections (core = activation, listing, login, memory; push = push and retag).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import type { Aws } from '../src/aws/load';
import type { EcrRegistry, Repository } from '../src/model/types';
import type { ActivationSample } from './activationProbe';
import {
  ACCOUNT,
  IMAGES_REGION,
  IMAGES_REPO,
  REPO_REGION,
  SPREAD_REGION,
  startEmulatorProcess,
  type BenchScale,
  type EmulatorProcess,
} from './emulatorProcess';
import {
  awsCliList,
  bareSdkClient,
  dataLayerImages,
  dataLayerRepositories,
  FloorClient,
  findAwsCli,
  PAGE,
  sdkImages,
  sdkRepositories,
  type AwsCli,
  type BenchEnv,
} from './listing';
import { benchLifecyclePreview } from './lifecycle';
import { benchFindings, reportBundleKb, seedFindings } from './findings';
import { awsCliPipelineLogin, bareDockerLogin, dockerConfigHas, extensionLogin } from './login';
import type { MemorySample } from './memoryProbe';
import { benchSortedListing } from './bigRepositories';
import { benchPush } from './push';
import { benchReferences } from './refs';
import { fmt, interleave, median, runProcess, type Contender, type ContenderResult } from './stats';

const ROOT = path.resolve(__dirname, '..');
const KB = 1024;

type Compare = 'max' | 'min' | 'eq';

interface Metric {
  metric: string;
  value: number;
  unit: string;
  budget: number | null;
  ok: boolean;
}

interface Row extends Metric {
  compare?: Compare;
  /** Enforced in this mode (quick mode enforces structural budgets only). */
  enforced: boolean;
  note?: string;
}

const rows: Row[] = [];

function add(
  metric: string,
  value: number,
  unit: string,
  budget: number | null = null,
  compare: Compare = 'max',
  opts: { structural?: boolean; note?: string } = {},
): void {
  let ok = true;
  if (budget !== null) {
    if (!Number.isFinite(value)) ok = false;
    else if (compare === 'max') ok = value <= budget;
    else if (compare === 'min') ok = value >= budget;
    else ok = value === budget;
  }
  const enforced = budget !== null && (!quick || opts.structural === true);
  rows.push({ metric, value, unit, budget, ok, compare: budget === null ? undefined : compare, enforced, note: opts.note });
}

// ---- options --------------------------------------------------------------------------------------------------

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'awscli-runs': { type: 'string' },
    'no-awscli': { type: 'boolean', default: false },
    /** Run some sections only: --only core,findings,lifecycle,push,refs (findings alone builds without packaging). */
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (argv.help) {
  process.stdout.write(
    'usage: tsx --expose-gc bench/run.ts [--quick] [--runs N] [--awscli-runs N] [--no-awscli] [--only core,findings,lifecycle,push,refs]\n',
  );
  process.exit(0);
}
const quick = argv.quick === true;
// In-process contenders are cheap: 7 runs; the AWS CLI (tens of seconds per 100,000 images) gets 5.
const runs = Number(argv.runs ?? (quick ? 1 : 7));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${argv.runs}`);
// findings_5k_model_ms is a ratio of two medians of ≈ 60 ms runs that spread by ±10 ms on a shared machine: 7
// rounds leave the median within that noise, 15 (≈ 17 s for both shapes) settle it.
const findingsRounds = quick ? runs : Math.max(15, runs);
const scale: BenchScale = quick
  ? { repositories: 1500, images: 5000, spreadRepositories: 10 }
  : { repositories: 10_000, images: 100_000, spreadRepositories: 100 };

function label(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}
const R = label(scale.repositories);
const I = label(scale.images);

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

// ---- environment ----------------------------------------------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-bench-'));
const emptyFile = path.join(tmp, 'empty');
fs.writeFileSync(emptyFile, '');
const benchEnv: BenchEnv = {
  accessKeyId: 'AKIABENCHBENCHBENCH0',
  secretAccessKey: 'bench-secret-not-a-real-key',
  awsEnv: {},
};
benchEnv.awsEnv = {
  AWS_ACCESS_KEY_ID: benchEnv.accessKeyId,
  AWS_SECRET_ACCESS_KEY: benchEnv.secretAccessKey,
  AWS_CONFIG_FILE: emptyFile,
  AWS_SHARED_CREDENTIALS_FILE: emptyFile,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};
// Nothing in this process may look at real AWS configuration or the instance metadata service.
Object.assign(process.env, benchEnv.awsEnv);
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL_ECR;
delete process.env.AWS_ENDPOINT_URL;
const childEnvBase: NodeJS.ProcessEnv = { ...process.env };

function machine(): { cpu: string; nproc: number; node: string; load: string } {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    nproc: os.availableParallelism(),
    node: process.version,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

// ---- probes (bundled, run in fresh plain-node processes) ------------------------------------------------------

async function buildProbe(name: string): Promise<string> {
  const outfile = path.join(tmp, `${name}.js`);
  await esbuild.build({
    entryPoints: [path.join(__dirname, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

async function probeJson<T>(file: string, args: string[], nodeFlags: string[] = []): Promise<T> {
  const res = await runProcess(process.execPath, [...nodeFlags, file, ...args], { env: childEnvBase });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.code !== 0 || !line.startsWith('{'))
    throw new Error(`${path.basename(file)} failed (exit ${res.code}): ${res.stderr.trim().slice(0, 800)}`);
  return JSON.parse(line) as T;
}

// ---- 3. activation and sizes ----------------------------------------------------------------------------------

/**
 * What ships: the .vsix made by `npm run package`, unpacked into the bench's temp dir. Measuring the unpacked copy
 * (not dist/) also keeps a concurrent development build of dist/ from changing the files under the bench.
 */
async function unpackVsix(): Promise<{ extRoot: string; vsix: string }> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run \`npm run package\` first (npm run bench does).`);
  const dir = path.join(tmp, 'vsix');
  const res = await runProcess('unzip', ['-q', '-o', vsix, '-d', dir]);
  if (res.code !== 0) throw new Error(`unzip ${path.basename(vsix)} failed: ${res.stderr.trim()}`);
  const extRoot = path.join(dir, 'extension');
  for (const f of ['dist/extension.js', 'dist/aws.js', 'dist/registry.js', 'dist/commands.js', 'dist/credhelper.js', 'package.json']) {
    if (!fs.existsSync(path.join(extRoot, f))) throw new Error(`${path.basename(vsix)} has no extension/${f}`);
  }
  if (/\/\/# sourceMappingURL=/.test(fs.readFileSync(path.join(extRoot, 'dist', 'extension.js'), 'utf8'))) {
    throw new Error(`${path.basename(vsix)} holds a development build: package it with \`npm run package\`.`);
  }
  const age = (Date.now() - fs.statSync(vsix).mtimeMs) / 60000;
  if (age > 10) log(`warning: ${path.basename(vsix)} is ${age.toFixed(0)} minutes old (npm run bench packages it first)`);
  return { extRoot, vsix };
}

async function benchActivation(extRoot: string, vsix: string): Promise<void> {
  const mainJs = path.join(extRoot, 'dist', 'extension.js');
  const awsJs = path.join(extRoot, 'dist', 'aws.js');
  // Sizes are deterministic (no timing noise, no scale): enforced in --quick mode too.
  add('main_bundle_kb', fs.statSync(mainJs).size / KB, 'KiB', 100, 'max', { structural: true });
  add('sdk_bundle_kb', fs.statSync(awsJs).size / KB, 'KiB');
  add('vsix_kb', fs.statSync(vsix).size / KB, 'KiB', 1024, 'max', { structural: true });

  const probe = await buildProbe('activationProbe');
  const n = quick ? 3 : Math.max(15, runs * 3);
  const samples: ActivationSample[] = [];
  for (let i = 0; i < n; i++) samples.push(await probeJson<ActivationSample>(probe, [extRoot]));
  const gaps = [...new Set(samples.flatMap((s) => s.gaps))];
  if (gaps.length) log(`warning: activate() used vscode members the stand-in lacks (no-ops): ${gaps.join(', ')}`);
  add('activation_ms', median(samples.map((s) => s.activateMs)), 'ms', 5, 'max', {
    note: `activate() in plain Node with a vscode stand-in, fresh process each, median of ${n}`,
  });
  const self = samples.map((s) => s.selfReportedMs).filter((v): v is number => typeof v === 'number');
  if (self.length) add('activation_ms_self_reported', median(self), 'ms', null, 'max', { note: 'ExtensionApi.activationMs' });
  add('extension_require_ms', median(samples.map((s) => s.requireMs)), 'ms', null, 'max', { note: 'require(dist/extension.js)' });
  add('sdk_loaded_at_activation', samples.some((s) => s.sdkLoaded || s.apiAwsLoaded === true) ? 1 : 0, 'bool', 0, 'eq', {
    structural: true,
    note: 'dist/aws.js in require.cache after activate()',
  });
  add('sdk_bundle_require_ms', median(samples.map((s) => s.awsRequireMs)), 'ms', null, 'max', { note: 'paid once, on the first ECR call' });

  // The integration tier may record activate() inside a real extension host.
  const hostFile = path.join(ROOT, 'test-results', 'activation.json');
  if (fs.existsSync(hostFile)) {
    try {
      const rec = JSON.parse(fs.readFileSync(hostFile, 'utf8')) as { activationMs?: unknown; awsLoaded?: unknown };
      if (typeof rec.activationMs === 'number') {
        add('activation_ms_extension_host', rec.activationMs, 'ms', null, 'max', {
          note: `from ${path.relative(ROOT, hostFile)} (${fs.statSync(hostFile).mtime.toISOString()})`,
        });
      }
      if (typeof rec.awsLoaded === 'boolean')
        add('sdk_loaded_at_activation_extension_host', rec.awsLoaded ? 1 : 0, 'bool', 0, 'eq', { structural: true });
    } catch (err) {
      log(`warning: ${hostFile} is not readable JSON: ${String(err)}`);
    }
  }
}

// ---- 1. listing -----------------------------------------------------------------------------------------------

type EcrService = InstanceType<Aws['EcrService']>;

function loadAwsBundle(extRoot: string): Aws {
  // The shipped production bundle, not the TypeScript source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(extRoot, 'dist', 'aws.js')) as Aws;
}

async function registriesByRegion(svc: EcrService): Promise<Map<string, EcrRegistry>> {
  const out = new Map<string, EcrRegistry>();
  for (const node of await svc.listRegistries()) {
    if (node.kind === 'registry') out.set(node.source.region, node);
    else throw new Error(`listRegistries: ${node.problem.message}`);
  }
  return out;
}

async function countedRun(emu: EmulatorProcess, fn: () => Promise<number>): Promise<{ value: number; calls: Record<string, number> }> {
  await emu.resetCalls();
  const value = await fn();
  const calls = await emu.calls();
  await emu.resetCalls();
  return { value, calls };
}

function expectCount(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what}: listed ${got} items, expected ${want}`);
}

function report(results: Map<string, ContenderResult>): void {
  for (const r of results.values()) {
    if (r.samples.length === 0) continue;
    log(`  ${r.name.padEnd(34)} median ${fmt(r.median).padStart(9)} ms  runs ${r.samples.map((s) => fmt(s, 0)).join(' ')}`);
  }
}

async function benchListing(emu: EmulatorProcess, aws: Aws, cli: AwsCli | undefined, awscliRuns: number): Promise<void> {
  const svc = new aws.EcrService({
    profiles: [],
    regions: [REPO_REGION, IMAGES_REGION, SPREAD_REGION],
    registryIds: [],
    endpoint: emu.url,
    env: process.env,
  });
  const floor = new FloorClient(emu.url, benchEnv);
  const regs = await registriesByRegion(svc);
  const repoReg = regs.get(REPO_REGION)!;
  const imagesReg = regs.get(IMAGES_REGION)!;
  const spreadReg = regs.get(SPREAD_REGION)!;
  const imagesRepo = (await dataLayerRepositories(svc, imagesReg)).find((r) => r.name === IMAGES_REPO)!;
  const spreadRepos: Repository[] = await dataLayerRepositories(svc, spreadReg);
  const cliEnv: NodeJS.ProcessEnv = { ...childEnvBase };
  const sdkClients = new Map<string, ReturnType<typeof bareSdkClient>>();
  const sdkFor = (region: string) => {
    let c = sdkClients.get(region);
    if (!c) sdkClients.set(region, (c = bareSdkClient(emu.url, region, benchEnv)));
    return c;
  };

  // -- repositories
  {
    const contenders: Contender[] = [
      { name: 'data layer: repositories', run: async () => (await dataLayerRepositories(svc, repoReg)).length },
      { name: 'floor (fetch+JSON): repositories', run: async () => (await floor.listRepositories(REPO_REGION, ACCOUNT)).length },
      { name: 'bare SDK paginator: repositories', run: async () => (await sdkRepositories(sdkFor(REPO_REGION), ACCOUNT)).length },
    ];
    if (cli)
      contenders.push({
        name: 'aws cli: describe-repositories',
        runs: awscliRuns,
        run: () => awsCliList(cli, cliEnv, emu.url, REPO_REGION, ['describe-repositories'], 'repositoryArn'),
      });
    const counted = new Map<string, { value: number; calls: Record<string, number> }>();
    for (const c of contenders) counted.set(c.name, await countedRun(emu, c.run));
    for (const [name, c] of counted) {
      expectCount(name, c.value, scale.repositories);
      log(`  ${name}: ${c.value} repositories, calls ${JSON.stringify(c.calls)}`);
    }
    const want = Math.ceil(scale.repositories / PAGE);
    add(`list_repos_${R}_calls`, counted.get('data layer: repositories')!.calls.DescribeRepositories ?? 0, 'calls', want, 'eq', {
      structural: true,
    });
    add(
      `list_repos_${R}_calls_floor`,
      counted.get('floor (fetch+JSON): repositories')!.calls.DescribeRepositories ?? 0,
      'calls',
      want,
      'eq',
      { structural: true },
    );
    if (cli) add(`list_repos_${R}_calls_awscli`, counted.get('aws cli: describe-repositories')!.calls.DescribeRepositories ?? 0, 'calls');
    log(`listing ${scale.repositories} repositories, ${runs} interleaved runs${cli ? ` (AWS CLI: ${Math.min(awscliRuns, runs)})` : ''}`);
    const res = await interleave(contenders, runs, { warmup: false });
    report(res);
    const dl = res.get('data layer: repositories')!.median;
    const fl = res.get('floor (fetch+JSON): repositories')!.median;
    add(`list_repos_${R}_ms`, dl, 'ms');
    add(`list_repos_${R}_floor_ms`, fl, 'ms');
    add(`list_repos_${R}_vs_floor`, dl / fl, 'ratio', 1.25, 'max');
    add(`list_repos_${R}_sdk_only_vs_floor`, res.get('bare SDK paginator: repositories')!.median / fl, 'ratio', null, 'max', {
      note: 'the SDK paginator alone: its share of the overhead',
    });
    const c = res.get('aws cli: describe-repositories');
    if (c && c.samples.length > 0) {
      add(`list_repos_${R}_awscli_ms`, c.median, 'ms', null, 'max', { note: `median of ${c.samples.length}` });
      add(`list_repos_speedup_vs_awscli`, c.median / dl, 'x');
    }
  }

  // -- images in one repository
  {
    const contenders: Contender[] = [
      { name: 'data layer: images (1 repo)', run: async () => (await dataLayerImages(svc, imagesRepo)).length },
      {
        name: 'floor (fetch+JSON): images (1 repo)',
        run: async () => (await floor.listImages(IMAGES_REGION, ACCOUNT, IMAGES_REPO)).length,
      },
      {
        name: 'bare SDK paginator: images (1 repo)',
        run: async () => (await sdkImages(sdkFor(IMAGES_REGION), ACCOUNT, IMAGES_REPO)).length,
      },
    ];
    if (cli) {
      contenders.push({
        name: 'aws cli: describe-images (1 repo)',
        runs: awscliRuns,
        run: () => awsCliList(cli, cliEnv, emu.url, IMAGES_REGION, ['describe-images', '--repository-name', IMAGES_REPO], 'imageDigest'),
      });
    }
    const counted = new Map<string, { value: number; calls: Record<string, number> }>();
    for (const c of contenders) counted.set(c.name, await countedRun(emu, c.run));
    for (const [name, c] of counted) {
      expectCount(name, c.value, scale.images);
      log(`  ${name}: ${c.value} images, calls ${JSON.stringify(c.calls)}`);
    }
    const want = Math.ceil(scale.images / PAGE);
    add(`list_images_${I}_calls`, counted.get('data layer: images (1 repo)')!.calls.DescribeImages ?? 0, 'calls', want, 'eq', {
      structural: true,
    });
    add(
      `list_images_${I}_calls_floor`,
      counted.get('floor (fetch+JSON): images (1 repo)')!.calls.DescribeImages ?? 0,
      'calls',
      want,
      'eq',
      { structural: true },
    );
    if (cli) add(`list_images_${I}_calls_awscli`, counted.get('aws cli: describe-images (1 repo)')!.calls.DescribeImages ?? 0, 'calls');
    log(
      `listing ${scale.images} images in one repository, ${runs} interleaved runs${cli ? ` (AWS CLI: ${Math.min(awscliRuns, runs)})` : ''}`,
    );
    const res = await interleave(contenders, runs, { warmup: false });
    report(res);
    const dl = res.get('data layer: images (1 repo)')!.median;
    const fl = res.get('floor (fetch+JSON): images (1 repo)')!.median;
    add(`list_images_${I}_ms`, dl, 'ms');
    add(`list_images_${I}_floor_ms`, fl, 'ms');
    add(`list_images_${I}_vs_floor`, dl / fl, 'ratio', 1.25, 'max');
    add(`list_images_${I}_sdk_only_vs_floor`, res.get('bare SDK paginator: images (1 repo)')!.median / fl, 'ratio', null, 'max', {
      note: 'the SDK paginator alone: its share of the overhead',
    });
    const c = res.get('aws cli: describe-images (1 repo)');
    if (c && c.samples.length > 0) {
      add(`list_images_${I}_awscli_ms`, c.median, 'ms', null, 'max', { note: `median of ${c.samples.length}` });
      add('list_images_speedup_vs_awscli', c.median / dl, 'x', 10, 'min');
    }
  }

  // -- the same number of images spread over repositories (one repository after the other, as the tree expands them)
  {
    const spreadDl = async () => {
      let n = 0;
      for (const repo of await dataLayerRepositories(svc, spreadReg)) n += (await dataLayerImages(svc, repo)).length;
      return n;
    };
    const spreadFloor = async () => {
      let n = 0;
      for (const repo of await floor.listRepositories(SPREAD_REGION, ACCOUNT))
        n += (await floor.listImages(SPREAD_REGION, ACCOUNT, String(repo.repositoryName))).length;
      return n;
    };
    const contenders: Contender[] = [
      { name: `data layer: images (${spreadRepos.length} repos)`, run: spreadDl },
      { name: `floor (fetch+JSON): images (${spreadRepos.length} repos)`, run: spreadFloor },
    ];
    const counted = new Map<string, { value: number; calls: Record<string, number> }>();
    for (const c of contenders) counted.set(c.name, await countedRun(emu, c.run));
    const perRepo = Math.ceil(scale.images / scale.spreadRepositories);
    const want = Math.ceil(scale.spreadRepositories / PAGE) + scale.spreadRepositories * Math.ceil(perRepo / PAGE);
    for (const [name, c] of counted) {
      expectCount(name, c.value, scale.images);
      log(`  ${name}: ${c.value} images, calls ${JSON.stringify(c.calls)}`);
    }
    const dlCalls = counted.get(contenders[0]!.name)!.calls;
    add(`list_images_${I}_spread_calls`, (dlCalls.DescribeRepositories ?? 0) + (dlCalls.DescribeImages ?? 0), 'calls', want, 'eq', {
      structural: true,
    });
    log(`listing ${scale.images} images in ${spreadRepos.length} repositories, ${runs} interleaved runs`);
    const res = await interleave(contenders, runs, { warmup: false });
    report(res);
    const dl = res.get(contenders[0]!.name)!.median;
    const fl = res.get(contenders[1]!.name)!.median;
    add(`list_images_${I}_spread_ms`, dl, 'ms');
    add(`list_images_${I}_spread_floor_ms`, fl, 'ms');
    add(`list_images_${I}_spread_vs_floor`, dl / fl, 'ratio', null, 'max', {
      note: `${spreadRepos.length} repositories of ${perRepo}; informational`,
    });
  }
  svc.dispose();
  for (const c of sdkClients.values()) c.destroy();
}

// ---- 2. login -------------------------------------------------------------------------------------------------

async function benchLogin(emu: EmulatorProcess, aws: Aws, cli: AwsCli | undefined): Promise<void> {
  // Every contender logs in to the emulator's own Registry v2 endpoint (Basic auth checked against the password
  // GetAuthorizationToken issued). docker-registry cannot stand in here: ECR-shaped passwords are longer than the
  // 256 characters htpasswd accepts.
  const { password, host } = await emu.control<{ password: string; host: string }>(`password?registryId=${ACCOUNT}&region=${REPO_REGION}`);
  const dirs = { cached: 'docker-cached', fresh: 'docker-fresh', awscli: 'docker-awscli', floor: 'docker-floor' };
  const envFor = (d: string): NodeJS.ProcessEnv => {
    const dir = path.join(tmp, d);
    fs.mkdirSync(dir, { recursive: true });
    return { ...childEnvBase, DOCKER_CONFIG: dir };
  };
  const svc = new aws.EcrService({ profiles: [], regions: [REPO_REGION], registryIds: [], endpoint: emu.url, env: process.env });
  // listRegistries fetches the token once (the login host comes from its proxyEndpoint): the cache is warm.
  const reg = (await registriesByRegion(svc)).get(REPO_REGION)!;
  if (reg.host !== host) throw new Error(`login host ${reg.host} is not the emulator's ${host}`);
  const loginRuns = quick ? 1 : Math.max(runs, 7);
  const contenders: Contender[] = [
    { name: 'extension login, cached token', run: () => extensionLogin(svc, reg, false, envFor(dirs.cached)) },
    { name: 'extension login, fresh token', run: () => extensionLogin(svc, reg, true, envFor(dirs.fresh)) },
    { name: 'docker login, password known (floor)', run: () => bareDockerLogin(host, password, envFor(dirs.floor)) },
  ];
  if (cli)
    contenders.push({
      name: 'aws ecr get-login-password | docker login',
      run: () => awsCliPipelineLogin(cli, emu.url, REPO_REGION, host, envFor(dirs.awscli)),
    });

  // Structural: API calls per login, counted at the server.
  const cachedCalls = await countedRun(emu, async () => {
    for (let i = 0; i < 3; i++) await contenders[0]!.run();
    return 3;
  });
  const freshCalls = await countedRun(emu, async () => {
    for (let i = 0; i < 3; i++) await contenders[1]!.run();
    return 3;
  });
  const ecrCalls = Object.entries(cachedCalls.calls).filter(([op]) => !op.startsWith('v2.'));
  log(
    `  3 cached logins: ECR API calls ${JSON.stringify(Object.fromEntries(ecrCalls))}, registry calls ${JSON.stringify(cachedCalls.calls)}`,
  );
  add(
    'login_cached_api_calls',
    ecrCalls.reduce((a, [, n]) => a + n, 0),
    'calls',
    0,
    'eq',
    { structural: true, note: 'ECR API calls (any operation) during 3 cached logins' },
  );
  add('login_fresh_token_calls_per_login', (freshCalls.calls.GetAuthorizationToken ?? 0) / 3, 'calls', 1, 'eq', { structural: true });
  log(`login to ${host}, ${loginRuns} interleaved runs`);
  await emu.resetCalls();
  const res = await interleave(contenders, loginRuns, { warmup: true });
  const tokenCallsDuringRounds = (await emu.calls()).GetAuthorizationToken ?? 0;
  report(res);
  for (const [k, d] of Object.entries(dirs)) {
    if ((k !== 'awscli' || cli) && !dockerConfigHas(path.join(tmp, d), host))
      throw new Error(`${k}: docker config has no login for ${host}`);
  }
  // Warm-up plus timed runs of the contenders that fetch a token: the fresh-token login and the AWS CLI.
  const fetching = ['extension login, fresh token', 'aws ecr get-login-password | docker login'];
  const expected = fetching.reduce((n, name) => n + (res.has(name) ? res.get(name)!.samples.length + 1 : 0), 0);
  if (tokenCallsDuringRounds !== expected)
    throw new Error(
      `GetAuthorizationToken calls during the login rounds: ${tokenCallsDuringRounds}, expected ${expected} (fresh-token and AWS CLI logins only)`,
    );
  const cached = res.get('extension login, cached token')!.median;
  const fresh = res.get('extension login, fresh token')!.median;
  const floorMs = res.get('docker login, password known (floor)')!.median;
  add('login_cached_ms', cached, 'ms');
  add('login_fresh_ms', fresh, 'ms');
  add('login_docker_floor_ms', floorMs, 'ms');
  add('login_cached_vs_docker_floor', cached / floorMs, 'ratio', 1.25, 'max', {
    note: 'cached-token login within 1.25x of a bare docker login',
  });
  if (cli) {
    const pipe = res.get('aws ecr get-login-password | docker login')!.median;
    add('login_awscli_pipeline_ms', pipe, 'ms');
    add('login_fresh_speedup_vs_awscli', pipe / fresh, 'x', 5, 'min');
  }
  svc.dispose();
}

// ---- 4. memory ------------------------------------------------------------------------------------------------

async function benchMemory(emu: EmulatorProcess, extRoot: string): Promise<void> {
  const probe = await buildProbe('memoryProbe');
  const n = quick ? 1 : 3;
  const samples: MemorySample[] = [];
  for (let i = 0; i < n; i++)
    samples.push(await probeJson<MemorySample>(probe, [extRoot, emu.url, IMAGES_REGION, IMAGES_REPO], ['--expose-gc']));
  for (const s of samples) expectCount('memory probe', s.images, scale.images);
  add(`heap_mb_${I}_images`, median(samples.map((s) => s.modelMb)), 'MiB', quick ? null : 60, 'max', {
    note: `Image objects + ${samples[0]!.tags} Tag rows, heap after gc minus baseline`,
  });
  add('heap_mb_total_with_model', median(samples.map((s) => s.heldMb)), 'MiB', null, 'max', {
    note: 'whole heap of the probe (SDK loaded) while holding the model',
  });
}

// ---- output ---------------------------------------------------------------------------------------------------

function budgetText(r: Row): string {
  if (r.budget === null) return '';
  const sign = r.compare === 'max' ? '≤' : r.compare === 'min' ? '≥' : '=';
  // Budgets derived from a measurement (e.g. 1.25 × the floor) are shown like values, not with 14 decimals.
  return `${sign} ${Number.isInteger(r.budget) ? r.budget : Number(r.budget.toFixed(2))}`;
}

function valueText(r: Row): string {
  if (r.unit === 'calls' || r.unit === 'bool') return String(r.value);
  if (r.unit === 'ratio' || r.unit === 'x') return fmt(r.value, 2);
  return fmt(r.value, r.value < 10 ? 2 : 1);
}

function table(): string {
  const head = ['metric', 'value', 'unit', 'budget', 'result'];
  const body = rows.map((r) => [
    r.metric,
    valueText(r),
    r.unit,
    budgetText(r),
    r.budget === null ? '' : r.ok ? 'ok' : r.enforced ? 'FAIL' : 'fail (not enforced)',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 1 ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

/** Big repositories: sorted rows across every page (bench/bigRepositories.ts). */
async function benchSorted(emu: EmulatorProcess, aws: Aws): Promise<void> {
  log('big repositories: sorted rows across every page');
  const svc = new aws.EcrService({ profiles: [], regions: [IMAGES_REGION], registryIds: [], endpoint: emu.url, env: process.env });
  const registry = (await registriesByRegion(svc)).get(IMAGES_REGION)!;
  const repo = (await dataLayerRepositories(svc, registry)).find((r) => r.name === IMAGES_REPO)!;
  await benchSortedListing({
    aws,
    svc,
    floor: new FloorClient(emu.url, benchEnv),
    emu,
    repo,
    region: IMAGES_REGION,
    account: ACCOUNT,
    images: scale.images,
    label: I,
    runs,
    add,
    log,
  });
  svc.dispose();
}

async function benchLifecycle(): Promise<void> {
  log('lifecycle policy preview of 10,000 images');
  const { medianMs, expiring } = await benchLifecyclePreview(runs);
  add('lifecycle_preview_10k_ms', medianMs, 'ms', 500, 'max', { note: `${expiring} images would expire` });
  add('lifecycle_preview_10k_expiring', expiring, 'images', 9990, 'eq', { structural: true });
}

async function everything(cli: AwsCli | undefined, awscliRuns: number): Promise<void> {
  const { extRoot, vsix } = await unpackVsix();
  await benchActivation(extRoot, vsix);
  log('starting the emulator and seeding it');
  const emu = await startEmulatorProcess(scale);
  try {
    const aws = loadAwsBundle(extRoot);
    await benchListing(emu, aws, cli, awscliRuns);
    await benchSorted(emu, aws);
    await benchLogin(emu, aws, cli);
    await benchMemory(emu, extRoot);
    await seedFindings(emu, ACCOUNT);
    await benchFindings(emu, aws, new FloorClient(emu.url, benchEnv), ACCOUNT, benchEnv, findingsRounds, add, log, report);
  } finally {
    await emu.stop();
  }
  add('report_bundle_kb', reportBundleKb(extRoot), 'KB', 150, 'max', { structural: true });
}

/** `--only findings`: the production bundles built here (no .vsix needed), a small emulator, the findings section. */
async function onlyFindings(): Promise<void> {
  const res = await runProcess(process.execPath, [path.join(ROOT, 'esbuild.config.mjs'), '--production'], { env: childEnvBase });
  if (res.code !== 0) throw new Error(`production build failed: ${res.stderr.trim().slice(0, 800)}`);
  const emu = await startEmulatorProcess({ repositories: 0, images: 0, spreadRepositories: 1 });
  try {
    await seedFindings(emu, ACCOUNT);
    const aws = loadAwsBundle(ROOT);
    await benchFindings(emu, aws, new FloorClient(emu.url, benchEnv), ACCOUNT, benchEnv, findingsRounds, add, log, report);
  } finally {
    await emu.stop();
  }
  add('report_bundle_kb', reportBundleKb(ROOT), 'KB', 150, 'max', { structural: true });
}

const SECTIONS = ['core', 'findings', 'lifecycle', 'push', 'refs'];
const sections = argv.only?.split(',').map((x) => x.trim());
const wanted = (section: string): boolean => !sections || sections.includes(section);

async function main(): Promise<void> {
  const started = Date.now();
  for (const section of sections ?? []) {
    if (!SECTIONS.includes(section)) throw new Error(`--only: unknown section ${section} (${SECTIONS.join(', ')})`);
  }
  const m = machine();
  log(`machine: ${m.cpu}, ${m.nproc} CPUs, node ${m.node}, load average ${m.load}`);
  log(
    `mode: ${quick ? 'quick' : 'full'}; scale: ${scale.repositories} repositories, ${scale.images} images (and again over ${scale.spreadRepositories} repositories); ${runs} runs`,
  );
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
    log('warning: run with --expose-gc (npm run bench does) so each timed run starts after a full collection');
  if (wanted('core')) {
    const cli = argv['no-awscli'] ? undefined : await findAwsCli(childEnvBase);
    if (!cli && !argv['no-awscli']) {
      if (!quick) throw new Error('The AWS CLI (`aws`) was not found: install it (pip install awscli) or pass --no-awscli.');
      log('AWS CLI not found: its contenders are skipped');
    }
    // The AWS CLI v1 pages 100,000 images through 100 calls but spends tens of seconds building its output.
    const awscliRuns = Number(argv['awscli-runs'] ?? (quick ? 0 : Math.min(5, runs)));
    await everything(cli, awscliRuns);
  } else if (wanted('findings')) {
    await onlyFindings();
  }
  if (wanted('lifecycle')) await benchLifecycle();
  if (wanted('push')) await benchPush({ runs, add, log, env: childEnvBase });
  if (wanted('refs')) await benchReferences(add, log, quick);
  const seconds = (Date.now() - started) / 1000;
  const after = machine();
  process.stdout.write(
    `\nECR Explorer bench (${quick ? 'quick' : 'full'}) — ${m.cpu}, ${m.nproc} CPUs, node ${m.node}; load average before ${m.load}, after ${after.load}; ${fmt(seconds, 0)} s\n\n`,
  );
  process.stdout.write(table() + '\n');
  const results: Metric[] = rows.map(({ metric, value, unit, budget, ok }) => ({
    metric,
    value: Number(value.toFixed(3)),
    unit,
    budget,
    ok,
  }));
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const failed = rows.filter((r) => r.enforced && !r.ok);
  const notEnforced = rows.filter((r) => !r.enforced && r.budget !== null && !r.ok);
  if (notEnforced.length) process.stdout.write(`\nnot enforced in quick mode: ${notEnforced.map((r) => r.metric).join(', ')}\n`);
  if (failed.length) {
    process.stdout.write(`\nbudgets failed: ${failed.map((r) => `${r.metric} = ${valueText(r)} (budget ${budgetText(r)})`).join('; ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`\nall ${rows.filter((r) => r.enforced).length} enforced budgets met\n`);
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  })
  .finally(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
