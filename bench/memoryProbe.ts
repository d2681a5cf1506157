// Child process of the bench (bundled by esbuild, run with `node --expose-gc`): heap held by the model once it
// holds every image of one repository as the data layer produces them (Image objects) plus the tree's Tag rows.
//   node --expose-gc memoryProbe.js <repo root> <endpoint> <region> <repository>
import Module from 'node:module';
import * as path from 'node:path';
import type { Aws } from '../src/aws/load';
import type { Image, Tag } from '../src/model/types';

export interface MemorySample {
  images: number;
  tags: number;
  /** Heap used after gc with the SDK loaded and the registry known, before listing. */
  baselineMb: number;
  /** Heap used after gc while the model holds the images and tag rows. */
  heldMb: number;
  /** heldMb - baselineMb: what the model costs. */
  modelMb: number;
}

const MB = 1024 * 1024;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// Kept reachable until the last measurement.
const held: { images?: Image[]; tags?: Tag[] } = {};

async function main(): Promise<void> {
  const [rootArg, endpoint, region, repository] = process.argv.slice(2);
  if (!rootArg || !endpoint || !region || !repository) throw new Error('usage: memoryProbe <root> <endpoint> <region> <repository>');
  const root = path.resolve(rootArg);
  const aws = Module.createRequire(path.join(root, 'package.json'))(path.join(root, 'dist', 'aws.js')) as Aws;
  const svc = new aws.EcrService({
    // The bench runs this probe with dummy keys and empty shared files in its environment.
    profiles: [],
    regions: [region],
    registryIds: [],
    endpoint,
    env: process.env,
  });
  const registry = (await svc.listRegistries()).find((r) => r.kind === 'registry');
  if (!registry || registry.kind !== 'registry') throw new Error('no registry listed');
  let repo;
  for await (const page of svc.listRepositories(registry)) repo ??= page.find((r) => r.name === repository);
  if (!repo) throw new Error(`repository ${repository} not found`);
  const baseline = heapAfterGc();
  const images: Image[] = [];
  for await (const page of svc.listImages(repo)) for (const i of page) images.push(i);
  held.images = images;
  held.tags = aws.imagesToTags(images);
  const after = heapAfterGc();
  const sample: MemorySample = {
    images: held.images.length,
    tags: held.tags.length,
    baselineMb: baseline / MB,
    heldMb: after / MB,
    modelMb: (after - baseline) / MB,
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
  svc.dispose();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`memory probe: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
