// The status bar item's words, through vscode.l10n (the pure statusText.ts receives them as StatusMessages).
import * as vscode from 'vscode';
import type { StatusMessages } from './statusText';

export const statusMessages: StatusMessages = {
  // {0} is the time left, already localised: "11h 42m", "expired".
  barText: (remaining) => vscode.l10n.t('ECR {0}', remaining),
  ariaValid: (host, remaining, count) =>
    count === 1
      ? vscode.l10n.t('ECR login for {0} expires in {1}', host, remaining)
      : vscode.l10n.t('ECR login for {0} expires in {1}, the first of {2} logins', host, remaining, count),
  ariaExpired: (expired, count) =>
    count === 1 ? vscode.l10n.t('ECR login expired') : vscode.l10n.t('{0} of {1} ECR logins expired', expired, count),
  tooltipTitle: () => vscode.l10n.t('ECR logins'),
  columnRegistry: () => vscode.l10n.t('Registry'),
  columnProfile: () => vscode.l10n.t('Profile'),
  columnRegion: () => vscode.l10n.t('Region'),
  columnExpires: () => vscode.l10n.t('Expires'),
  columnLeft: () => vscode.l10n.t('Left'),
  defaultProfile: () => vscode.l10n.t('default'),
  renew: () => vscode.l10n.t('Renew'),
  clickHint: () => vscode.l10n.t('Click to renew the expired or soonest-expiring login.'),
  helperBarText: () => vscode.l10n.t('ECR helper'),
  ariaHelper: (count) =>
    count === 1
      ? vscode.l10n.t('One ECR registry uses the credential helper: no login needed')
      : vscode.l10n.t('{0} ECR registries use the credential helper: no login needed', count),
  helperCell: () => vscode.l10n.t('credential helper'),
};
