// Reveal in the Registries view [pure]: a repository by account, region and name (loading pages of
// repositories as needed), and a tag of a repository after a push or retag (re-listing it first).
import type { Node, Registry, Repository, Tag } from '../model/types';

/** What revealing needs from the tree. */
export interface RevealHost {
  registries(signal?: AbortSignal): Promise<Registry[]>;
  repositoryPages(registry: Registry, signal?: AbortSignal): AsyncIterable<Repository[]>;
  tagPages(repo: Repository, signal?: AbortSignal): AsyncIterable<Tag[]>;
  refresh(node: Node): void;
  reveal(node: Node, options: { select: boolean; focus: boolean; expand: boolean }): Promise<void>;
}

/**
 * Shows the repository `name` of ECR registry `registryId` in `region`, selected and expanded. Says why when the
 * tree does not show it (registry not configured, no such repository).
 */
export async function revealRepository(
  host: RevealHost,
  registryId: string,
  region: string,
  name: string,
  signal?: AbortSignal,
): Promise<'revealed' | 'noRegistry' | 'noRepository'> {
  const registry = (await host.registries(signal)).find(
    (r) => r.type === 'ecr' && r.registryId === registryId && r.source.region === region,
  );
  if (!registry) return 'noRegistry';
  const repo = await findRepository(host, registry, name, signal);
  if (!repo) return 'noRepository';
  await host.reveal(repo, { select: true, focus: true, expand: true });
  return 'revealed';
}

/**
 * Re-lists the repository and reveals and selects the row of `tag`; false when the tag is not listed. A login or
 * refresh may replace the rows meanwhile: the current ones are revealed, and a row VS Code could not resolve
 * while it was being re-listed is tried again.
 */
export async function revealTag(host: RevealHost, repo: Repository, tag: string, signal?: AbortSignal): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      const current = (await findRepository(host, repo.parent, repo.name, signal)) ?? repo;
      host.refresh(current);
      for await (const page of host.tagPages(current, signal)) {
        const hit = page.find((t) => t.tag === tag);
        if (hit) {
          await host.reveal(hit, { select: true, focus: false, expand: false });
          return true;
        }
      }
      return false;
    } catch (err) {
      if (signal?.aborted || attempt >= 2) throw err;
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
    }
  }
}

/** The repository row of the current listing with this name (rows are replaced when a registry refreshes). */
async function findRepository(host: RevealHost, registry: Registry, name: string, signal?: AbortSignal): Promise<Repository | undefined> {
  for await (const page of host.repositoryPages(registry, signal)) {
    const hit = page.find((r) => r.name === name);
    if (hit) return hit;
  }
  return undefined;
}
