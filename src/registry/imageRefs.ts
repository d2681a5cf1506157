// The image references the copy and pull commands produce, built with the registry client's validating formatter [pure].
import type { Platform, Registry, Repository, Tag } from '../model/types';
import { formatImageUri } from './reference';

/** `host/repo:tag` (an untagged image: `host/repo@sha256:…`). */
export function imageUri(tag: Tag): string {
  const repo = tag.parent;
  return tag.tag !== undefined
    ? formatImageUri({ host: repo.parent.host, repo: repo.name, tag: tag.tag })
    : formatImageUri({ host: repo.parent.host, repo: repo.name, digest: tag.image.digest });
}

/** `host/repo@sha256:…`. */
export function digestUri(repo: Repository, digest: string): string {
  return formatImageUri({ host: repo.parent.host, repo: repo.name, digest });
}

/** `host/repo:tag@sha256:…`: readable and immutable. */
export function pinnedUri(tag: Tag, digest: string): string {
  return formatImageUri({ host: tag.parent.parent.host, repo: tag.parent.name, tag: tag.tag, digest });
}

/** `os/architecture[/variant]`, e.g. `linux/arm64/v8`. */
export function platformName(p: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return [p.os, p.architecture, p.variant].filter((x) => x).join('/');
}

export function platformUri(p: Platform): string {
  return digestUri(p.parent.parent, p.digest);
}

export function repositoryUri(repo: Repository): string {
  return formatImageUri({ host: repo.parent.host, repo: repo.name });
}

/** The registry speaks plain HTTP (a local emulator or registry); the CLI builders honour it for loopback only. */
export function isPlainHttp(registry: Registry): boolean {
  return (registry.type === 'ecr' ? registry.uri : registry.url).startsWith('http:');
}
