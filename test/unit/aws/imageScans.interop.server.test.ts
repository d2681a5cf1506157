// INTEROP for image scanning: the same assertions against moto_server (an independent ECR emulator) and the
// project's emulator, through the real SDK and the data layer: basic findings, StartImageScan and its
// once-a-day limit, the scan waiter, the registry scanning configuration.
import { strict as assert } from 'node:assert';
import {
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  PutImageCommand,
  StartImageScanCommand,
  paginateDescribeImageScanFindings,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { EcrService, ScanProblemError } from '../../../src/aws';
import type { EcrRegistry, Image } from '../../../src/model/types';
import { normalizeScanFindings } from '../../../src/scan/normalize';
import { ecrClient, startEmulator, startMoto } from '../../servers';
import {
  localEcrService,
  makeSandbox,
  manifestFor,
  MOTO_KEYS,
  ownRegistry,
  rejection,
  withProcessEnv,
  type AwsSandbox,
} from '../helpers/awsHelpers';

interface Target {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function scanContract(name: string, start: () => Promise<Target>): void {
  describe(`(unit) INTEROP image scanning: ${name}`, function () {
    this.timeout(60000);
    let target: Target;
    let ecr: ECRClient;
    let sandbox: AwsSandbox;
    let svc: EcrService;
    const inEnv = <T>(fn: () => Promise<T>) => withProcessEnv(sandbox.env, fn);

    before(async () => {
      sandbox = makeSandbox();
      target = await start();
      ecr = ecrClient(target.endpoint);
    });
    after(async () => {
      ecr?.destroy();
      svc?.dispose();
      await target?.stop();
      sandbox?.remove();
    });
    beforeEach(async () => {
      await target.reset();
      svc?.dispose();
      svc = localEcrService(target.endpoint, { ...sandbox.env, ...MOTO_KEYS });
    });

    async function pushed(): Promise<{ image: Image; registry: EcrRegistry }> {
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api' }));
      await ecr.send(new PutImageCommand({ repositoryName: 'team/api', imageManifest: manifestFor('scan-1'), imageTag: 'v1' }));
      const registry = await ownRegistry(svc, sandbox.env);
      for await (const repos of svc.listRepositories(registry))
        for (const repo of repos)
          for await (const images of svc.listImages(repo)) {
            const image = images.find((i) => i.tags.includes('v1'));
            if (image) return { image, registry };
          }
      throw new Error('pushed image not listed');
    }

    it('an image never scanned: ScanNotFoundException (SDK) → neverScanned (data layer)', async () => {
      const { image } = await pushed();
      const raw = (await rejection(
        ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'team/api', imageId: { imageTag: 'v1' } })),
      )) as { name: string; $metadata?: { httpStatusCode?: number } };
      assert.equal(raw.name, 'ScanNotFoundException');
      assert.equal(raw.$metadata?.httpStatusCode, 400);
      const err = await rejection(inEnv(() => svc.scans.findings(image)));
      assert.ok(err instanceof ScanProblemError);
      assert.deepEqual(err.issue, { kind: 'neverScanned' });
    });

    it('StartImageScan answers IN_PROGRESS for the image; a second scan the same day is LimitExceededException', async () => {
      const { image } = await pushed();
      const out = await ecr.send(new StartImageScanCommand({ repositoryName: 'team/api', imageId: { imageTag: 'v1' } }));
      assert.equal(out.imageScanStatus?.status, 'IN_PROGRESS');
      assert.equal(out.imageId?.imageDigest, image.digest);
      assert.equal(out.repositoryName, 'team/api');
      const again = (await rejection(
        ecr.send(new StartImageScanCommand({ repositoryName: 'team/api', imageId: { imageDigest: image.digest } })),
      )) as { name: string };
      assert.equal(again.name, 'LimitExceededException');
      const err = await rejection(inEnv(() => svc.scans.start(image)));
      assert.ok(err instanceof ScanProblemError);
      assert.equal(err.issue.kind, 'scanLimit');
    });

    it('after a scan: the waiter reports COMPLETE and the basic findings normalise (id, severity, package, CVSS2 score, https link)', async () => {
      const { image } = await pushed();
      await inEnv(() => svc.scans.start(image));
      const done = await inEnv(() => svc.scans.waitForScan(image, { minDelaySeconds: 0.1, maxDelaySeconds: 0.3, maxWaitSeconds: 30 }));
      assert.equal(done.status, 'COMPLETE');
      const report = await inEnv(() => svc.scans.findings(image));
      assert.equal(report.scanType, 'BASIC');
      assert.equal(report.status, 'COMPLETE');
      assert.ok(report.findings.length > 0);
      assert.equal(
        Object.values(report.counts).reduce((a, b) => a + b, 0),
        report.findings.length,
        'findingSeverityCounts add up to the findings',
      );
      assert.ok(report.completedAt !== undefined && Math.abs(report.completedAt - Date.now()) < 10 * 60_000, 'completed just now');
      for (const f of report.findings) {
        assert.match(f.id, /^CVE-\d{4}-\d{4,}$/);
        assert.ok(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'].includes(f.severity));
        assert.equal(f.packages.length, 1);
        assert.ok(f.packages[0].name && f.packages[0].version);
        assert.equal(f.scoreSource, 'CVSS2');
        assert.ok(f.score !== undefined && f.score >= 0 && f.score <= 10);
        assert.ok(f.scoringVector?.startsWith('AV:'));
        assert.ok(f.references.length === 1 && f.references[0].startsWith('https://'));
      }
    });

    it("the data layer reads the findings JSON itself (rawJson.ts): the same report as the SDK's own deserialiser gives", async () => {
      const { image } = await pushed();
      await inEnv(() => svc.scans.start(image));
      await inEnv(() => svc.scans.waitForScan(image, { minDelaySeconds: 0.1, maxDelaySeconds: 0.3, maxWaitSeconds: 30 }));
      // `ecr` is a plain SDK client: every field goes through the SDK's schema (Dates, typed shapes).
      const pages: DescribeImageScanFindingsCommandOutput[] = [];
      for await (const page of paginateDescribeImageScanFindings(
        { client: ecr, pageSize: 1000 },
        { repositoryName: 'team/api', imageId: { imageDigest: image.digest } },
      ))
        pages.push(page);
      assert.ok(pages[0]?.imageScanFindings?.imageScanCompletedAt instanceof Date, 'the SDK gives Dates');
      const viaSdk = normalizeScanFindings(pages);
      const viaDataLayer = await inEnv(() => svc.scans.findings(image));
      assert.ok(viaSdk.findings.length > 0 && viaSdk.completedAt !== undefined);
      assert.deepEqual(viaDataLayer, viaSdk);
    });

    it('GetRegistryScanningConfiguration: BASIC without rules by default', async () => {
      const { registry } = await pushed();
      assert.deepEqual(await inEnv(() => svc.scans.registryScanning(registry)), { scanType: 'BASIC', rules: [] });
    });
  });
}

scanContract('moto_server', async () => {
  const moto = await startMoto();
  return { endpoint: moto.url, reset: () => moto.reset(), stop: () => moto.stop() };
});

scanContract('ECR emulator', async () => {
  const emu = await startEmulator({ scans: { durationMs: 300 } });
  return { endpoint: emu.url, reset: async () => emu.emulator.reset(), stop: () => emu.stop() };
});
