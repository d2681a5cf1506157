// ECR calls for repository settings and policies: lifecycle and repository policies (absent = undefined, not an
// error), tag mutability with exclusion filters, scan on push, and the lifecycle policy preview with a cancellable
// poll of GetLifecyclePolicyPreview. EcrService owns the clients and error classification and delegates here.
import {
  DeleteLifecyclePolicyCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetLifecyclePolicyPreviewCommand,
  GetRepositoryPolicyCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  StartLifecyclePolicyPreviewCommand,
  type ECRClient,
  type GetLifecyclePolicyPreviewCommandOutput,
  type LifecyclePolicyPreviewResult,
} from '@aws-sdk/client-ecr';
import type { Repository } from '../model/types';
import type { EcrCalls, Source } from './calls';
import { isAwsError, sanitizeText } from './problems';

export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';

/** What the Repository Settings pick shows and changes (DescribeRepositories of one repository). */
export interface RepositorySettings {
  tagMutability: string;
  /** WILDCARD filters of the *_WITH_EXCLUSION settings. */
  exclusionFilters: string[];
  scanOnPush: boolean;
  encryptionType?: string;
  kmsKey?: string;
  createdAt?: Date;
}

export interface PreviewImage {
  digest: string;
  tags: string[];
  pushedAt?: Date;
  rulePriority?: number;
  /** EXPIRE or TRANSITION (to the archive storage class). */
  action: string;
}

export interface LifecyclePreview {
  /** COMPLETE, or FAILED / EXPIRED when ECR could not produce a result. */
  status: string;
  policyText: string;
  images: PreviewImage[];
  expiringCount: number;
  transitioningCount: number;
}

export interface PreviewOptions {
  signal?: AbortSignal;
  /** First wait between polls (ms); doubles up to maxPollIntervalMs. Default 250 (the first poll is immediate). */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Give up after this long (ms); default 10 minutes. */
  timeoutMs?: number;
  /** Called after each poll that is still IN_PROGRESS. */
  onPoll?: (polls: number) => void;
}

/** What EcrService lends this module: its clients and its error classification. */
export type PolicyCallDeps = EcrCalls;

/** GetLifecyclePolicyPreview pages hold at most 100 results. */
const PREVIEW_PAGE = 100;
const MAX_PREVIEW_IMAGES = 1_000_000;

