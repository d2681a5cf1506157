// Big repositories: the tree's repository-images state (src/tree/repositoryImages.ts) over the shipped data layer,
// sorting every image of a repository once its pages are loaded, against the bare fetch floor listing the same
// pages. Also the heap of the sorted model and the calls a picker needs to find a tag that is not loaded yet.
import type { Aws } from '../src/aws/load';
import type { Image, Repository } from '../src/model/types';
import { RepositoryImages } from '../src/tree/repositoryImages';
import type { EmulatorProcess } from './emulatorProcess';
import type { FloorClient } from './listing';
import { interleave, type Contender } from './stats';

type EcrService = InstanceType<Aws['EcrService']>;

export interface SortedBenchDeps {
  aws: Aws;
  svc: EcrService;
  floor: FloorClient;
  emu: EmulatorProcess;
  repo: Repository;
  region: string;
  account: string;
  images: number;
  label: string;
  runs: number;
  add(
    metric: string,
    value: number,
    unit: string,
    budget: number | null,
    compare: 'max' | 'eq',
    opts?: { structural?: boolean; note?: string },
  ): void;
  log(text: string): void;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The tree's state for one repository, with no cap below the repository's size. */
function model(deps: SortedBenchDeps, onPage: () => void = () => undefined): RepositoryImages {
  return new RepositoryImages({
    source: (signal) =>
      (async function* () {
        for await (const page of deps.svc.listImages(deps.repo, { signal })) {
          onPage();
          yield page;
        }
      })(),
    onSettled: () => undefined,
    rowsOf: (images: Image[]) => deps.aws.imagesToTags(deps.aws.sortImages(images, 'pushedAt'), 'pushedAt'),
    sortBy: () => 'pushedAt',
    cap: Number.POSITIVE_INFINITY,
  });
}

/** Loads every page, then sorts the rows once: what the tree shows when the background load ends. */
async function sortedRows(deps: SortedBenchDeps): Promise<number> {
  const images = model(deps);
  await images.start();
  await images.settled();
  return images.tagRows().tagged.length;
}

export async function benchSortedListing(deps: SortedBenchDeps): Promise<void> {
  const { label: L, add } = deps;
  const want = Math.ceil(deps.images / 1000);

  // Calls before the first rows exist, and calls until the sorted listing is complete.
  await deps.emu.resetCalls();
  let pages = 0;
  const images = model(deps, () => pages++);
  await images.start();
  const pagesAtFirstRows = pages;
  const firstRows = images.tagRows();
  if (!firstRows.provisional || firstRows.tagged.length === 0) throw new Error('the first rows are not provisional');
  await images.settled();
  const rows = images.tagRows().tagged;
  const calls = (await deps.emu.calls()).DescribeImages ?? 0;
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1].image.pushedAt?.getTime() ?? 0) < (rows[i].image.pushedAt?.getTime() ?? 0))
      throw new Error(`row ${i} is newer than row ${i - 1}`);
  }
  add(`sorted_${L}_first_rows_calls`, pagesAtFirstRows, 'calls', 1, 'eq', {
    structural: true,
    note: 'pages received when the first rows show',
  });
  add(`sorted_${L}_complete_calls`, calls, 'calls', want, 'eq', { structural: true });

  // Time until the fully sorted rows are ready vs the floor listing the same pages.
  const contenders: Contender[] = [
    { name: 'tree model: sorted rows', run: () => sortedRows(deps) },
    {
      name: 'floor (fetch+JSON): images',
      run: async () => (await deps.floor.listImages(deps.region, deps.account, deps.repo.name)).length,
    },
  ];
  const results = await interleave(contenders, deps.runs);
  const ours = results.get('tree model: sorted rows')!.median;
  const floor = results.get('floor (fetch+JSON): images')!.median;
  deps.log(`  sorted rows ${ours.toFixed(0)} ms, floor ${floor.toFixed(0)} ms`);
  add(`sorted_${L}_complete_vs_floor`, ours / floor, 'ratio', 1.3, 'max', { note: `${ours.toFixed(0)} ms vs ${floor.toFixed(0)} ms` });

  // Heap of the model holding every image and its sorted rows.
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = model(deps);
  await held.start();
  await held.settled();
  held.tagRows();
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
  add(`sorted_${L}_heap_mb`, heapMb, 'MiB', 80, 'max', { note: `${held.list.items.length} images with sorted rows` });

  // A picker finding a tag that is not loaded yet: one DescribeImages call by image id.
  const picker = model(deps);
  await picker.start();
  picker.cancel();
  const lastTag = `build-${deps.images - 1}`;
  if (picker.loadedTag(lastTag)) throw new Error(`${lastTag} is on the first page: the lookup would cost nothing`);
  await deps.emu.resetCalls();
  const found = await deps.svc.findImageByTag(deps.repo, lastTag);
  if (!found?.tags.includes(lastTag)) throw new Error(`${lastTag} was not found`);
  add(`find_tag_${L}_calls`, (await deps.emu.calls()).DescribeImages ?? 0, 'calls', 1, 'max', { structural: true });
}
