// Tagging an image that is already in ECR, without pulling it [pure]: one BatchGetImage fetches the image's
// manifest and media type and, in the same call, whatever the new tag points at now; one PutImage puts the same
// manifest with the same media type under the new tag. A multi-arch index is tagged as a whole. Also ECR's tag
// rules and the look-ups a push needs (the image behind a tag, after or before pushing).
import { BatchGetImageCommand, PutImageCommand, type BatchGetImageCommandOutput, type ImageIdentifier } from '@aws-sdk/client-ecr';
import { message, type Message } from '../model/message';
import type { EcrRegistry, Repository } from '../model/types';
import type { EcrService } from './ecrService';
import { sanitizeText } from '../model/sanitize';
import { errorName, toProblemError } from './problems';

export type RetagMessageId =
  'push.tagEmpty' | 'push.tagTooLong' | 'push.tagBadStart' | 'push.tagBadChar' | 'push.imageGone' | 'push.tagImmutable' | 'push.notEcr';

/** A failure of a retag or tag check, carrying a structured message (rendered by src/l10n/). */
export class RetagError extends Error {
  override readonly name = 'RetagError';
  constructor(readonly detail: Message<RetagMessageId>) {
    super(detail.id);
  }
}

/** The longest tag a container CLI can push (the reference grammar); ECR's own limit (300) is larger. */
export const MAX_TAG_LENGTH = 128;

/**
 * Checks a tag against the rules every CLI and ECR share: 1–128 characters, letters, digits, `_`, `.` and `-`,
 * not starting with `.` or `-`. Returns the reason when it is not valid.
 */
export function validateImageTag(tag: string): Message<RetagMessageId> | undefined {
  if (tag.length === 0) return message('push.tagEmpty');
  if (tag.length > MAX_TAG_LENGTH) return message('push.tagTooLong', MAX_TAG_LENGTH, tag.length);
  if (!/^[A-Za-z0-9_]/.test(tag)) return message('push.tagBadStart', sanitizeText(tag.slice(0, 1), 4) || '?');
  const bad = /[^A-Za-z0-9_.-]/u.exec(tag);
  if (bad) {
    const ch = bad[0];
    const shown = /^[\x21-\x7e]$/.test(ch) ? ch : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return message('push.tagBadChar', shown);
  }
  return undefined;
}

/** Tags of a repository that refuses to move them (IMMUTABLE, or a newer IMMUTABLE_WITH_… mode). */
export const isImmutable = (repo: Repository): boolean =>
  typeof repo.tagMutability === 'string' && repo.tagMutability.startsWith('IMMUTABLE');

/** Every manifest type a tag can point at; ECR answers UnsupportedImageType for types not listed here. */
export const ACCEPTED_MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];

export interface RetagPlan {
  repo: Repository;
  /** The image being tagged. */
  digest: string;
  tag: string;
  /** The manifest exactly as stored (its bytes decide the digest) and its media type. */
  manifest: string;
  mediaType?: string;
  /** The tag is on this image already: nothing to do. */
  alreadyTagged: boolean;
  /** The digest the tag points at now, when that is another image (moving it needs the user's yes). */
  movesFrom?: string;
  /** Why the retag cannot work at all (an immutable repository whose tag is taken); offer nothing then. */
  blocked?: Message<RetagMessageId>;
}

export interface RetagResult {
  digest: string;
  tag: string;
  mediaType?: string;
  /** added: a new tag; moved: taken from another image; unchanged: it was there already. */
  outcome: 'added' | 'moved' | 'unchanged';
}

function ecrRegistry(repo: Repository): EcrRegistry {
  if (repo.parent.type !== 'ecr') throw new RetagError(message('push.notEcr'));
  return repo.parent;
}

/**
 * Fetches what a retag needs in one BatchGetImage: the image's manifest and media type, and the image the tag
 * points at now. Throws RetagError for an invalid tag or an image that is gone; ProblemError for AWS failures.
 */
