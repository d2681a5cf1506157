// The few ECR write operations the tree offers [pure]: deleting images (in batches), creating and deleting
// repositories, with failures turned into problems.
import { BatchDeleteImageCommand, CreateRepositoryCommand, DeleteRepositoryCommand } from '@aws-sdk/client-ecr';
import type { EcrRegistry, Repository } from '../model/types';
import { sanitizeText } from '../model/sanitize';
import { badResponseError, type CallOptions, type EcrCalls } from './calls';
import { validateRepositoryName } from './mapping';
import { ProblemError } from './problems';
import { toRepository } from './mapping';

/** BatchDeleteImage accepts at most 100 image ids per call. */
const DELETE_BATCH = 100;

/** BatchDeleteImage (100 ids per call); failures are reported as sanitised "<id>: <code> <reason>" lines. */
export async function deleteImages(
  calls: EcrCalls,
  repo: Repository,
  ids: Array<{ digest?: string; tag?: string }>,
  opts: CallOptions = {},
): Promise<{ deleted: number; failures: string[] }> {
  const registry = repo.parent;
  if (registry.type !== 'ecr') throw new TypeError('deleteImages needs a repository of an ECR registry');
  const imageIds = ids
    .filter((i) => i.digest || i.tag)
    .map((i) => ({ ...(i.digest ? { imageDigest: i.digest } : {}), ...(i.tag ? { imageTag: i.tag } : {}) }));
  let deleted = 0;
  const failures: string[] = [];
  for (let i = 0; i < imageIds.length; i += DELETE_BATCH) {
    try {
      const res = await calls.client(registry.source).send(
        new BatchDeleteImageCommand({
          registryId: registry.registryId,
          repositoryName: repo.name,
          imageIds: imageIds.slice(i, i + DELETE_BATCH),
        }),
        { abortSignal: opts.signal },
      );
      deleted += res.imageIds?.length ?? 0;
      for (const f of res.failures ?? []) {
        const id = f.imageId?.imageTag ?? f.imageId?.imageDigest ?? '?';
        failures.push(sanitizeText(`${id}: ${f.failureCode ?? 'Failed'}${f.failureReason ? ` ${f.failureReason}` : ''}`, 300));
      }
    } catch (err) {
      throw await calls.fail(err, registry.source, 'BatchDeleteImage', opts.signal);
    }
  }
  return { deleted, failures };
}

/** CreateRepository after checking the name against ECR's rules (a clear message instead of a 400). */
export async function createRepository(
  calls: EcrCalls,
  registry: EcrRegistry,
  name: string,
  opts: { tagMutability: 'MUTABLE' | 'IMMUTABLE'; scanOnPush: boolean; signal?: AbortSignal },
): Promise<Repository> {
  const invalid = validateRepositoryName(name);
  if (invalid) throw new ProblemError({ code: 'unknown', message: invalid, action: 'Enter another name.' });
  try {
    const res = await calls.client(registry.source).send(
      new CreateRepositoryCommand({
        registryId: registry.registryId,
        repositoryName: name,
        imageTagMutability: opts.tagMutability,
        imageScanningConfiguration: { scanOnPush: opts.scanOnPush },
      }),
      { abortSignal: opts.signal },
    );
    const repo = res.repository && toRepository(res.repository, registry);
    if (!repo) {
      throw badResponseError();
    }
    return repo;
  } catch (err) {
    throw await calls.fail(err, registry.source, 'CreateRepository', opts.signal);
  }
}

/** DeleteRepository; `force` also deletes its images (otherwise a non-empty repository is refused). */
export async function deleteRepository(calls: EcrCalls, repo: Repository, opts: { force: boolean; signal?: AbortSignal }): Promise<void> {
  const registry = repo.parent;
  if (registry.type !== 'ecr') throw new TypeError('deleteRepository needs a repository of an ECR registry');
  try {
    await calls.client(registry.source).send(
      new DeleteRepositoryCommand({
        registryId: registry.registryId,
        repositoryName: repo.name,
        force: opts.force,
      }),
      { abortSignal: opts.signal },
    );
  } catch (err) {
    throw await calls.fail(err, registry.source, 'DeleteRepository', opts.signal);
  }
}
