// Token expiry words (src/token/expiry.ts) in the display language [vscode].
import * as vscode from 'vscode';
import type { TokenMessageId } from '../token/expiry';
import type { MessageTable } from './render';

export const tokenMessages = {
  // Compact remaining time of a login, e.g. in the status bar item "ECR 11h 42m".
  'token.expired': () => vscode.l10n.t('expired'),
  'token.lessThanMinute': () => vscode.l10n.t('<1m'),
  'token.hoursMinutes': (h, m) => vscode.l10n.t('{0}h {1}m', h, m),
  'token.hours': (h) => vscode.l10n.t('{0}h', h),
  'token.minutes': (m) => vscode.l10n.t('{0}m', m),
} satisfies MessageTable<TokenMessageId>;
