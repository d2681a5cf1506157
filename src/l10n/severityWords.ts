// Severities of scan findings in the display language: the tree, its tooltips and the findings report say them alike.
import * as vscode from 'vscode';
import type { Severity } from '../model/types';

/** A severity in the display language (ECR's names, e.g. CRITICAL, are the English words). */
export function severityWord(severity: Severity): string {
  switch (severity) {
    case 'CRITICAL':
      return vscode.l10n.t('Critical');
    case 'HIGH':
      return vscode.l10n.t('High');
    case 'MEDIUM':
      return vscode.l10n.t('Medium');
    case 'LOW':
      return vscode.l10n.t('Low');
    case 'INFORMATIONAL':
      return vscode.l10n.t('Informational');
    default:
      return vscode.l10n.t('Undefined');
  }
}
