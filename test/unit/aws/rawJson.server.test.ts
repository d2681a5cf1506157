// The raw reads of the big listings (src/aws/rawJson.ts) against the ECR emulator, with the real SDK: findings,
// image details and repositories arrive as the JSON the server sent, everything else (status, next token, other
// operations, errors and bad bodies) exactly as the SDK alone gives it, and the model built from either is the same.
import { strict as assert } from 'node:assert';
import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  paginateDescribeImageScanFindings,
  paginateDescribeImages,
  paginateDescribeRepositories,
  type DescribeImageScanFindingsCommandOutput,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { makeRegistry, toImage, toRepository } from '../../../src/aws/mapping';
import { rawJsonClient } from '../../../src/aws/rawJson';
import { normalizeScanFindings } from '../../../src/scan/normalize';
import type { FaultKind } from '../../emulator/types';
import { ecrClient, startEmulator, type EmulatorServer } from '../../servers';

describe('(unit) raw JSON reads (rawJson.ts) against the ECR emulator', function () {
  this.timeout(60000);
  let server: EmulatorServer;
  let plain: ECRClient;
  let underlying: ECRClient;
  let raw: ECRClient;
  before(async () => {
    server = await startEmulator();
    plain = ecrClient(server.url);
    underlying = ecrClient(server.url);
    raw = rawJsonClient(underlying);
    assert.equal(rawJsonClient(underlying), raw, 'one view per client');
  });
  after(async () => {
    plain?.destroy();
    underlying?.destroy();
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

  it('image details and repositories: JSON as sent, same paging, the same model once mapped', async () => {
    server.emulator.seedImages('big/images', 2300);
    const registry = makeRegistry('123456789012', { region: 'us-east-1', endpoint: server.url }, true, server.host, 'http');
    const imagesOf = async (client: ECRClient) => {
      const out: unknown[] = [];
      for await (const page of paginateDescribeImages({ client, pageSize: 1000 }, { repositoryName: 'big/images' }))
        for (const d of page.imageDetails ?? []) out.push(d);
      return out;
    };
    const reposOf = async (client: ECRClient) => {
      const out: unknown[] = [];
      for await (const page of paginateDescribeRepositories({ client, pageSize: 1000 }, {}))
        for (const r of page.repositories ?? []) out.push(r);
      return out;
    };
    server.emulator.resetCalls();
    const [rawImages, rawRepos] = [await imagesOf(raw), await reposOf(raw)];
    assert.equal(server.emulator.calls('DescribeImages'), 3);
    assert.equal(typeof (rawImages[0] as { imagePushedAt?: unknown }).imagePushedAt, 'number', 'raw JSON: epoch seconds');
    const [sdkImages, sdkRepos] = [await imagesOf(plain), await reposOf(plain)];
    assert.ok((sdkImages[0] as { imagePushedAt?: unknown }).imagePushedAt instanceof Date);
    const repos = rawRepos.map((r) => toRepository(r, registry));
    assert.ok(repos.length >= 2 && repos.every((r) => r !== undefined));
    assert.deepEqual(
      repos,
      sdkRepos.map((r) => toRepository(r, registry)),
    );
    const repo = repos.find((r) => r?.name === 'big/images')!;
    const images = rawImages.map((d) => toImage(d, repo));
    assert.equal(images.length, 2300);
    assert.ok(images.every((i) => i?.pushedAt instanceof Date));
    assert.deepEqual(
      images,
      sdkImages.map((d) => toImage(d, repo)),
    );
  });

  it('only what goes through the view is read raw: the client itself is untouched', async () => {
    const out = await raw.send(new DescribeImagesCommand({ repositoryName: 'team/api', imageIds: [{ imageTag: 'basic' }] }));
    assert.equal(typeof out.imageDetails?.[0]?.imagePushedAt, 'number', 'through the view: raw');
    const viaUnderlying = await underlying.send(new DescribeImagesCommand({ repositoryName: 'team/api' }));
    assert.equal(viaUnderlying.imageDetails?.length, 3);
    assert.ok(viaUnderlying.imageDetails?.[0]?.imagePushedAt instanceof Date);
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
