// Manifest media types and the defensive reading of a manifest body into what the explorer shows.
import { RegistryError, registryMessage, RegistryMessages, type RegistryMessage } from './errors';
import { isValidDigest } from './reference';
import { sanitizeText } from '../model/sanitize';

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** Sent on every manifest GET: a registry only serves an index/list when the client says it understands it. */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(
  ', ',
);

export const isIndexMediaType = (mt: string | undefined): boolean => mt === MediaType.ociIndex || mt === MediaType.dockerManifestList;

export interface PlatformInfo {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  digest: string;
  size?: number;
  mediaType?: string;
}

export interface ManifestInfo {
  mediaType: string;
  /** Docker-Content-Digest, else the sha256 of the body as received. */
  digest: string;
  /** Body size in bytes. */
  size: number;
  /** The parsed JSON object (untrusted: check fields before use). */
  manifest: Record<string, unknown>;
  /** True for an OCI image index or a Docker manifest list. */
  isIndex: boolean;
  /** Platform manifests of an index (sanitised os/architecture/variant); [] for a single-platform manifest. */
  platforms: PlatformInfo[];
  /** Index entries left out because they are not runnable images (unknown/unknown attestation manifests). */
  skippedAttestations: number;
  /** Platforms beyond the maxPlatforms bound that were dropped. */
  omittedPlatforms: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Picks the media type: the Content-Type when it is a manifest type, else the body's field, else by shape. */
export function resolveMediaType(contentType: string | null, manifest: Record<string, unknown>): string {
  const header = contentType?.split(';')[0].trim().toLowerCase();
  const known: string[] = Object.values(MediaType);
  if (header && known.includes(header)) return header;
  const field = str(manifest.mediaType);
  if (field) return sanitizeText(field, 200);
  if (Array.isArray(manifest.manifests)) return MediaType.ociIndex;
  if (header && header !== 'application/json' && header !== 'application/octet-stream') return sanitizeText(header, 200);
  return MediaType.ociManifest;
}

/** Reads the platform list of an index, keeping at most `maxPlatforms`; throws badResponse when malformed. */
export function readPlatforms(
  manifest: Record<string, unknown>,
  maxPlatforms: number,
  what: RegistryMessage,
): { platforms: PlatformInfo[]; skippedAttestations: number; omittedPlatforms: number } {
  const entries = manifest.manifests;
  if (!Array.isArray(entries)) {
    throw new RegistryError('badResponse', RegistryMessages.malformed(what, registryMessage('registry.detail.indexWithoutManifests')));
  }
  const platforms: PlatformInfo[] = [];
  let skippedAttestations = 0;
  let omittedPlatforms = 0;
  for (const entry of entries) {
    if (!isRecord(entry)) {
      throw new RegistryError('badResponse', RegistryMessages.malformed(what, registryMessage('registry.detail.indexEntryNotObject')));
    }
    const digest = str(entry.digest);
    if (!digest || !isValidDigest(digest)) {
      throw new RegistryError('badResponse', RegistryMessages.malformed(what, registryMessage('registry.detail.indexEntryNoDigest')));
    }
    const platform = isRecord(entry.platform) ? entry.platform : {};
    const os = str(platform.os) ?? 'unknown';
    const architecture = str(platform.architecture) ?? 'unknown';
    // BuildKit stores provenance/SBOM attestations as index entries with platform unknown/unknown
    // (annotated vnd.docker.reference.type=attestation-manifest); they are not images anyone runs.
    if (os === 'unknown' && architecture === 'unknown') {
      skippedAttestations++;
      continue;
    }
    if (platforms.length >= maxPlatforms) {
      omittedPlatforms++;
      continue;
    }
    const variant = str(platform.variant);
    const osVersion = str(platform['os.version']);
    const size = typeof entry.size === 'number' && Number.isSafeInteger(entry.size) && entry.size >= 0 ? entry.size : undefined;
    const mediaType = str(entry.mediaType);
    platforms.push({
      os: sanitizeText(os, 64),
      architecture: sanitizeText(architecture, 64),
      ...(variant !== undefined ? { variant: sanitizeText(variant, 64) } : {}),
      ...(osVersion !== undefined ? { osVersion: sanitizeText(osVersion, 64) } : {}),
      digest,
      ...(size !== undefined ? { size } : {}),
      ...(mediaType !== undefined ? { mediaType: sanitizeText(mediaType, 200) } : {}),
    });
  }
  return { platforms, skippedAttestations, omittedPlatforms };
}
