// The raw read of DescribeImageScanFindings (src/aws/rawFindings.ts) against the ECR emulator, with the real SDK:
// findings arrive as the JSON the server sent, everything else (status, next token, other operations, errors and
// bad bodies) exactly as the SDK alone gives it.
import { strict as assert } from 'node:assert';
import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  paginateDescribeImageScanFindings,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { readFindingsRaw } from '../../../src/aws/rawFindings';
import { normalizeScanFindings } from '../../../src/scan/normalize';
import type { FaultKind } from '../../emulator/types';
import { ecrClient, startEmulator, type EmulatorServer } from '../../servers';

describe('(unit) raw findings read (rawFindings.ts) against the ECR emulator', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let plain: ECRClient;
  let raw: ECRClient;
  before(async () => {
    server = await startEmulator();
    plain = ecrClient(server.url);
    raw = ecrClient(server.url);
    readFindingsRaw(raw);
    readFindingsRaw(raw); // installing twice is harmless
  });
  after(async () => {
    plain?.destroy();
    raw?.destroy();
    await server?.stop();
  });
  beforeEach(() => {
    server.emulator.reset();
    server.emulator.seed({
      repositories: [
        {
          name: 'team/api',
          images: [
            { tags: ['basic'], scan: { findings: { CRITICAL: 3, HIGH: 700, LOW: 800 } } },
            { tags: ['enhanced'], scan: { type: 'ENHANCED', status: 'ACTIVE', findings: { CRITICAL: 2, MEDIUM: 1100, UNDEFINED: 1 } } },
            { tags: ['plain'] },
          ],
        },
      ],
    });
  });

  const input = (tag: string) => ({ repositoryName: 'team/api', imageId: { imageTag: tag } });

  async function pages(client: ECRClient, tag: string): Promise<DescribeImageScanFindingsCommandOutput[]> {
    const out: DescribeImageScanFindingsCommandOutput[] = [];
    for await (const page of paginateDescribeImageScanFindings({ client, pageSize: 1000 }, input(tag))) out.push(page);
    return out;
  }

  for (const tag of ['basic', 'enhanced']) {
    it(`${tag} findings: the JSON as sent (epoch seconds), same pages and tokens, the same report once normalised`, async () => {
      const viaSdk = await pages(plain, tag);
      server.emulator.resetCalls();
      const viaRaw = await pages(raw, tag);
      assert.equal(server.emulator.calls('DescribeImageScanFindings'), 2, 'paging unchanged: 2 pages');
      assert.equal(viaRaw.length, viaSdk.length);
      const [first] = viaRaw;
      const body = first.imageScanFindings as unknown as Record<string, unknown>;
      assert.equal(typeof body.imageScanCompletedAt, 'number', 'raw JSON: epoch seconds');
      assert.ok(viaSdk[0].imageScanFindings?.imageScanCompletedAt instanceof Date, 'the SDK alone: a Date');
      // The rest of each page is the SDK's own reading.
      for (let i = 0; i < viaRaw.length; i++) {
        assert.equal(viaRaw[i].nextToken, viaSdk[i].nextToken);
        assert.deepEqual(viaRaw[i].imageScanStatus, viaSdk[i].imageScanStatus);
        assert.equal(viaRaw[i].repositoryName, 'team/api');
        assert.equal(viaRaw[i].$metadata.httpStatusCode, 200);
      }
      const report = normalizeScanFindings(viaRaw);
      assert.ok(report.findings.length > 1000);
      assert.deepEqual(report, normalizeScanFindings(viaSdk));
    });
  }

  it('other operations are untouched', async () => {
    const out = await raw.send(new DescribeImagesCommand({ repositoryName: 'team/api' }));
    assert.equal(out.imageDetails?.length, 3);
    assert.ok(out.imageDetails?.[0]?.imagePushedAt instanceof Date);
  });

  it("errors are the SDK's: ScanNotFoundException for an image never scanned", async () => {
    const [a, b] = await Promise.all([failure(plain, 'plain'), failure(raw, 'plain')]);
    assert.equal(b.name, 'ScanNotFoundException');
    assert.deepEqual(b, a);
  });

  for (const kind of ['malformedJson', 'truncated', 'html502', 'serverError'] as FaultKind[]) {
    it(`a ${kind} answer fails as it does without the raw read`, async () => {
      server.emulator.fault({ operation: 'DescribeImageScanFindings', kind, times: 1 });
      const a = await failure(plain, 'basic');
      server.emulator.fault({ operation: 'DescribeImageScanFindings', kind, times: 1 });
      const b = await failure(raw, 'basic');
      assert.ok(a.name !== '' && a.name !== 'AssertionError', `the SDK alone fails: ${a.name}`);
      assert.deepEqual(b, a);
    });
  }

  it('members the output does not have are dropped, as the SDK drops them (a 1 MB padding here)', async () => {
    server.emulator.fault({ operation: 'DescribeImageScanFindings', kind: 'huge', bytes: 1_000_000 });
    const viaRaw = await pages(raw, 'basic');
    const viaSdk = await pages(plain, 'basic');
    assert.equal(viaRaw.length, 2);
    assert.ok(!('padding' in viaRaw[0]) && !('padding' in viaSdk[0]));
    assert.deepEqual(normalizeScanFindings(viaRaw), normalizeScanFindings(viaSdk));
  });

  /** The failure of one call, reduced to what the error classification reads. */
  async function failure(client: ECRClient, tag: string): Promise<{ name: string; status?: number; code?: string }> {
    try {
      await client.send(new DescribeImageScanFindingsCommand(input(tag)));
    } catch (err) {
      const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
      return {
        name: String(e.name),
        ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}),
        ...(e.code !== undefined ? { code: e.code } : {}),
      };
    }
    assert.fail('expected the call to fail');
  }
});