function ecrTarget(repo: Repository): { source: Source; registryId: string; repositoryName: string } {
  const registry = repo.parent;
  if (registry.type !== 'ecr') throw new TypeError('policies need a repository of an ECR registry');
  return { source: registry.source, registryId: registry.registryId, repositoryName: repo.name };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toPreviewImage(r: LifecyclePolicyPreviewResult): PreviewImage | undefined {
  if (!r.imageDigest) return undefined;
  const img: PreviewImage = {
    digest: sanitizeText(r.imageDigest, 100),
    tags: (r.imageTags ?? []).map((t) => sanitizeText(t, 300)),
    action: r.action?.type ?? 'EXPIRE',
  };
  if (r.imagePushedAt instanceof Date && Number.isFinite(r.imagePushedAt.getTime())) img.pushedAt = r.imagePushedAt;
  if (typeof r.appliedRulePriority === 'number') img.rulePriority = r.appliedRulePriority;
  return img;
}

export class EcrPolicies {
  constructor(private readonly deps: PolicyCallDeps) {}

  private async call<T>(
    repo: Repository,
    operation: string,
    signal: AbortSignal | undefined,
    run: (client: ECRClient) => Promise<T>,
  ): Promise<T> {
    const { source } = ecrTarget(repo);
    try {
      return await run(this.deps.client(source));
    } catch (err) {
      throw await this.deps.fail(err, source, operation, signal);
    }
  }

  /** The lifecycle policy text, or undefined when the repository has none. */
  async getLifecyclePolicy(repo: Repository, signal?: AbortSignal): Promise<string | undefined> {
    const { registryId, repositoryName } = ecrTarget(repo);
    return this.call(repo, 'GetLifecyclePolicy', signal, async (client) => {
      try {
        const res = await client.send(new GetLifecyclePolicyCommand({ registryId, repositoryName }), { abortSignal: signal });
        return res.lifecyclePolicyText ?? '';
      } catch (err) {
        if (isAwsError(err, 'LifecyclePolicyNotFoundException')) return undefined;
        throw err;
      }
    });
  }

  async putLifecyclePolicy(repo: Repository, text: string, signal?: AbortSignal): Promise<void> {
    const { registryId, repositoryName } = ecrTarget(repo);
    await this.call(repo, 'PutLifecyclePolicy', signal, (client) =>
      client.send(new PutLifecyclePolicyCommand({ registryId, repositoryName, lifecyclePolicyText: text }), { abortSignal: signal }),
    );
  }

  /** Deletes the lifecycle policy; false when there was none. */
  async deleteLifecyclePolicy(repo: Repository, signal?: AbortSignal): Promise<boolean> {
    const { registryId, repositoryName } = ecrTarget(repo);
    return this.call(repo, 'DeleteLifecyclePolicy', signal, async (client) => {
      try {
        await client.send(new DeleteLifecyclePolicyCommand({ registryId, repositoryName }), { abortSignal: signal });
        return true;
      } catch (err) {
        if (isAwsError(err, 'LifecyclePolicyNotFoundException')) return false;
        throw err;
      }
    });
  }

  /** The repository policy text, or undefined when the repository has none. */
  async getRepositoryPolicy(repo: Repository, signal?: AbortSignal): Promise<string | undefined> {
    const { registryId, repositoryName } = ecrTarget(repo);
    return this.call(repo, 'GetRepositoryPolicy', signal, async (client) => {
      try {
        const res = await client.send(new GetRepositoryPolicyCommand({ registryId, repositoryName }), { abortSignal: signal });
        return res.policyText ?? '';
      } catch (err) {
        if (isAwsError(err, 'RepositoryPolicyNotFoundException')) return undefined;
        throw err;
      }
    });
  }

  async setRepositoryPolicy(repo: Repository, text: string, signal?: AbortSignal): Promise<void> {
    const { registryId, repositoryName } = ecrTarget(repo);
    await this.call(repo, 'SetRepositoryPolicy', signal, (client) =>
      client.send(new SetRepositoryPolicyCommand({ registryId, repositoryName, policyText: text }), { abortSignal: signal }),
    );
  }

  /** Deletes the repository policy; false when there was none. */
  async deleteRepositoryPolicy(repo: Repository, signal?: AbortSignal): Promise<boolean> {
    const { registryId, repositoryName } = ecrTarget(repo);
    return this.call(repo, 'DeleteRepositoryPolicy', signal, async (client) => {
      try {
        await client.send(new DeleteRepositoryPolicyCommand({ registryId, repositoryName }), { abortSignal: signal });
        return true;
      } catch (err) {
        if (isAwsError(err, 'RepositoryPolicyNotFoundException')) return false;
        throw err;
      }
    });
  }

  async getRepositorySettings(repo: Repository, signal?: AbortSignal): Promise<RepositorySettings> {
    const { registryId, repositoryName } = ecrTarget(repo);
    const res = await this.call(repo, 'DescribeRepositories', signal, (client) =>
      client.send(new DescribeRepositoriesCommand({ registryId, repositoryNames: [repositoryName] }), { abortSignal: signal }),
    );
    const r = res.repositories?.[0];
    const settings: RepositorySettings = {
      tagMutability: sanitizeText(r?.imageTagMutability ?? 'MUTABLE', 40),
      exclusionFilters: (r?.imageTagMutabilityExclusionFilters ?? []).map((f) => sanitizeText(f.filter ?? '', 128)).filter(Boolean),
      scanOnPush: r?.imageScanningConfiguration?.scanOnPush === true,
    };
    if (r?.encryptionConfiguration?.encryptionType) settings.encryptionType = sanitizeText(r.encryptionConfiguration.encryptionType, 20);
    if (r?.encryptionConfiguration?.kmsKey) settings.kmsKey = sanitizeText(r.encryptionConfiguration.kmsKey, 2048);
    if (r?.createdAt instanceof Date && Number.isFinite(r.createdAt.getTime())) settings.createdAt = r.createdAt;
    return settings;
  }

  async putTagMutability(
    repo: Repository,
    mutability: TagMutability,
    exclusionFilters: string[] = [],
    signal?: AbortSignal,
  ): Promise<void> {
    const { registryId, repositoryName } = ecrTarget(repo);
    const withExclusion = mutability.endsWith('_WITH_EXCLUSION');
    await this.call(repo, 'PutImageTagMutability', signal, (client) =>
      client.send(
        new PutImageTagMutabilityCommand({
          registryId,
          repositoryName,
          imageTagMutability: mutability,
          ...(withExclusion
            ? { imageTagMutabilityExclusionFilters: exclusionFilters.map((filter) => ({ filterType: 'WILDCARD', filter })) }
            : {}),
        }),
        { abortSignal: signal },
      ),
    );
  }

  async putScanOnPush(repo: Repository, scanOnPush: boolean, signal?: AbortSignal): Promise<void> {
    const { registryId, repositoryName } = ecrTarget(repo);
    await this.call(repo, 'PutImageScanningConfiguration', signal, (client) =>
      client.send(new PutImageScanningConfigurationCommand({ registryId, repositoryName, imageScanningConfiguration: { scanOnPush } }), {
        abortSignal: signal,
      }),
    );
  }

  /**
   * StartLifecyclePolicyPreview with `text`, then polls GetLifecyclePolicyPreview (at once, then after 0.25 s,
   * doubling to 5 s) until it is no longer IN_PROGRESS and pages through every result (100 per call, the most ECR
   * allows). Cancelling stops the poll (ECR finishes the preview on its own). Nothing is deleted: a preview only reports. FAILED/EXPIRED come back as the status.
   */
  async previewLifecyclePolicy(repo: Repository, text: string, opts: PreviewOptions = {}): Promise<LifecyclePreview> {
    const { registryId, repositoryName } = ecrTarget(repo);
    const { signal } = opts;
    await this.call(repo, 'StartLifecyclePolicyPreview', signal, (client) =>
      client.send(new StartLifecyclePolicyPreviewCommand({ registryId, repositoryName, lifecyclePolicyText: text }), {
        abortSignal: signal,
      }),
    );
    const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
    let delay = opts.pollIntervalMs ?? 250;
    const maxDelay = opts.maxPollIntervalMs ?? 5000;
    let polls = 0;
    const getPage = (nextToken?: string): Promise<GetLifecyclePolicyPreviewCommandOutput> =>
      this.call(repo, 'GetLifecyclePolicyPreview', signal, (client) =>
        client.send(new GetLifecyclePolicyPreviewCommand({ registryId, repositoryName, maxResults: PREVIEW_PAGE, nextToken }), {
          abortSignal: signal,
        }),
      );
    let page = await getPage();
    while (page.status === 'IN_PROGRESS') {
      polls++;
      opts.onPoll?.(polls);
      if (Date.now() + delay > deadline) {
        const { source } = ecrTarget(repo);
        throw await this.deps.fail(
          Object.assign(new Error('preview timed out'), { name: 'TimeoutError' }),
          source,
          'GetLifecyclePolicyPreview',
        );
      }
      try {
        await sleep(delay, signal);
      } catch (err) {
        throw await this.deps.fail(err, ecrTarget(repo).source, 'GetLifecyclePolicyPreview', signal);
      }
      delay = Math.min(delay * 2, maxDelay);
      page = await getPage();
    }
    const status = page.status ?? 'COMPLETE';
    const preview: LifecyclePreview = {
      status,
      policyText: page.lifecyclePolicyText ?? text,
      images: [],
      expiringCount: page.summary?.expiringImageTotalCount ?? 0,
      transitioningCount: (page.summary?.transitioningImageTotalCounts ?? []).reduce((n, t) => n + (t.imageTotalCount ?? 0), 0),
    };
    if (status !== 'COMPLETE') return preview;
    const seenTokens = new Set<string>();
    for (;;) {
      for (const r of page.previewResults ?? []) {
        const img = toPreviewImage(r);
        if (img && preview.images.length < MAX_PREVIEW_IMAGES) preview.images.push(img);
      }
      const token = page.nextToken;
      // A server repeating its page token would page forever: stop at the first repeat.
      if (!token || seenTokens.has(token)) break;
      seenTokens.add(token);
      page = await getPage(token);
    }
    return preview;
  }
}
