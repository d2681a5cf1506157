// Where executables are looked for on this machine: PATH without empty or relative entries and without the
// workspace folders (a workspace must never plant the program a token goes to), see src/login/cliDiscovery.ts.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { resolveExecutable } from '../login/cliDiscovery';

/** The local workspace folders: never searched for executables. */
export function workspaceDirs(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The absolute path `command` runs from (see resolveExecutable), or undefined when there is none to trust. */
export function resolveCommand(command: string): Promise<string | undefined> {
  return resolveExecutable(command, process.env, workspaceDirs());
}

/** The working directory of every process the extension starts. */
export function processCwd(): string {
  return os.homedir();
}
