// Where the tree's data comes from: the ECR data layer (lazily loaded AWS bundle) for ECR registries, the
// Registry HTTP API v2 client for generic registries and for the platforms of multi-arch images.
import * as vscode from 'vscode';
import { genericRegistry } from '../services/genericRegistries';
import type { ListingSources, PlatformListing } from './listings';
import { realmConfirmer } from '../services/realmTrust';
import type { Services } from '../services/services';
import type { EcrRegistry, GenericRegistry, Image, Platform, Problem, ProblemInfo, Registry, Repository, Tag } from '../model/types';
import { isRegistryError, registryMessage, registryProblem } from '../registry/errors';
import type { RegistryAuth, RegistryClient } from '../registry/index';
import { loadRegistry } from '../registry/load';
import { isValidDigest, isValidRepositoryName, isValidTag } from '../registry/reference';
import { debugText, isMessage, type Message } from '../model/message';
import { sanitizeText } from '../model/sanitize';

export class TreeSources implements ListingSources {
  constructor(private readonly services: Services) {}

  /** ECR registries (and problems) for the configured profiles × regions, then the generic registries. */
  async listRegistries(signal: AbortSignal): Promise<Array<Registry | Problem>> {
    const settings = this.services.settings();
    const out: Array<Registry | Problem> = [];
    try {
      out.push(...(await this.services.ecr().listRegistries({ signal })));
    } catch (err) {
      out.push({ kind: 'problem', problem: this.toProblem(err) });
    }
    for (const entry of settings.genericRegistries) {
      try {
        out.push(genericRegistry(entry));
      } catch {
        out.push({
          kind: 'problem',
          problem: {
            code: 'badResponse',
            message: registryMessage('registry.settingNotUrl', sanitizeText(entry.url, 200)),
            action: registryMessage('registry.action.fixSetting'),
            actionId: 'openSettings',
          },
        });
      }
    }
    return out;
  }

  async *listRepositories(registry: Registry, signal: AbortSignal): AsyncIterable<Repository[]> {
    if (registry.type === 'ecr') {
      yield* this.services.ecr().listRepositories(registry, { signal });
      return;
    }
    const client = await this.genericClient(registry);
    // Names are checked as they are read (the same grammar as ECR's): an invalid one is counted, never listed raw.
    let invalid = 0;
    for await (const names of client.catalog({ signal })) {
      const valid = names.filter(isValidRepositoryName);
      invalid += names.length - valid.length;
      yield valid.map((name): Repository => ({ kind: 'repository', parent: registry, name, uri: `${registry.host}/${name}` }));
    }
    if (invalid > 0) throw invalidNames(registryMessage('registry.invalidRepositoryNames', invalid, registry.host));
  }

  async *listImages(repo: Repository, signal: AbortSignal): AsyncIterable<Image[]> {
    const registry = repo.parent;
    if (registry.type === 'ecr') {
      yield* this.services.ecr().listImages(repo, { signal });
      return;
    }
    const client = await this.genericClient(registry);
    let invalid = 0;
    for await (const tags of client.tags(repo.name, { signal })) {
      const valid = tags.filter(isValidTag);
      invalid += tags.length - valid.length;
      yield valid.map((tag): Image => ({ kind: 'image', parent: repo, digest: '', tags: [tag] }));
    }
    if (invalid > 0) throw invalidNames(registryMessage('registry.invalidTags', invalid));
  }

  /** Tag rows for loaded images, in the configured order. */
  tagsOf(repo: Repository, images: Image[]): Tag[] {
    if (repo.parent.type === 'ecr') {
      const aws = this.services.aws();
      const sortBy = this.services.settings().sortBy;
      return aws.imagesToTags(aws.sortImages(images, sortBy), sortBy);
    }
    return images
      .flatMap((image) => image.tags.map((tag): Tag => ({ kind: 'tag', parent: repo, image, tag })))
      .sort((a, b) => (a.tag ?? '').localeCompare(b.tag ?? ''));
  }

  async client(registry: Registry, signal?: AbortSignal): Promise<RegistryClient> {
    return registry.type === 'ecr' ? this.ecrClient(registry, signal) : this.genericClient(registry);
  }

