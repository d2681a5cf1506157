// Budgets of the image references feature (`refs_*`): scanning a 1,000-line multi-document Kubernetes manifest with
// 100 references, the ECR calls that resolve 100 references to 10 repositories in 3 registries (counted at the
// emulator, every operation; DescribeImages with imageIds), the listing calls read in the background after those
// problems are shown (newer tags: one per repository referenced with a version-like tag), and a hover whose data is
// cached (scan cache + cached resolution with the repository's versions + Markdown).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EcrImageLookup, EcrService } from '../src/aws';
import { debugText } from '../src/model/message';
import { BackgroundVersions } from '../src/references/backgroundVersions';
import { hoverContent } from '../src/references/hoverContent';
import { referenceAt } from '../src/references/imageReference';
import { ReferenceIndex } from '../src/references/referenceIndex';
import { ReferenceResolver } from '../src/references/resolution';
import { hasVersionTag, planBatches } from '../src/references/batches';
import { scanReferences } from '../src/references/scanner';
import { corpusSeed, kubernetesCorpus } from '../test/fixtures/references/corpus';
import { startEmulator } from '../test/servers';
import { median } from './stats';

export type AddMetric = (
  metric: string,
  value: number,
  unit: string,
  budget: number | null,
  compare?: 'max' | 'min' | 'eq',
  opts?: { structural?: boolean; note?: string },
) => void;

function timeMedian(runs: number, warmup: number, fn: () => void): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

export async function benchReferences(add: AddMetric, log: (text: string) => void, quick: boolean): Promise<void> {
  const text = kubernetesCorpus(100, 10);
  const lines = text.split('\n').length - 1;
  const scanned = scanReferences(text, 'yaml');
  if (scanned.references.length !== 100) throw new Error(`refs corpus: expected 100 references, found ${scanned.references.length}`);
  const runs = quick ? 20 : 101;
  const cpuBefore = process.cpuUsage();
  const scanMs = timeMedian(runs, quick ? 20 : 200, () => {
    scanReferences(text, 'yaml');
  });
  // CPU time per scan (warm-up included) says how much of the wall time was the scan when the machine is shared.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / (runs + (quick ? 20 : 200));
  const note = `${lines} lines, 100 references; ${cpuMs.toFixed(2)} ms CPU per scan`;
  log(`refs: scan median ${scanMs.toFixed(2)} ms wall (${note})`);
  add('refs_scan_1k_lines_ms', scanMs, 'ms', 5, 'max', { note });

  log('refs: resolving 100 references against the emulator');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecrx-bench-refs-'));
  const empty = path.join(home, 'empty');
  fs.writeFileSync(empty, '');
  const server = await startEmulator();
  const service = new EcrService({
    profiles: [],
    regions: [],
    registryIds: [],
    endpoint: server.url,
    maxAttempts: 1,
    env: {
      HOME: home,
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'AKIABENCHREFS0000000',
      AWS_SECRET_ACCESS_KEY: 'bench',
    },
  });
  try {
    // The budget's case: every reference exists (tags 1.0.0 … 1.9.0), one DescribeImages imageIds call per repository.
    server.emulator.seed({ repositories: corpusSeed(10, 10) });
    server.emulator.resetCalls();
    const resolver = new ReferenceResolver(new EcrImageLookup(service));
    await resolver.resolve(scanned.references);
    const calls = Object.values(server.emulator.calls()).reduce((a, b) => a + b, 0);
    const repositories = planBatches(scanned.references).length;
    // What the extension does next, once those problems are shown: the background listing of every repository
    // referenced with a version-like tag (the newer-tag problems), one at a time, counted on its own.
    server.emulator.resetCalls();
    const listingFailures: string[] = [];
    const background = new BackgroundVersions(resolver, {
      enabled: () => true,
      onFailure: (repo, problem, err) => listingFailures.push(`${repo.repository}: ${problem?.code ?? String(err)}`),
    });
    background.enqueue(scanned.references);
    await background.idle();
    if (listingFailures.length) throw new Error(`refs: background listings failed: ${listingFailures.join('; ')}`);
    const versionsCalls = Object.values(server.emulator.calls()).reduce((a, b) => a + b, 0);
    const versionRepositories = planBatches(scanned.references.filter(hasVersionTag)).length;
    // Beside it: one missing tag per repository. DescribeImages fails the whole call on a missing id (naming it), so
    // each such repository costs one more call.
    server.emulator.reset();
    server.emulator.seed({ repositories: corpusSeed(10, 9) });
    const missingResolver = new ReferenceResolver(new EcrImageLookup(service));
    await missingResolver.resolve(scanned.references);
    const withMissing = Object.values(server.emulator.calls()).reduce((a, b) => a + b, 0);
    server.emulator.reset();
    server.emulator.seed({ repositories: corpusSeed(10, 10) });
    add('refs_resolve_100_calls', calls, 'calls', repositories, 'max', {
      structural: true,
      note: `${repositories} repositories in 3 registries, all tags present; ${withMissing} calls when one tag per repository is missing`,
    });
    log(`refs: ${calls} calls; ${withMissing} with one missing tag per repository`);
    add('refs_versions_calls', versionsCalls, 'calls', versionRepositories, 'max', {
      structural: true,
      note: `after the problems are shown: one DescribeImages listing per repository referenced with a version-like tag (${versionRepositories}, ≤ 1000 images each), one at a time; not part of refs_resolve_100_calls`,
    });
    log(`refs: ${versionsCalls} background listing calls for ${versionRepositories} repositories with version-like tags`);

    // A hover on the 50th reference with everything cached: the document's scan, the resolution, the Markdown.
    const index = new ReferenceIndex();
    const doc = { key: 'file:///bench/deploy.yaml', fileName: '/bench/deploy.yaml', version: 1, getText: () => text };
    const target = index.get(doc).references[49]!;
    const position = { line: target.range.start.line, character: target.range.start.character + 5 };
    // The repository's listing (newest tag, newer tag in the line) was read in the background above.
    const cached = resolver.peek(target);
    if (cached?.state !== 'resolved' || !cached.versionsKnown) throw new Error('refs: the hover target was not resolved');
    const now = Date.now();
    const hoverMs = timeMedian(quick ? 50 : 1001, quick ? 50 : 500, () => {
      const ref = referenceAt(index.get(doc).references, position)!;
      hoverContent({
        ref,
        resolution: resolver.peek(ref),
        now,
        lang: 'en',
        render: debugText,
        commands: {
          reveal: 'ecrExplorer.revealImageReference',
          copyPinned: 'ecrExplorer.copyPinnedReference',
          showFindings: 'ecrExplorer.showVulnerabilities',
        },
      });
    });
    add('refs_hover_cached_ms', hoverMs, 'ms', 2, 'max');
  } finally {
    service.dispose();
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
