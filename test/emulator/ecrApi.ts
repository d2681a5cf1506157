// The ECR API operations (AWS JSON 1.1 bodies in, bodies out), shaped like the ECR API reference.
import { MT, REPO_NAME_RE, isIndexType, settleScan, sha256, type ImageRecord, type RepoRecord, type Store } from './state';
import { scanOperations } from './opsScan';

import { EcrError, invalid } from './ecrErrors';
import { policyOperations } from './opsPolicies';

export { EcrError };

export interface CallContext {
  store: Store;
  /** The caller's account (from the header or the access key). */
  accountId: string;
  region: string;
  now: number;
  tokenLifetimeMs: number;
  proxyEndpoint: string;
  issuePassword(registryId: string, region: string, expiresAt: number): string;
}

type Json = Record<string, unknown>;
export type Operation = (input: Json, ctx: CallContext) => Json;

const epoch = (ms: number): number => ms / 1000;

export function partition(region: string): { arn: string; dns: string } {
  if (region.startsWith('cn-')) return { arn: 'aws-cn', dns: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { arn: 'aws-us-gov', dns: 'amazonaws.com' };
  return { arn: 'aws', dns: 'amazonaws.com' };
}

export function registryHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.${partition(region).dns}`;
}

export function str(input: Json, field: string, required: true): string;
export function str(input: Json, field: string, required?: false): string | undefined;
export function str(input: Json, field: string, required = false): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (required) throw invalid(field, 'Member must not be null');
    return undefined;
  }
  if (typeof v !== 'string') throw new EcrError('SerializationException', `STRING_VALUE can not be converted to ${field}`);
  return v;
}

export function registryOf(input: Json, ctx: CallContext, action: string): string {
  const id = str(input, 'registryId') ?? ctx.accountId;
  if (!/^[0-9]{12}$/.test(id)) throw invalid('registryId', "must satisfy regular expression '[0-9]{12}'");
  if (id !== ctx.accountId && !ctx.store.hasAccount(id)) {
    // An account the emulator does not know: behave like a registry whose policies do not let us in.
    throw new EcrError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:user/emulator is not authorized to perform: ecr:${action} on resource: arn:${partition(ctx.region).arn}:ecr:${ctx.region}:${id}:repository/* because no resource-based policy allows the ecr:${action} action`,
    );
  }
  return id;
}

export function repoOf(input: Json, ctx: CallContext, action: string): RepoRecord {
  const registryId = registryOf(input, ctx, action);
  const name = str(input, 'repositoryName', true);
  if (name.length < 2 || name.length > 256 || !REPO_NAME_RE.test(name)) {
    throw invalid('repositoryName', "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'");
  }
  const repo = ctx.store.repo(registryId, ctx.region, name);
  if (!repo) {
    throw new EcrError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
    );
  }
  return repo;
}

/** maxResults as ECR validates it: an integer 1..1000; default 100 when absent. */
export function maxResults(input: Json): number {
  const v = input.maxResults;
  if (v === undefined || v === null) return 100;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new EcrError('SerializationException', 'NUMBER_VALUE can not be converted to an Integer');
  if (v < 1) throw invalid('maxResults', 'Member must have value greater than or equal to 1');
  if (v > 1000) throw invalid('maxResults', 'Member must have value less than or equal to 1000');
  return v;
}

// nextToken: opaque to clients, bound to the listing it came from (a token from another listing is rejected).
interface Cursor {
  o: number;
  t?: number;
}
export function encodeToken(scope: string, cursor: Cursor): string {
  const body = Buffer.from(JSON.stringify({ s: sha256(scope).slice(0, 16), ...cursor })).toString('base64url');
  return `ecrx1.${body}.${sha256(body + scope).slice(0, 24)}`;
}
export function decodeToken(scope: string, token: unknown): Cursor {
  if (token === undefined || token === null) return { o: 0 };
  if (typeof token === 'string') {
    const m = /^ecrx1\.([A-Za-z0-9_-]+)\.([0-9a-f]{24})$/.exec(token);
    if (m && sha256(m[1] + scope).slice(0, 24) === m[2]) {
      const parsed = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { o: number; t?: number };
      return { o: parsed.o, t: parsed.t };
    }
  }
  throw new EcrError('InvalidParameterException', "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'");
}

