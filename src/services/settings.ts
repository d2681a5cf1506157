// The settings of this window, read through the pure reader (src/services/settingsReader.ts) with VS Code's
// configuration and workspace trust.
import * as vscode from 'vscode';
import type { ExplorerSettings } from './services';
import { readSettingsFrom } from './settingsReader';

export { genericRegistriesFrom, stringRecord } from './settingsReader';

export const SECTION = 'ecrExplorer';

export function readSettings(
  config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration(SECTION),
  trusted: boolean = vscode.workspace.isTrusted,
): ExplorerSettings {
  return readSettingsFrom(config, trusted);
}
