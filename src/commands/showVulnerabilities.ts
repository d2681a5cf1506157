// ECR: Show Vulnerabilities — the findings report of an image (inline on rows with findings, context menu, or
// from the palette with pickers).
import * as vscode from 'vscode';
import type { ScanReports } from '../scan/reports';
import type { ExplorerServices } from '../services/services';
import { tagArg } from '../tree/nodeArgs';

export async function showVulnerabilities(services: ExplorerServices, reports: ScanReports, node?: unknown): Promise<void> {
  const tag = await tagArg(services, node);
  if (!tag) return;
  if (tag.parent.parent.type !== 'ecr' || !tag.image.digest) {
    void services.ui.info(vscode.l10n.t('Scan findings exist for images in Amazon ECR only.'));
    return;
  }
  reports.show(tag);
}