function repositoryJson(r: RepoRecord): Json {
  const p = partition(r.region);
  return {
    repositoryArn: `arn:${p.arn}:ecr:${r.region}:${r.accountId}:repository/${r.name}`,
    registryId: r.accountId,
    repositoryName: r.name,
    repositoryUri: `${registryHost(r.accountId, r.region)}/${r.name}`,
    createdAt: epoch(r.createdAt),
    imageTagMutability: r.tagMutability,
    ...(r.mutabilityExclusions.length > 0
      ? { imageTagMutabilityExclusionFilters: r.mutabilityExclusions.map((filter) => ({ filterType: 'WILDCARD', filter })) }
      : {}),
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

export const SCAN_TEXT: Record<string, string> = {
  COMPLETE: 'The scan was completed successfully.',
  IN_PROGRESS: 'The scan is in progress.',
  FAILED: 'The scan failed.',
  UNSUPPORTED_IMAGE: 'The operating system and/or package manager are not supported.',
  ACTIVE: 'Continuous scan is selected for image.',
  PENDING: 'The scan is pending.',
  SCAN_ELIGIBILITY_EXPIRED: 'The image is no longer eligible for continuous scanning.',
  FINDINGS_UNAVAILABLE: 'The findings are not available.',
};

function imageDetailJson(repo: RepoRecord, img: ImageRecord, now: number): Json {
  settleScan(img.scan, now);
  const out: Json = {
    registryId: repo.accountId,
    repositoryName: repo.name,
    imageDigest: img.digest,
  };
  if (img.tags.length > 0) out.imageTags = [...img.tags];
  out.imageSizeInBytes = img.sizeBytes;
  out.imagePushedAt = epoch(img.pushedAt);
  if (img.scan) {
    out.imageScanStatus = { status: img.scan.status, description: SCAN_TEXT[img.scan.status] ?? img.scan.status };
    if (img.scan.status === 'COMPLETE' || img.scan.status === 'ACTIVE') {
      const counts: Record<string, number> = {};
      for (const [sev, n] of Object.entries(img.scan.findings)) if (n && n > 0) counts[sev] = n;
      out.imageScanFindingsSummary = {
        imageScanCompletedAt: epoch(img.scan.completedAt),
        vulnerabilitySourceUpdatedAt: epoch(img.scan.completedAt - 3_600_000),
        findingSeverityCounts: counts,
      };
    }
  }
  out.imageManifestMediaType = img.mediaType;
  if (img.artifactMediaType) out.artifactMediaType = img.artifactMediaType;
  if (img.lastPull !== undefined) out.lastRecordedPullTime = epoch(img.lastPull);
  return out;
}

type TagStatus = 'TAGGED' | 'UNTAGGED' | 'ANY';
function tagStatusOf(input: Json): TagStatus {
  const f = input.filter as Json | undefined;
  const s = f?.tagStatus;
  if (s === undefined) return 'ANY';
  if (s === 'TAGGED' || s === 'UNTAGGED' || s === 'ANY') return s;
  throw invalid('filter.tagStatus', 'Member must satisfy enum value set: [TAGGED, ANY, UNTAGGED]');
}
const matches = (img: ImageRecord, s: TagStatus): boolean => s === 'ANY' || (s === 'TAGGED' ? img.tags.length > 0 : img.tags.length === 0);

interface ImageIdInput {
  imageDigest?: string;
  imageTag?: string;
}
function imageIdsOf(input: Json): ImageIdInput[] | undefined {
  const ids = input.imageIds;
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids)) throw new EcrError('SerializationException', 'imageIds must be a list');
  if (ids.length < 1 || ids.length > 100) throw invalid('imageIds', 'Member must have length between 1 and 100');
  return ids as ImageIdInput[];
}
function idJson(id: ImageIdInput): Json {
  const out: Json = {};
  if (id.imageDigest) out.imageDigest = id.imageDigest;
  if (id.imageTag) out.imageTag = id.imageTag;
  return out;
}
export function lookup(repo: RepoRecord, id: ImageIdInput): { img?: ImageRecord; failure?: { code: string; reason: string } } {
  if (!id.imageDigest && !id.imageTag)
    return { failure: { code: 'MissingDigestAndTag', reason: 'Invalid request parameters: both tag and digest cannot be null' } };
  if (id.imageDigest && !/^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/.test(id.imageDigest))
    return { failure: { code: 'InvalidImageDigest', reason: 'Invalid request parameters: image digest should satisfy the regex' } };
  const byDigest = id.imageDigest ? repo.findByDigest(id.imageDigest) : undefined;
  const byTag = id.imageTag ? repo.findByTag(id.imageTag) : undefined;
  if (id.imageDigest && id.imageTag) {
    if (!byDigest || !byTag) return { failure: { code: 'ImageNotFound', reason: 'Requested image not found' } };
    if (byDigest.digest !== byTag.digest)
      return {
        failure: { code: 'ImageTagDoesNotMatchDigest', reason: 'Invalid request parameters: given tag does not map to the given digest' },
      };
    return { img: byDigest };
  }
  const img = byDigest ?? byTag;
  return img ? { img } : { failure: { code: 'ImageNotFound', reason: 'Requested image not found' } };
}

