// Scan Now [vscode]: StartImageScan, then the scan waiter under a cancellable progress notification, the tree row
// refreshed when it is done; scan-specific failures explained (never scanned, once a day, unsupported…).
import * as vscode from 'vscode';
import { isScanProblem } from '../aws/imageScans';
import { renderMessage } from '../l10n/render';
import type { Image, Tag } from '../model/types';
import { describeError, errorWithLog } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import { clean } from '../model/sanitize';

/** `repo:tag` (or `repo@sha256:…`) for titles and messages, sanitised. */
export function imageRef(tag: Pick<Tag, 'parent' | 'image' | 'tag'>): string {
  return clean(tag.tag !== undefined ? `${tag.parent.name}:${tag.tag}` : `${tag.parent.name}@${tag.image.digest.slice(0, 19)}`, 300);
}

/** The text of any failure of a scan call: scan-specific problems rendered from their message, others as usual. */
export function scanErrorText(err: unknown): string {
  return isScanProblem(err) ? renderMessage(err.detail) : describeError(err);
}

export type ScanOutcome = 'complete' | 'failed' | 'cancelled';

/**
 * Starts a scan of the image and waits for it (cancellable; cancelling stops the wait, not ECR's scan). The
 * repository's rows are refreshed afterwards either way, so the tag shows the new status and counts.
 */
export async function runScan(services: ExplorerServices, image: Image, ref: string, tag?: string): Promise<ScanOutcome> {
  const repo = image.parent;
  try {
    await services.ui.withProgress(vscode.l10n.t('Scanning {0}…', ref), async (signal) => {
      const scans = services.ecr().scans;
      await scans.start(image, { signal, tag });
      await scans.waitForScan(image, { signal, tag });
    });
    return 'complete';
  } catch (err) {
    if ((err as { problem?: { code?: string } }).problem?.code === 'cancelled') {
      services.ui.flash(vscode.l10n.t('Stopped waiting; the scan of {0} goes on in ECR.', ref), 5000, 'shield');
      return 'cancelled';
    }
    services.log.error(`Scanning ${ref} failed`, err);
    const text = scanErrorText(err);
    if (isScanProblem(err) && (err.issue.kind === 'scanLimit' || err.issue.kind === 'manualScanUnavailable')) {
      void services.ui.info(text);
    } else {
      void errorWithLog(services, vscode.l10n.t('Could not scan {0}: {1}', ref, text));
    }
    return 'failed';
  } finally {
    services.tree.refresh(repo);
  }
}
