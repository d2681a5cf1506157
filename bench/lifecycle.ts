// lifecycle_preview_10k_ms: "keep the last 10 images" previewed on a repository of 10,000 images at the emulator,
// through the extension's data layer (StartLifecyclePolicyPreview, then GetLifecyclePolicyPreview until every
// result is read: 9,990 results at 100 per page). The emulator runs in-process with no artificial preview delay,
// so the figure is the evaluator plus the paging.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EcrService } from '../src/aws/ecrService';
import type { EcrRegistry, Repository } from '../src/model/types';
import { Emulator } from '../test/emulator/emulator';
import { median } from './stats';

const REPO = 'bench/lifecycle';
const IMAGES = 10_000;

const keepLast10 = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Keep the last 10 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
      action: { type: 'expire' },
    },
  ],
});

/** Median milliseconds of `runs` previews, and the number of images the last one would expire. */
export async function benchLifecyclePreview(runs: number): Promise<{ medianMs: number; expiring: number }> {
  const emulator = new Emulator();
  await emulator.listen();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-bench-lifecycle-'));
  const empty = path.join(tmp, 'empty');
  fs.writeFileSync(empty, '');
  const svc = new EcrService({
    profiles: [],
    regions: ['us-east-1'],
    registryIds: [],
    endpoint: emulator.url,
    maxAttempts: 1,
    env: {
      AWS_ACCESS_KEY_ID: 'AKIABENCHLIFECYCLE00',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  try {
    emulator.seedImages(REPO, IMAGES);
    emulator.setLifecyclePreview({ delayMs: 0 });
    const registry: EcrRegistry = {
      kind: 'registry',
      type: 'ecr',
      id: `ecr:default:us-east-1:${emulator.defaultAccountId}`,
      registryId: emulator.defaultAccountId,
      source: { region: 'us-east-1', endpoint: emulator.url },
      host: emulator.url.replace(/^http:\/\//, ''),
      uri: emulator.url,
      own: true,
    };
    const repo: Repository = { kind: 'repository', parent: registry, name: REPO, uri: `${registry.host}/${REPO}` };
    // One warm-up (client creation, credential resolution, JIT), then the timed runs.
    let expiring = (await svc.policies.previewLifecyclePolicy(repo, keepLast10)).images.length;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const preview = await svc.policies.previewLifecyclePolicy(repo, keepLast10, { pollIntervalMs: 10 });
      times.push(performance.now() - started);
      expiring = preview.images.length;
    }
    return { medianMs: median(times), expiring };
  } finally {
    svc.dispose();
    await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