export const operations: Record<string, Operation> = {
  ...policyOperations,
  DescribeRegistry(_input, ctx) {
    return { registryId: ctx.accountId, replicationConfiguration: { rules: [] } };
  },

  DescribeRepositories(input, ctx) {
    const registryId = registryOf(input, ctx, 'DescribeRepositories');
    const names = input.repositoryNames;
    const repos = ctx.store.region(registryId, ctx.region);
    if (names !== undefined) {
      if (!Array.isArray(names) || names.length < 1 || names.length > 100)
        throw invalid('repositoryNames', 'Member must have length between 1 and 100');
      if (input.maxResults !== undefined || input.nextToken !== undefined) {
        throw new EcrError('InvalidParameterException', 'Invalid parameter: maxResults and nextToken cannot be used with repositoryNames');
      }
      return {
        repositories: (names as string[]).map((n) => {
          const r = repos?.get(n);
          if (!r)
            throw new EcrError(
              'RepositoryNotFoundException',
              `The repository with name '${n}' does not exist in the registry with id '${registryId}'`,
            );
          return repositoryJson(r);
        }),
      };
    }
    const max = maxResults(input);
    const scope = `repos|${registryId}|${ctx.region}`;
    const start = decodeToken(scope, input.nextToken).o;
    const all = repos ? [...repos.values()] : [];
    const page = all.slice(start, start + max);
    const out: Json = { repositories: page.map(repositoryJson) };
    if (start + max < all.length) out.nextToken = encodeToken(scope, { o: start + max });
    return out;
  },

  DescribeImages(input, ctx) {
    const repo = repoOf(input, ctx, 'DescribeImages');
    const ids = imageIdsOf(input);
    if (ids) {
      if (input.maxResults !== undefined || input.nextToken !== undefined) {
        throw new EcrError('InvalidParameterException', 'Invalid parameter: maxResults and nextToken cannot be used with imageIds');
      }
      return {
        imageDetails: ids.map((id) => {
          const r = lookup(repo, id);
          if (!r.img) {
            throw new EcrError(
              'ImageNotFoundException',
              `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repo.name}' in the registry with id '${repo.accountId}'`,
            );
          }
          return imageDetailJson(repo, r.img, ctx.now);
        }),
      };
    }
    const max = maxResults(input);
    const status = tagStatusOf(input);
    const scope = `images|${repo.key}|${status}`;
    let i = decodeToken(scope, input.nextToken).o;
    const details: Json[] = [];
    const span = repo.span;
    for (; i < span && details.length < max; i++) {
      const img = repo.imageAt(i);
      if (img && matches(img, status)) details.push(imageDetailJson(repo, img, ctx.now));
    }
    // Look ahead so the last page carries no nextToken (N items cost exactly ceil(N/max) calls).
    let more = i;
    while (more < span) {
      const img = repo.imageAt(more);
      if (img && matches(img, status)) break;
      more++;
    }
    const out: Json = { imageDetails: details };
    if (more < span) out.nextToken = encodeToken(scope, { o: more });
    return out;
  },

  ListImages(input, ctx) {
    const repo = repoOf(input, ctx, 'ListImages');
    const max = maxResults(input);
    const status = tagStatusOf(input);
    const scope = `list|${repo.key}|${status}`;
    const cursor = decodeToken(scope, input.nextToken);
    const ids: Json[] = [];
    const span = repo.span;
    let i = cursor.o;
    let t = cursor.t ?? 0;
    while (i < span && ids.length < max) {
      const img = repo.imageAt(i);
      if (!img || !matches(img, status)) {
        i++;
        t = 0;
        continue;
      }
      if (img.tags.length === 0) {
        ids.push({ imageDigest: img.digest });
        i++;
        continue;
      }
      while (t < img.tags.length && ids.length < max) ids.push({ imageDigest: img.digest, imageTag: img.tags[t++] });
      if (t >= img.tags.length) {
        i++;
        t = 0;
      }
    }
    while (t === 0 && i < span) {
      const img = repo.imageAt(i);
      if (img && matches(img, status)) break;
      i++;
    }
    const out: Json = { imageIds: ids };
    if (i < span) out.nextToken = encodeToken(scope, { o: i, t });
    return out;
  },

  GetAuthorizationToken(input, ctx) {
    const requested = input.registryIds;
    const ids = Array.isArray(requested) && requested.length > 0 ? (requested as string[]) : [ctx.accountId];
    for (const id of ids)
      if (!/^[0-9]{12}$/.test(String(id))) throw invalid('registryIds', "Member must satisfy regular expression '[0-9]{12}'");
    const expiresAt = ctx.now + ctx.tokenLifetimeMs;
    return {
      authorizationData: ids.map((id) => ({
        authorizationToken: Buffer.from(`AWS:${ctx.issuePassword(id, ctx.region, expiresAt)}`).toString('base64'),
        expiresAt: epoch(expiresAt),
        proxyEndpoint: ctx.proxyEndpoint,
      })),
    };
  },

  BatchGetImage(input, ctx) {
    const repo = repoOf(input, ctx, 'BatchGetImage');
    const ids = imageIdsOf(input);
    if (!ids) throw invalid('imageIds', 'Member must not be null');
    const accepted = Array.isArray(input.acceptedMediaTypes) ? (input.acceptedMediaTypes as string[]) : undefined;
    const images: Json[] = [];
    const failures: Json[] = [];
    for (const id of ids) {
      const r = lookup(repo, id);
      if (!r.img) {
        failures.push({ imageId: idJson(id), failureCode: r.failure?.code, failureReason: r.failure?.reason });
        continue;
      }
      if (accepted && !accepted.includes(r.img.mediaType)) {
        failures.push({
          imageId: idJson(id),
          failureCode: 'UnsupportedImageType',
          failureReason: `Image manifest media type ${r.img.mediaType} is not accepted`,
        });
        continue;
      }
      images.push({
        registryId: repo.accountId,
        repositoryName: repo.name,
        imageId: { imageDigest: r.img.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageManifest: r.img.manifest,
        imageManifestMediaType: r.img.mediaType,
      });
    }
    return { images, failures };
  },

  BatchDeleteImage(input, ctx) {
    const repo = repoOf(input, ctx, 'BatchDeleteImage');
    const ids = imageIdsOf(input);
    if (!ids) throw invalid('imageIds', 'Member must not be null');
    const deleted: Json[] = [];
    const failures: Json[] = [];
    for (const id of ids) {
      const r = lookup(repo, id);
      const img = r.img;
      if (!img) {
        failures.push({ imageId: idJson(id), failureCode: r.failure?.code, failureReason: r.failure?.reason });
        continue;
      }
      if (img.parentIndex && repo.findByDigest(img.parentIndex)) {
        failures.push({
          imageId: idJson(id),
          failureCode: 'ImageReferencedByManifestList',
          failureReason: `Requested image is referenced by an image index: ${img.parentIndex}`,
        });
        continue;
      }
      if (id.imageTag && !id.imageDigest) {
        repo.removeTag(id.imageTag);
        deleted.push({ imageDigest: img.digest, imageTag: id.imageTag });
        continue;
      }
      const tags = [...img.tags];
      repo.deleteImage(img.digest);
      releaseChildren(repo, img);
      if (tags.length === 0) deleted.push({ imageDigest: img.digest });
      for (const t of tags) deleted.push({ imageDigest: img.digest, imageTag: t });
    }
    return { imageIds: deleted, failures };
  },

  PutImage(input, ctx) {
    const repo = repoOf(input, ctx, 'PutImage');
    const manifest = str(input, 'imageManifest', true);
    let parsed: Json;
    try {
      parsed = JSON.parse(manifest) as Json;
    } catch {
      throw new EcrError(
        'InvalidParameterException',
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
      );
    }
    const mediaType = str(input, 'imageManifestMediaType') ?? (typeof parsed.mediaType === 'string' ? parsed.mediaType : MT.dockerManifest);
    const digest = `sha256:${sha256(manifest)}`;
    const givenDigest = str(input, 'imageDigest');
    if (givenDigest && givenDigest !== digest) {
      throw new EcrError(
        'ImageDigestDoesNotMatchException',
        `The specified digest ${givenDigest} does not match the digest of the image manifest ${digest}`,
      );
    }
    const tag = str(input, 'imageTag');
    if (tag !== undefined && (tag.length < 1 || tag.length > 300)) throw invalid('imageTag', 'Member must have length between 1 and 300');
    const existing = repo.findByDigest(digest);
    const holder = tag ? repo.findByTag(tag) : undefined;
    if (existing && (tag === undefined || existing.tags.includes(tag))) {
      throw new EcrError(
        'ImageAlreadyExistsException',
        `Image with digest '${digest}'${tag ? ` and tag '${tag}'` : ''} already exists in the repository with name '${repo.name}' in registry with id '${repo.accountId}'`,
      );
    }
    if (tag && holder && holder.digest !== digest && repo.tagIsImmutable(tag)) {
      throw new EcrError(
        'ImageTagAlreadyExistsException',
        `The image tag '${tag}' already exists in the '${repo.name}' repository and cannot be overwritten because the repository is immutable.`,
      );
    }
    if (tag) repo.untag(tag);
    let img: ImageRecord;
    if (existing) {
      img = existing;
      if (tag) {
        img.tags.push(tag);
        repo.tags.set(tag, digest);
      }
    } else {
      const children =
        isIndexType(mediaType) && Array.isArray(parsed.manifests) ? (parsed.manifests as Json[]).map((m) => String(m.digest)) : undefined;
      let size = 0;
      if (children) {
        for (const c of children) {
          const child = repo.findByDigest(c);
          if (child) {
            child.parentIndex = digest;
            size += child.sizeBytes;
          }
        }
      } else {
        const cfg = parsed.config as Json | undefined;
        size =
          (typeof cfg?.size === 'number' ? cfg.size : 0) +
          (Array.isArray(parsed.layers) ? (parsed.layers as Json[]).reduce((s, l) => s + (typeof l.size === 'number' ? l.size : 0), 0) : 0);
      }
      const cfgType = (parsed.config as Json | undefined)?.mediaType;
      img = {
        digest,
        tags: tag ? [tag] : [],
        sizeBytes: size,
        pushedAt: ctx.now,
        mediaType,
        artifactMediaType: typeof cfgType === 'string' ? cfgType : undefined,
        manifest,
        children,
        scan: repo.scanOnPush ? { status: 'COMPLETE', findings: {}, completedAt: ctx.now } : undefined,
      };
      repo.addImage(img);
    }
    return {
      image: {
        registryId: repo.accountId,
        repositoryName: repo.name,
        imageId: { imageDigest: digest, ...(tag ? { imageTag: tag } : {}) },
        imageManifest: manifest,
        imageManifestMediaType: mediaType,
      },
    };
  },

  CreateRepository(input, ctx) {
    const registryId = registryOf(input, ctx, 'CreateRepository');
    const name = str(input, 'repositoryName', true);
    if (name.length < 2 || name.length > 256 || !REPO_NAME_RE.test(name)) {
      throw invalid('repositoryName', "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'");
    }
    if (ctx.store.repo(registryId, ctx.region, name)) {
      throw new EcrError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${registryId}'`,
      );
    }
    const mut = str(input, 'imageTagMutability') ?? 'MUTABLE';
    if (mut !== 'MUTABLE' && mut !== 'IMMUTABLE')
      throw invalid('imageTagMutability', 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]');
    const scanCfg = input.imageScanningConfiguration as Json | undefined;
    const repo = ctx.store.createRepo(
      registryId,
      ctx.region,
      name,
      { tagMutability: mut, scanOnPush: scanCfg?.scanOnPush === true },
      ctx.now,
    );
    return { repository: repositoryJson(repo) };
  },

  DeleteRepository(input, ctx) {
    const repo = repoOf(input, ctx, 'DeleteRepository');
    if (repo.imageCount > 0 && input.force !== true) {
      throw new EcrError(
        'RepositoryNotEmptyException',
        `The repository with name '${repo.name}' in registry with id '${repo.accountId}' cannot be deleted because it still contains images`,
      );
    }
    ctx.store.deleteRepo(repo.accountId, repo.region, repo.name);
    return { repository: repositoryJson(repo) };
  },

  ...scanOperations,
};

function releaseChildren(repo: RepoRecord, img: ImageRecord): void {
  for (const c of img.children ?? []) {
    const child = repo.findByDigest(c);
    if (child && child.parentIndex === img.digest) child.parentIndex = undefined;
  }
}

export const OPERATION_NAMES = Object.keys(operations);
