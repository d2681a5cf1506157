// Scan findings: an image with 5,000 findings read by the data layer (paginator + normalisation into the report
// model, from the shipped dist/aws.js) against the floor (the same 5 signed DescribeImageScanFindings calls with
// fetch + JSON.parse), and the size of the report page's bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Aws } from '../src/aws/load';
import type { EcrRegistry, Image } from '../src/model/types';
import type { EmulatorProcess } from './emulatorProcess';
import { paginateDescribeImageScanFindings } from '@aws-sdk/client-ecr';
import { bareSdkClient, PAGE, type BenchEnv, type FloorClient } from './listing';
import { interleave, type Contender, type ContenderResult } from './stats';

export const FINDINGS_REGION = 'ap-northeast-1';
export const FINDINGS_REPO = 'bench/findings';
const COUNTS = { CRITICAL: 60, HIGH: 640, MEDIUM: 1900, LOW: 1900, INFORMATIONAL: 500 };
export const FINDINGS_TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

type Add = (
  metric: string,
  value: number,
  unit: string,
  budget?: number | null,
  compare?: 'max' | 'min' | 'eq',
  opts?: { structural?: boolean; note?: string },
) => void;

/** Seeds two images of 5,000 findings: basic (`basic`) and enhanced (`enhanced`, Inspector's richer shape). */
export async function seedFindings(emu: EmulatorProcess, account: string): Promise<void> {
  await emu.control('seed', {
    repositories: [
      {
        accountId: account,
        region: FINDINGS_REGION,
        name: FINDINGS_REPO,
        images: [
          { tags: ['basic'], scan: { findings: COUNTS } },
          { tags: ['enhanced'], scan: { type: 'ENHANCED', status: 'ACTIVE', findings: COUNTS } },
        ],
      },
    ],
  });
}

/** The page bundle (JS + CSS) as shipped, in KiB. */
export function reportBundleKb(extRoot: string): number {
  const dir = path.join(extRoot, 'dist', 'scanReport');
  return ['scanReport.js', 'scanReport.css'].reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) / 1024;
}

export async function benchFindings(
  emu: EmulatorProcess,
  aws: Aws,
  floor: FloorClient,
  account: string,
  env: BenchEnv,
  runs: number,
  add: Add,
  log: (text: string) => void,
  report: (results: Map<string, ContenderResult>) => void,
): Promise<void> {
  const svc = new aws.EcrService({ profiles: [], regions: [FINDINGS_REGION], registryIds: [], endpoint: emu.url, env: process.env });
  const sdk = bareSdkClient(emu.url, FINDINGS_REGION, env);
  try {
    const registry = (await svc.listRegistries()).find((n): n is EcrRegistry => n.kind === 'registry');
    if (!registry) throw new Error('findings bench: no registry listed');
    const images = new Map<string, Image>();
    for await (const repos of svc.listRepositories(registry))
      for (const repo of repos.filter((r) => r.name === FINDINGS_REPO))
        for await (const page of svc.listImages(repo)) for (const img of page) images.set(img.tags[0] ?? '', img);
    const floorRead = async (digest: string): Promise<number> => {
      let n = 0;
      let nextToken: string | undefined;
      do {
        const page: { imageScanFindings?: { findings?: unknown[]; enhancedFindings?: unknown[] }; nextToken?: string } = await floor.call(
          FINDINGS_REGION,
          'DescribeImageScanFindings',
          {
            registryId: account,
            repositoryName: FINDINGS_REPO,
            imageId: { imageDigest: digest },
            maxResults: PAGE,
            ...(nextToken ? { nextToken } : {}),
          },
        );
        n += (page.imageScanFindings?.findings ?? page.imageScanFindings?.enhancedFindings ?? []).length;
        nextToken = page.nextToken;
      } while (nextToken);
      return n;
    };
    for (const shape of ['basic', 'enhanced'] as const) {
      const image = images.get(shape);
      if (!image) throw new Error(`findings bench: image ${shape} not listed`);
      const contenders: Contender[] = [
        { name: `data layer: ${shape} findings → model`, run: async () => (await svc.scans.findings(image)).findings.length },
        { name: `floor (fetch+JSON): ${shape} findings`, run: () => floorRead(image.digest) },
        {
          name: `bare SDK paginator: ${shape} findings`,
          run: async () => {
            let n = 0;
            for await (const page of paginateDescribeImageScanFindings(
              { client: sdk, pageSize: PAGE },
              { registryId: account, repositoryName: FINDINGS_REPO, imageId: { imageDigest: image.digest } },
            ))
              n += (page.imageScanFindings?.findings ?? page.imageScanFindings?.enhancedFindings ?? []).length;
            return n;
          },
        },
      ];
      await emu.resetCalls();
      const got = await contenders[0]!.run();
      const calls = (await emu.calls()).DescribeImageScanFindings ?? 0;
      await emu.resetCalls();
      if (got !== FINDINGS_TOTAL) throw new Error(`findings bench: ${got} ${shape} findings, expected ${FINDINGS_TOTAL}`);
      log(`${FINDINGS_TOTAL} ${shape} findings, ${runs} interleaved runs (data layer: ${calls} calls)`);
      const res = await interleave(contenders, runs);
      report(res);
      const dl = res.get(contenders[0]!.name)!.median;
      const fl = res.get(contenders[1]!.name)!.median;
      if (shape === 'basic') {
        add('findings_5k_calls', calls, 'calls', Math.ceil(FINDINGS_TOTAL / PAGE), 'eq', { structural: true });
        add('findings_5k_model_ms', dl, 'ms', 1.25 * fl, 'max', { note: `≤ 1.25 × the floor (${fl.toFixed(1)} ms); basic findings` });
        add('findings_5k_floor_ms', fl, 'ms');
        add('findings_5k_sdk_only_vs_floor', res.get(contenders[2]!.name)!.median / fl, 'ratio', null, 'max', {
          note: 'the SDK paginator alone: its share of the overhead',
        });
      } else {
        add('findings_5k_enhanced_vs_floor', dl / fl, 'ratio', null, 'max', {
          note: `enhanced (Inspector) shape: ${dl.toFixed(1)} ms; informational`,
        });
      }
    }
  } finally {
    svc.dispose();
    sdk.destroy();
  }
}
