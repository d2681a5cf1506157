// DescribeImages for image references found in workspace files (src/references/resolution.ts): an imageIds lookup
// (the batch) or a listing page of one repository in any account and region, with the configured profiles tried in order until
// one has usable credentials for that registry (remembered per registry).
import { DescribeImagesCommand, type ImageDetail } from '@aws-sdk/client-ecr';
import type { RegistrySource } from '../model/types';
import { toDate } from '../model/untrusted';
import type { DescribeOutcome, ImageId, ImageInfo, ImageLookupSource, ImagePage, RepositoryAddress } from '../references/batches';
import type { EcrService } from './ecrService';
import { PAGE_SIZE } from './calls';
import { toScan } from './mapping';
import { isAwsError, toProblemError, sanitizeText } from './problems';
import { effectiveEndpoint, effectiveProfiles } from './profiles';

/** Failures that another profile may not have. */
const CREDENTIAL_CODES = new Set(['noCredentials', 'expiredCredentials', 'unauthorized', 'accessDenied']);

const NAMED_ID = /imageId \{imageDigest:'([^']*)', imageTag:'([^']*)'\}/;

/**
 * The id an ImageNotFoundException message names (ECR and moto: `The image with imageId {imageDigest:'null',
 * imageTag:'9.9.9'} does not exist within the repository …`); undefined when there is none.
 */
export function missingImageIdOf(text: string): ImageId | undefined {
  const m = NAMED_ID.exec(text);
  if (!m) return undefined;
  const digest = m[1] && m[1] !== 'null' ? m[1] : undefined;
  const tag = m[2] && m[2] !== 'null' ? m[2] : undefined;
  if (tag !== undefined) return { imageTag: tag };
  return digest !== undefined ? { imageDigest: digest } : undefined;
}

/** An ImageDetail narrowed to what references show; undefined without a digest. Server text is sanitised. */
export function toImageInfo(d: ImageDetail): ImageInfo | undefined {
  if (!d.imageDigest || !/^sha256:[a-f0-9]{64}$/.test(d.imageDigest)) return undefined;
  const scan = toScan(d);
  const pushedAt = toDate(d.imagePushedAt);
  const scannedAt = toDate(d.imageScanFindingsSummary?.imageScanCompletedAt);
  const size = d.imageSizeInBytes;
  return {
    digest: d.imageDigest,
    tags: (d.imageTags ?? []).map((t) => sanitizeText(t, 128)),
    ...(typeof size === 'number' && Number.isFinite(size) && size >= 0 ? { sizeBytes: size } : {}),
    ...(pushedAt ? { pushedAt } : {}),
    ...(d.imageManifestMediaType ? { mediaType: sanitizeText(d.imageManifestMediaType, 100) } : {}),
    ...(d.artifactMediaType ? { artifactMediaType: sanitizeText(d.artifactMediaType, 100) } : {}),
    ...(scannedAt ? { scannedAt } : {}),
    ...(scan ? { scan } : {}),
  };
}

export class EcrImageLookup implements ImageLookupSource {
  /** The profile that last worked for a registry (`registryId|region`); undefined value = the default chain. */
  private readonly working = new Map<string, string | undefined>();

  constructor(private readonly service: EcrService) {}

  private sources(repo: RepositoryAddress): RegistrySource[] {
    const env = this.service.config.env ?? process.env;
    const endpoint = effectiveEndpoint(this.service.config.endpoint, env);
    const profiles = effectiveProfiles(this.service.config.profiles, env);
    const key = `${repo.registryId}|${repo.region}`;
    if (this.working.has(key)) {
      const known = this.working.get(key);
      profiles.sort((a, b) => (a === known ? -1 : b === known ? 1 : 0));
    }
    return profiles.map((profile) => ({
      region: repo.region,
      ...(profile !== undefined ? { profile } : {}),
      ...(endpoint ? { endpoint } : {}),
    }));
  }

  /** Runs `call` with each configured profile in turn while the failure is about credentials. */
  private async withSource<T>(repo: RepositoryAddress, call: (source: RegistrySource) => Promise<T>): Promise<T> {
    const sources = this.sources(repo);
    let last: unknown;
    for (const source of sources) {
      try {
        const result = await call(source);
        this.working.set(`${repo.registryId}|${repo.region}`, source.profile);
        return result;
      } catch (err) {
        const problem = toProblemError(err, {
          operation: 'DescribeImages',
          region: source.region,
          ...(source.profile !== undefined ? { profile: source.profile } : {}),
        });
        last = problem;
        if (!CREDENTIAL_CODES.has(problem.problem.code)) throw problem;
      }
    }
    throw last;
  }

  listPage(repo: RepositoryAddress, nextToken: string | undefined, signal?: AbortSignal): Promise<ImagePage> {
    return this.withSource(repo, async (source) => {
      const res = await this.service.client(source).send(
        new DescribeImagesCommand({
          registryId: repo.registryId,
          repositoryName: repo.repository,
          maxResults: PAGE_SIZE,
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      const images = (res.imageDetails ?? []).map(toImageInfo).filter((i): i is ImageInfo => i !== undefined);
      // A server repeating the token it was given would page forever: treat as the end.
      return { images, ...(res.nextToken && res.nextToken !== nextToken ? { nextToken: res.nextToken } : {}) };
    });
  }

  /**
   * DescribeImages with imageIds (≤ 100). ECR answers every id or fails the whole call: ImageNotFoundException names
   * the first missing id (read from its message), RepositoryNotFoundException the repository.
   */
  describe(repo: RepositoryAddress, ids: readonly ImageId[], signal?: AbortSignal): Promise<DescribeOutcome> {
    return this.withSource(repo, async (source) => {
      try {
        const res = await this.service.client(source).send(
          new DescribeImagesCommand({
            registryId: repo.registryId,
            repositoryName: repo.repository,
            imageIds: ids.map((i) => ({ ...i })),
          }),
          { abortSignal: signal },
        );
        return { kind: 'images', images: (res.imageDetails ?? []).map(toImageInfo).filter((i): i is ImageInfo => i !== undefined) };
      } catch (err) {
        if (isAwsError(err, 'RepositoryNotFoundException')) return { kind: 'repositoryNotFound' };
        if (!isAwsError(err, 'ImageNotFoundException')) throw err;
        const id = missingImageIdOf(sanitizeText(err instanceof Error ? err.message : '', 1000));
        return { kind: 'imageNotFound', ...(id ? { id } : {}) };
      }
    });
  }
}
