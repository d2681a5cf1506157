// Image scanning through the data layer against the project's ECR emulator: all pages of findings in
// ceil(N/1000) calls, both finding shapes, the scan lifecycle with the SDK's waiter, and every scan error.
import { strict as assert } from 'node:assert';
import { EcrService, ProblemError, ScanProblemError, SCAN_INTERVAL_MS } from '../../../src/aws';
import type { EcrRegistry, Image } from '../../../src/model/types';
import { startEmulator, type EmulatorServer } from '../../servers';
import type { ImageSeed } from '../../emulator/types';
import {
  EMULATOR_KEYS,
  localEcrService,
  makeSandbox,
  ownRegistry,
  rejection,
  withProcessEnv,
  type AwsSandbox,
} from '../helpers/awsHelpers';

const HOUR = 3_600_000;

describe('(unit) image scans against the ECR emulator', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let sandbox: AwsSandbox;
  let svc: EcrService;
  const inEnv = <T>(fn: () => Promise<T>) => withProcessEnv(sandbox.env, fn);
  const calls = (op: string) => server.emulator.calls(op) as number;

  before(async () => {
    sandbox = makeSandbox();
    server = await startEmulator({ scans: { durationMs: 400 } });
  });
  after(async () => {
    svc?.dispose();
    await server?.stop();
    sandbox?.remove();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.setScanBehaviour({ durationMs: 400 });
    svc?.dispose();
    svc = localEcrService(server.url, { ...sandbox.env, ...EMULATOR_KEYS }, { requestTimeoutMs: 10_000 });
  });

  const registry = (): Promise<EcrRegistry> => ownRegistry(svc, sandbox.env);

  /** Seeds one repository and returns its images as the data layer lists them, by first tag. */
  async function seed(name: string, images: ImageSeed[]): Promise<Map<string, Image>> {
    server.emulator.seed({ repositories: [{ name, images }] });
    const reg = await registry();
    const out = new Map<string, Image>();
    for await (const page of svc.listRepositories(reg)) {
      const repo = page.find((r) => r.name === name);
      if (!repo) continue;
      for await (const imgs of svc.listImages(repo)) for (const i of imgs) out.set(i.tags[0] ?? i.digest, i);
    }
    return out;
  }

  async function scanError(p: Promise<unknown>): Promise<ScanProblemError> {
    const err = await rejection(p);
    assert.ok(err instanceof ScanProblemError, `expected a ScanProblemError, got ${String(err)}`);
    return err;
  }

  it('reads 5,000 basic findings in exactly 5 calls, normalised, worst first, counts as the server summarised them', async () => {
    const counts = { CRITICAL: 60, HIGH: 640, MEDIUM: 1900, LOW: 1900, INFORMATIONAL: 500 };
    const img = (await seed('team/legacy', [{ tags: ['5.4.0'], pushedAt: Date.now() - 40 * 24 * HOUR, scan: { findings: counts } }])).get(
      '5.4.0',
    )!;
    server.emulator.resetCalls();
    const report = await inEnv(() => svc.scans.findings(img));
    assert.equal(calls('DescribeImageScanFindings'), 5);
    assert.equal(report.findings.length, 5000);
    assert.deepEqual(report.counts, counts);
    assert.equal(report.scanType, 'BASIC');
    assert.equal(report.status, 'COMPLETE');
    assert.ok(report.completedAt && report.vulnerabilitySourceUpdatedAt && report.vulnerabilitySourceUpdatedAt < report.completedAt);
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];
    for (let i = 1; i < report.findings.length; i++) {
      assert.ok(order.indexOf(report.findings[i - 1].severity) <= order.indexOf(report.findings[i].severity), `order at ${i}`);
    }
    const f = report.findings[0];
    assert.match(f.id, /^CVE-\d{4}-\d{5}$/);
    assert.equal(f.severity, 'CRITICAL');
    assert.equal(f.packages.length, 1);
    assert.ok(f.packages[0].name && f.packages[0].version);
    assert.equal(f.scoreSource, 'CVSS2');
    assert.equal(f.score, 9.8);
    assert.match(f.references[0], /^https:\/\/security-tracker\.debian\.org\/tracker\/CVE-/);
  });

  it('normalises enhanced (Inspector) findings: title, fixed-in versions, remediation, exploit, observed times', async () => {
    const img = (
      await seed('team/enhanced', [
        { tags: ['v1'], scan: { type: 'ENHANCED', status: 'ACTIVE', findings: { CRITICAL: 2, HIGH: 3, MEDIUM: 1400, UNDEFINED: 1 } } },
      ])
    ).get('v1')!;
    server.emulator.resetCalls();
    const report = await inEnv(() => svc.scans.findings(img));
    assert.equal(calls('DescribeImageScanFindings'), 2);
    assert.equal(report.scanType, 'ENHANCED');
    assert.equal(report.status, 'ACTIVE');
    assert.equal(report.findings.length, 1406);
    const critical = report.findings.filter((f) => f.severity === 'CRITICAL');
    assert.equal(critical.length, 2);
    const f = critical[0];
    assert.match(f.title ?? '', /^CVE-\d{4}-\d{5} - /);
    assert.equal(f.scoreSource, 'INSPECTOR');
    assert.equal(f.status, 'ACTIVE');
    assert.ok(f.firstObservedAt && f.lastObservedAt && f.firstObservedAt < f.lastObservedAt);
    assert.ok(f.references.some((r) => r.startsWith('https://nvd.nist.gov/vuln/detail/')));
    const withFix = report.findings.find((x) => x.fixAvailable === 'YES');
    const withoutFix = report.findings.find((x) => x.fixAvailable === 'NO');
    assert.ok(withFix?.packages[0].fixedIn, 'a fixed-in version');
    assert.match(withFix.remediation ?? '', /^Upgrade /);
    assert.ok(withoutFix, 'a finding without a fix');
    assert.equal(withoutFix.packages[0].fixedIn, undefined, '"NotAvailable" is not a version');
    assert.ok(report.findings.some((x) => x.exploitAvailable === 'YES'));
    assert.match(f.description ?? '', /\n\n/, 'paragraphs survive');
  });

  it('an image never scanned is ScanNotFoundException → neverScanned; a missing image stays a general problem', async () => {
    const imgs = await seed('team/plain', [{ tags: ['v1'] }, { tags: ['gone'] }]);
    const err = await scanError(inEnv(() => svc.scans.findings(imgs.get('v1')!)));
    assert.deepEqual(err.issue, { kind: 'neverScanned' });
    assert.equal(err.detail.id, 'scan.neverScanned');
    assert.deepEqual(err.detail.args, ['team/plain:v1']);
    assert.equal(err.problem.code, 'notFound');
    server.emulator.reset();
    const gone = await rejection(inEnv(() => svc.scans.findings(imgs.get('gone')!)));
    assert.ok(gone instanceof ProblemError && !(gone instanceof ScanProblemError));
    assert.equal(gone.problem.code, 'notFound');
  });

  it('Scan Now: StartImageScan → IN_PROGRESS, the waiter sees it through to COMPLETE, then the 24-hour limit says when', async () => {
    const img = (await seed('team/scan', [{ tags: ['v1'] }])).get('v1')!;
    assert.equal(img.scan, undefined);
    const started = await inEnv(() => svc.scans.start(img));
    assert.equal(started.status, 'IN_PROGRESS');
    const seen: string[] = [];
    const done = await inEnv(() =>
      svc.scans.waitForScan(img, {
        minDelaySeconds: 0.1,
        maxDelaySeconds: 0.2,
        maxWaitSeconds: 20,
        onStatus: (s) => seen.push(s.status ?? '?'),
      }),
    );
    assert.equal(done.status, 'COMPLETE');
    assert.equal(seen[0], 'IN_PROGRESS');
    assert.equal(seen[seen.length - 1], 'COMPLETE');
    const report = await inEnv(() => svc.scans.findings(img));
    assert.ok(report.findings.length > 0);
    // The tree's row updates from DescribeImages: status, counts and the scan time.
    const reg = await registry();
    let listed: Image | undefined;
    for await (const page of svc.listRepositories(reg))
      for (const repo of page.filter((r) => r.name === 'team/scan'))
        for await (const imgs of svc.listImages(repo)) listed = imgs.find((i) => i.digest === img.digest);
    assert.equal(listed?.scan?.status, 'COMPLETE');
    assert.equal(
      Object.values(listed?.scan?.counts ?? {}).reduce((a, b) => a + b, 0),
      report.findings.length,
    );
    assert.equal(listed?.scan?.completedAt?.getTime(), report.completedAt);
    const limit = await scanError(inEnv(() => svc.scans.start(img)));
    assert.equal(limit.issue.kind, 'scanLimit');
    assert.equal(limit.issue.kind === 'scanLimit' && limit.issue.retryAt, (report.completedAt ?? 0) + SCAN_INTERVAL_MS);
    assert.equal(limit.detail.id, 'scan.limit');
    assert.equal(limit.detail.args[1], new Date((report.completedAt ?? 0) + SCAN_INTERVAL_MS).toISOString());
  });

  it('a scan that ends FAILED or UNSUPPORTED_IMAGE ends the wait with that outcome', async () => {
    const imgs = await seed('team/bad', [{ tags: ['a'] }, { tags: ['b'] }]);
    server.emulator.setScanBehaviour({ durationMs: 200, outcome: 'FAILED' });
    await inEnv(() => svc.scans.start(imgs.get('a')!));
    const failed = await scanError(inEnv(() => svc.scans.waitForScan(imgs.get('a')!, { minDelaySeconds: 0.1, maxDelaySeconds: 0.2 })));
    assert.deepEqual(failed.issue, { kind: 'scanFailed', status: 'FAILED' });
    assert.equal(failed.detail.id, 'scan.failed');
    server.emulator.setScanBehaviour({ durationMs: 200, outcome: 'UNSUPPORTED_IMAGE' });
    await inEnv(() => svc.scans.start(imgs.get('b')!));
    const unsupported = await scanError(inEnv(() => svc.scans.waitForScan(imgs.get('b')!, { minDelaySeconds: 0.1, maxDelaySeconds: 0.2 })));
    assert.deepEqual(unsupported.issue, { kind: 'unsupportedImage' });
  });

  it('a non-transient error while waiting ends the wait at once (the SDK waiter alone would poll until its timeout)', async () => {
    const img = (await seed('team/denied', [{ tags: ['v1'] }])).get('v1')!;
    server.emulator.setScanBehaviour({ durationMs: 60_000 });
    await inEnv(() => svc.scans.start(img));
    server.emulator.fault({ operation: 'DescribeImageScanFindings', kind: 'accessDenied', times: 1 });
    const err = await rejection(
      inEnv(() => svc.scans.waitForScan(img, { minDelaySeconds: 0.1, maxDelaySeconds: 0.2, maxWaitSeconds: 600 })),
    );
    assert.ok(err instanceof ProblemError);
    assert.equal(err.problem.code, 'accessDenied');
    assert.equal(err.problem.iamAction, 'ecr:DescribeImageScanFindings');
  });

  it('waiting is cancellable, and gives up after maxWaitSeconds with waitTimeout', async () => {
    const img = (await seed('team/slow', [{ tags: ['v1'] }])).get('v1')!;
    server.emulator.setScanBehaviour({ durationMs: 600_000 });
    await inEnv(() => svc.scans.start(img));
    const ac = new AbortController();
    const waiting = inEnv(() => svc.scans.waitForScan(img, { signal: ac.signal, minDelaySeconds: 0.1, maxDelaySeconds: 0.2 }));
    setTimeout(() => ac.abort(), 300);
    const cancelled = await rejection(waiting);
    assert.ok(cancelled instanceof ProblemError);
    assert.equal(cancelled.problem.code, 'cancelled');
    const timeout = await scanError(
      inEnv(() => svc.scans.waitForScan(img, { minDelaySeconds: 0.1, maxDelaySeconds: 0.2, maxWaitSeconds: 1 })),
    );
    assert.deepEqual(timeout.issue, { kind: 'waitTimeout' });
  });

  it('manual scans: refused in an enhanced registry, unsupported for an image index', async () => {
    const imgs = await seed('team/multi', [{ tags: ['multi'], platforms: [{ os: 'linux', architecture: 'amd64' }] }, { tags: ['single'] }]);
    const index = await scanError(inEnv(() => svc.scans.start(imgs.get('multi')!)));
    assert.deepEqual(index.issue, { kind: 'unsupportedImage' });
    server.emulator.setRegistryScanning({ scanType: 'ENHANCED' });
    const enhanced = await scanError(inEnv(() => svc.scans.start(imgs.get('single')!)));
    assert.deepEqual(enhanced.issue, { kind: 'manualScanUnavailable' });
    assert.equal(enhanced.detail.id, 'scan.manualUnavailable');
  });

  it('GetRegistryScanningConfiguration: BASIC by default; ENHANCED with its rules', async () => {
    const reg = await registry();
    assert.deepEqual(await inEnv(() => svc.scans.registryScanning(reg)), { scanType: 'BASIC', rules: [] });
    server.emulator.setRegistryScanning({
      scanType: 'ENHANCED',
      rules: [
        { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'prod-*', filterType: 'WILDCARD' }] },
        { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
      ],
    });
    assert.deepEqual(await inEnv(() => svc.scans.registryScanning(reg)), {
      scanType: 'ENHANCED',
      rules: [
        { frequency: 'CONTINUOUS_SCAN', filters: ['prod-*'] },
        { frequency: 'SCAN_ON_PUSH', filters: ['*'] },
      ],
    });
    server.emulator.fault({ operation: 'GetRegistryScanningConfiguration', kind: 'accessDenied', times: 1 });
    const denied = await rejection(inEnv(() => svc.scans.registryScanning(reg)));
    assert.ok(denied instanceof ProblemError);
    assert.equal(denied.problem.iamAction, 'ecr:GetRegistryScanningConfiguration');
  });

  it('hostile finding text arrives sanitised; only https: links survive', async () => {
    const img = (
      await seed('team/hostile', [
        {
          tags: ['evil'],
          scan: {
            details: [
              {
                name: "=cmd|' /C calc'!A0",
                description: 'line1\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\nline2 \u202e<img src=x onerror=alert(1)>',
                uri: 'javascript:alert(1)',
                severity: 'HIGH',
                attributes: [
                  { key: 'package_name', value: '[x](command:workbench.action.terminal.new)' },
                  { key: 'package_version', value: '$(alert) 1.0' },
                  { key: 'CVSS2_SCORE', value: 'NaN' },
                ],
              },
              { name: 'CVE-2024-0001', uri: 'https://user:pw@example.com/x', severity: 'bogus' },
              { uri: 'http://insecure.example/CVE', severity: 'LOW', attributes: 'not a list' },
            ],
          },
        },
      ])
    ).get('evil')!;
    const report = await inEnv(() => svc.scans.findings(img));
    assert.equal(report.findings.length, 3);
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const evil = byId.get("=cmd|' /C calc'!A0");
    assert.ok(evil);
    assert.equal(evil.description, 'line1click\nline2 <img src=x onerror=alert(1)>');
    assert.deepEqual(evil.references, []);
    assert.equal(evil.score, undefined);
    assert.equal(evil.packages[0].name, '[x](command:workbench.action.terminal.new)', 'kept as text; the UI renders it inert');
    const odd = byId.get('CVE-2024-0001');
    assert.equal(odd?.severity, 'UNDEFINED');
    assert.deepEqual(odd?.references, [], 'credentials in a URL');
    assert.deepEqual(byId.get('UNKNOWN')?.references, [], 'http: is not https:');
    assert.deepEqual(report.counts, { HIGH: 1, UNDEFINED: 1, LOW: 1 });
  });

  it('a server repeating its page token stops the listing with badResponse', async () => {
    const img = (await seed('team/loop', [{ tags: ['v1'], scan: { findings: { LOW: 2500 } } }])).get('v1')!;
    server.emulator.fault({ operation: 'DescribeImageScanFindings', kind: 'repeatNextToken' });
    const err = await rejection(inEnv(() => svc.scans.findings(img)));
    assert.ok(err instanceof ProblemError, String(err));
    assert.equal(err.problem.code, 'badResponse');
    assert.ok((server.emulator.calls('DescribeImageScanFindings') as number) <= 4);
  });
});
