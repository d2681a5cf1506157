// Renderers of the scan domain's messages (src/scan/messages.ts) in the display language.
import * as vscode from 'vscode';
import type { ScanMessageId } from '../scan/messages';
import { formatDateTime } from '../tree/format';
import type { MessageTable } from './render';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isFinite(date.getTime()) ? formatDateTime(date, vscode.env.language) : iso;
}

export const scanMessages = {
  'scan.neverScanned': (ref) => vscode.l10n.t('{0} has not been scanned yet.', ref),
  'scan.limit': (ref, iso) =>
    vscode.l10n.t('{0} was scanned in the last 24 hours, and ECR allows one manual scan per image a day. Try again after {1}.', ref, when(iso)),
  'scan.limitUnknown': (ref) => vscode.l10n.t('{0} was scanned in the last 24 hours, and ECR allows one manual scan per image a day.', ref),
  'scan.unsupported': (ref, description) =>
    description
      ? vscode.l10n.t('ECR cannot scan {0}: {1}', ref, description)
      : vscode.l10n.t('ECR cannot scan {0} (its operating system or package manager is not supported, or it is an image index).', ref),
  'scan.manualUnavailable': (ref) =>
    vscode.l10n.t(
      'Manual scans are not available for {0}: this registry uses enhanced scanning (Amazon Inspector scans continuously) or manual scanning is turned off.',
      ref,
    ),
  'scan.failed': (ref, description) => vscode.l10n.t('The scan of {0} failed: {1}', ref, description),
  'scan.waitTimeout': (ref, minutes) =>
    vscode.l10n.t('The scan of {0} did not finish within {1} minutes; it goes on in ECR. Refresh later to see its findings.', ref, minutes),
} satisfies MessageTable<ScanMessageId>;
