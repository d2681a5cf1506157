// Arguments of the commands that hover links and document links run (Reveal in ECR Explorer, Copy Pinned URI): plain
// data describing a reference, re-validated when the command runs.
import type { ImageReference } from './imageReference';
import { parseImageText } from './imageText';

/** The arguments of the reveal/copy commands: plain data describing the reference (the handler re-validates it). */
export interface ReferenceCommandArgs {
  /** The registry host as written (FIPS and dual-stack forms kept). */
  readonly host: string;
  readonly registryId: string;
  readonly region: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function referenceCommandArgs(ref: ImageReference, digest?: string): ReferenceCommandArgs | undefined {
  if (ref.ecr.kind !== 'private') return undefined;
  return {
    host: ref.host,
    registryId: ref.ecr.registryId,
    region: ref.ecr.region,
    repository: ref.repository,
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(digest ? { digest } : ref.digest ? { digest: ref.digest } : {}),
  };
}

/**
 * Command arguments re-validated: they arrive through a `command:` link, so they are checked against the same
 * grammar as references in files (host an ECR host of that account and region, valid names, tag and digest).
 */
export function parseReferenceCommandArgs(value: unknown): ReferenceCommandArgs | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const host = str('host');
  const registryId = str('registryId');
  const region = str('region');
  const repository = str('repository');
  const tag = str('tag');
  const digest = str('digest');
  if (!host || !registryId || !region || !repository) return undefined;
  const parsed = parseImageText(`${host}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`);
  if (!parsed || parsed.ecr.kind !== 'private' || parsed.ecr.registryId !== registryId || parsed.ecr.region !== region) return undefined;
  if (parsed.repository !== repository) return undefined;
  return { host, registryId, region, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