export async function prepareRetag(
  ecr: EcrService,
  repo: Repository,
  digest: string,
  tag: string,
  opts: { signal?: AbortSignal } = {},
): Promise<RetagPlan> {
  const invalid = validateImageTag(tag);
  if (invalid) throw new RetagError(invalid);
  const registry = ecrRegistry(repo);
  let out: BatchGetImageCommandOutput;
  try {
    out = await ecr.client(registry.source).send(
      new BatchGetImageCommand({
        registryId: registry.registryId,
        repositoryName: repo.name,
        imageIds: [{ imageDigest: digest }, { imageTag: tag }],
        acceptedMediaTypes: ACCEPTED_MANIFEST_TYPES,
      }),
      { abortSignal: opts.signal },
    );
  } catch (err) {
    throw toProblemError(err, { operation: 'BatchGetImage', region: registry.source.region, profile: registry.source.profile });
  }
  const images = out.images ?? [];
  const isTagId = (id: ImageIdentifier | undefined) => id?.imageTag === tag;
  const source =
    images.find((i) => !isTagId(i.imageId) && i.imageId?.imageDigest === digest) ?? images.find((i) => i.imageId?.imageDigest === digest);
  if (!source || typeof source.imageManifest !== 'string') throw new RetagError(message('push.imageGone', sanitizeText(repo.name), digest));
  const holder = images.find((i) => isTagId(i.imageId))?.imageId?.imageDigest;
  const movesFrom = holder && holder !== digest ? holder : undefined;
  return {
    repo,
    digest,
    tag,
    manifest: source.imageManifest,
    mediaType: source.imageManifestMediaType,
    alreadyTagged: holder === digest,
    movesFrom,
    blocked: movesFrom && isImmutable(repo) ? message('push.tagImmutable', tag, sanitizeText(repo.name)) : undefined,
  };
}

/** PutImage with the plan's manifest and media type under the new tag (nothing is called when it is there). */
export async function applyRetag(ecr: EcrService, plan: RetagPlan, opts: { signal?: AbortSignal } = {}): Promise<RetagResult> {
  if (plan.blocked) throw new RetagError(plan.blocked);
  if (plan.alreadyTagged) return { digest: plan.digest, tag: plan.tag, mediaType: plan.mediaType, outcome: 'unchanged' };
  const registry = ecrRegistry(plan.repo);
  try {
    const out = await ecr.client(registry.source).send(
      new PutImageCommand({
        registryId: registry.registryId,
        repositoryName: plan.repo.name,
        imageManifest: plan.manifest,
        ...(plan.mediaType ? { imageManifestMediaType: plan.mediaType } : {}),
        imageTag: plan.tag,
      }),
      { abortSignal: opts.signal },
    );
    return {
      digest: out.image?.imageId?.imageDigest ?? plan.digest,
      tag: plan.tag,
      mediaType: out.image?.imageManifestMediaType ?? plan.mediaType,
      outcome: plan.movesFrom ? 'moved' : 'added',
    };
  } catch (err) {
    const name = errorName(err);
    // ECR refuses to move an immutable tag with ImageTagAlreadyExistsException; some ECR-compatible servers say
    // ImageAlreadyExistsException instead. Only when the tag was not on another image is that a success.
    const refused = name === 'ImageTagAlreadyExistsException' || (name === 'ImageAlreadyExistsException' && plan.movesFrom !== undefined);
    if (refused) throw new RetagError(message('push.tagImmutable', plan.tag, sanitizeText(plan.repo.name)));
    // Someone put the tag on this image meanwhile: the goal is reached.
    if (name === 'ImageAlreadyExistsException')
      return { digest: plan.digest, tag: plan.tag, mediaType: plan.mediaType, outcome: 'unchanged' };
    throw toProblemError(err, { operation: 'PutImage', region: registry.source.region, profile: registry.source.profile });
  }
}

export interface TaggedImage {
  digest: string;
  sizeBytes?: number;
  pushedAt?: Date;
  mediaType?: string;
}

/**
 * The image a tag points at, or undefined when the tag does not exist: EcrService.findImageByTag (one DescribeImages
 * by tag) narrowed to what a push shows. Throws RetagError for a repository outside ECR; ProblemError for AWS failures.
 */
export async function describeTag(
  ecr: EcrService,
  repo: Repository,
  tag: string,
  opts: { signal?: AbortSignal } = {},
): Promise<TaggedImage | undefined> {
  ecrRegistry(repo); // a RetagError (a message for the user) for other registries, before findImageByTag's TypeError
  const image = await ecr.findImageByTag(repo, tag, opts);
  return image && { digest: image.digest, sizeBytes: image.sizeBytes, pushedAt: image.pushedAt, mediaType: image.mediaType };
}
