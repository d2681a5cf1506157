// The token-expiry status bar item's words (src/status/statusText.ts) in the display language [vscode].
import * as vscode from 'vscode';
import type { StatusMessageId } from '../status/statusText';
import type { MessageTable } from './render';

export const statusMessages = {
  // {0} is the time left, already localised: "11h 42m", "expired".
  'status.bar': (remaining) => vscode.l10n.t('ECR {0}', remaining),
  'status.ariaValid': (host, remaining) => vscode.l10n.t('ECR login for {0} expires in {1}', host, remaining),
  'status.ariaValidFirstOf': (host, remaining, count) =>
    vscode.l10n.t('ECR login for {0} expires in {1}, the first of {2} logins', host, remaining, count),
  'status.ariaExpired': () => vscode.l10n.t('ECR login expired'),
  'status.ariaExpiredOf': (expired, count) => vscode.l10n.t('{0} of {1} ECR logins expired', expired, count),
  'status.tooltipTitle': () => vscode.l10n.t('ECR logins'),
  'status.columnRegistry': () => vscode.l10n.t('Registry'),
  'status.columnProfile': () => vscode.l10n.t('Profile'),
  'status.columnRegion': () => vscode.l10n.t('Region'),
  'status.columnExpires': () => vscode.l10n.t('Expires'),
  'status.columnLeft': () => vscode.l10n.t('Left'),
  'status.defaultProfile': () => vscode.l10n.t('default'),
  'status.renew': () => vscode.l10n.t('Renew'),
  'status.clickHint': () => vscode.l10n.t('Click to renew the expired or soonest-expiring login.'),
  'status.helperBar': () => vscode.l10n.t('ECR helper'),
  'status.ariaHelper': (count) =>
    count === '1'
      ? vscode.l10n.t('One ECR registry uses the credential helper: no login needed')
      : vscode.l10n.t('{0} ECR registries use the credential helper: no login needed', count),
  'status.helperCell': () => vscode.l10n.t('credential helper'),
} satisfies MessageTable<StatusMessageId>;
