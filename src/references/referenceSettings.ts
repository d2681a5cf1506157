// Settings of the image references feature [vscode], with workspace trust applied: problems (and the lookups and
// quick fixes they need) only in trusted workspaces; hovers always (read-only).
import * as vscode from 'vscode';
import type { FindingsThreshold } from './referenceProblems';

export interface ReferenceSettings {
  /** Problems for image references: the setting, and never in an untrusted workspace. */
  readonly diagnostics: boolean;
  readonly threshold: FindingsThreshold;
}

const THRESHOLDS: readonly FindingsThreshold[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'none'];

export function readReferenceSettings(
  config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration('ecrExplorer.references'),
  trusted: boolean = vscode.workspace.isTrusted,
): ReferenceSettings {
  const threshold = config.get<string>('findingsThreshold');
  return {
    diagnostics: trusted && config.get<boolean>('diagnostics') !== false,
    threshold: (THRESHOLDS as readonly string[]).includes(threshold ?? '') ? (threshold as FindingsThreshold) : 'CRITICAL',
  };
}