  /** The platforms of a multi-arch image ([] for a single-arch one), with what the index holds beyond them. */
  async platforms(tag: Tag, signal?: AbortSignal): Promise<PlatformListing> {
    const repo = tag.parent;
    const client = await this.client(repo.parent, signal);
    const reference = tag.image.digest || tag.tag || 'latest';
    const info = await client.manifest(repo.name, reference, { signal });
    const platforms = info.platforms.map((p): Platform => ({
      kind: 'platform',
      parent: tag,
      os: p.os,
      architecture: p.architecture,
      variant: p.variant,
      digest: p.digest,
      manifestSizeBytes: p.size,
      mediaType: p.mediaType,
    }));
    return { platforms, omitted: info.omittedPlatforms, referenced: info.isIndex ? referencedDigests(info.manifest) : [] };
  }

  /** The image with this tag, asked for by name (ECR: one DescribeImages call; other registries list every tag). */
  async findImageByTag(repo: Repository, tag: string, signal?: AbortSignal): Promise<Image | undefined> {
    if (repo.parent.type !== 'ecr') return undefined;
    return this.services.ecr().findImageByTag(repo, tag, { signal });
  }

  /** The digest of a tag (fetched from the registry when the listing did not include it). */
  async digestOf(tag: Tag, signal?: AbortSignal): Promise<string> {
    if (tag.image.digest) return tag.image.digest;
    const client = await this.client(tag.parent.parent, signal);
    const manifest = await client.manifest(tag.parent.name, tag.tag ?? 'latest', { signal });
    return manifest.digest;
  }

  private async ecrClient(registry: EcrRegistry, signal?: AbortSignal): Promise<RegistryClient> {
    const tokens = await this.services.ecr().getAuthorizationToken([registry], { signal });
    const token = tokens.get(registry.id) ?? [...tokens.values()][0];
    if (!token) throw new Error(vscode.l10n.t('No authorization token was returned for this registry.'));
    return new (loadRegistry().RegistryClient)({
      baseUrl: token.proxyEndpoint,
      auth: { kind: 'basic', token: token.authorizationToken },
      timeoutMs: this.services.settings().requestTimeoutMs,
    });
  }

  private async genericClient(registry: GenericRegistry): Promise<RegistryClient> {
    const password = await this.services.genericSecrets.get(registry.url);
    const auth: RegistryAuth =
      registry.username !== undefined && password !== undefined
        ? { kind: 'basic', token: Buffer.from(`${registry.username}:${password}`, 'utf8').toString('base64') }
        : { kind: 'none' };
    return new (loadRegistry().RegistryClient)({
      baseUrl: registry.url,
      auth,
      timeoutMs: this.services.settings().requestTimeoutMs,
      confirmRealm: realmConfirmer(this.services, registry.url),
    });
  }

  /** Any failure as an actionable problem (ProblemError carries one; others are classified). */
  toProblem(err: unknown, registry?: Registry): ProblemInfo {
    if (err && typeof err === 'object' && 'problem' in err && isProblemInfo((err as { problem: unknown }).problem)) {
      return (err as { problem: ProblemInfo }).problem;
    }
    if (isRegistryError(err) || registry?.type === 'generic') return registryProblem(err, registry?.type);
    return this.services.aws().classifyAwsError(err, { profile: registry?.type === 'ecr' ? registry.source.profile : undefined });
  }
}

/** The problem row that follows a listing whose server sent invalid names (they are counted, not shown). */
function invalidNames(message: Message): Error & { problem: ProblemInfo } {
  return Object.assign(new Error(debugText(message)), {
    problem: {
      code: 'badResponse' as const,
      message,
      action: registryMessage('registry.invalidNamesAction'),
      actionId: 'showLog' as const,
    },
  });
}

/** Every well-formed digest an index lists (platforms, attestations, entries beyond the platform bound). */
export function referencedDigests(manifest: Record<string, unknown>): string[] {
  const entries = manifest.manifests;
  if (!Array.isArray(entries)) return [];
  const out: string[] = [];
  for (const entry of entries as unknown[]) {
    const digest = entry && typeof entry === 'object' ? (entry as { digest?: unknown }).digest : undefined;
    if (typeof digest === 'string' && isValidDigest(digest)) out.push(digest);
  }
  return out;
}

function isProblemInfo(value: unknown): value is ProblemInfo {
  return (
    !!value && typeof value === 'object' && typeof (value as ProblemInfo).code === 'string' && isMessage((value as ProblemInfo).message)
  );
}
