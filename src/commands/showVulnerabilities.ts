// ECR: Show Vulnerabilities — the findings report of an image (inline on rows with findings, context menu, from the
// palette with pickers, or from an image reference's hover).
import * as vscode from 'vscode';
import type { EcrRegistry, Repository, Tag } from '../model/types';
import { parseReferenceCommandArgs, type ReferenceCommandArgs } from '../references/commandArgs';
import { registryNotShown, repositoryNotFound } from '../references/referenceNotices';
import type { ScanReports } from '../scan/reports';
import { describeError, errorWithLog } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { tagArg } from '../tree/nodeArgs';

export async function showVulnerabilities(services: ExplorerServices, reports: ScanReports, node?: unknown): Promise<void> {
  if (isReferenceArgument(node)) {
    // From a hover link: plain data, re-validated; an argument that does not validate does nothing.
    const ref = parseReferenceCommandArgs(node);
    if (ref?.digest) await showForReference(services, reports, ref, ref.digest);
    return;
  }
  const tag = await tagArg(services, node);
  if (!tag) return;
  if (tag.parent.parent.type !== 'ecr' || !tag.image.digest) {
    void services.ui.info(vscode.l10n.t('Scan findings exist for images in Amazon ECR only.'));
    return;
  }
  reports.show(tag);
}

/** A hover's reference arguments (an object naming a registry host), as opposed to a tree node or nothing. */
function isReferenceArgument(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && !Array.isArray(arg) && 'host' in arg && !('kind' in arg);
}

/**
 * The report of a referenced image. The registry is one the tree lists (matched by account and region: its profile
 * and endpoint come from the settings, never from the argument), the repository a row of its listing, the tag row the
 * tree's when it still points to the digest, else the image by digest alone.
 */
async function showForReference(
  services: ExplorerServices,
  reports: ScanReports,
  ref: ReferenceCommandArgs,
  digest: string,
): Promise<void> {
  try {
    const registry = (await services.tree.registries()).find(
      (r): r is EcrRegistry => r.type === 'ecr' && r.registryId === ref.registryId && r.source.region === ref.region,
    );
    if (!registry) return await registryNotShown(services, ref);
    let repo: Repository | undefined;
    for await (const page of services.tree.repositoryPages(registry)) {
      repo = page.find((r) => r.name === ref.repository);
      if (repo) break;
    }
    if (!repo) return await repositoryNotFound(services, ref);
    const row = ref.tag !== undefined ? await services.tree.findTag(repo, ref.tag) : undefined;
    const tag: Tag =
      row && row.image.digest === digest ? row : { kind: 'tag', parent: repo, image: { kind: 'image', parent: repo, digest, tags: [] } };
    reports.show(tag);
  } catch (err) {
    services.log.error('Showing the vulnerabilities of an image reference failed', err);
    await errorWithLog(services, describeError(err));
  }
}
