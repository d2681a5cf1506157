// ECR: Scan Image — StartImageScan and wait for it (cancellable progress), then the row shows the new status and
// counts; offers the report when the scan found something.
import * as vscode from 'vscode';
import { imageRef } from '../scan/scanFlow';
import type { ScanReports } from '../scan/reports';
import type { ExplorerServices } from '../services/services';
import { tagArg } from '../tree/nodeArgs';

export async function scanImage(services: ExplorerServices, reports: ScanReports, node?: unknown): Promise<void> {
  const tag = await tagArg(services, node);
  if (!tag) return;
  if (tag.parent.parent.type !== 'ecr' || !tag.image.digest) {
    void services.ui.info(vscode.l10n.t('Scanning is available for images in Amazon ECR only.'));
    return;
  }
  const ref = imageRef(tag);
  if ((await reports.scan(tag.image, ref, tag.tag)) !== 'complete') return;
  const show = vscode.l10n.t('Show Vulnerabilities');
  const choice = await services.ui.info(vscode.l10n.t('The scan of {0} is complete.', ref), show);
  if (choice === show) reports.show(tag);
}
