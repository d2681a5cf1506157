// ECR: Choose Container CLI — offers docker, podman, finch and nerdctl (those found on PATH first, with their
// location) or a full path, saved to the user settings ecrExplorer.containerCli / ecrExplorer.containerCliPath
// (machine-scoped: a workspace can never choose the program a token goes to).
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLI_KINDS, type CliKind } from '../login/cliBase';
import { findOnPath } from '../login/cliDiscovery';
import { workspaceDirs } from '../services/executables';
import type { ExplorerServices } from '../services/services';
import type { PickItem } from '../services/ui';

type Choice = { kind: CliKind } | { kind: 'path' };

/** Undefined when `file` is an executable file, else why not (for the input box). */
export async function executableProblem(file: string): Promise<string | undefined> {
  if (!file.trim() || !path.isAbsolute(file.trim())) return vscode.l10n.t('Enter the full path of the executable.');
  try {
    if (!(await stat(file)).isFile()) return vscode.l10n.t('{0} is not a file.', file);
    await access(file, fsConstants.X_OK);
    return undefined;
  } catch {
    return vscode.l10n.t('{0} does not exist or is not executable.', file);
  }
}

export async function chooseContainerCli(services: ExplorerServices): Promise<string | undefined> {
  const settings = services.settings();
  const items = (async (): Promise<PickItem<Choice>[]> => {
    const found = await Promise.all(CLI_KINDS.map(async (kind) => ({ kind, where: await findOnPath(kind, process.env, workspaceDirs()) })));
    found.sort((a, b) => Number(!a.where) - Number(!b.where));
    const clis: PickItem<Choice>[] = found.map(({ kind, where }) => ({
      label: kind,
      description: where ?? vscode.l10n.t('not found on PATH'),
      detail: !settings.containerCliPath && settings.containerCli === kind ? vscode.l10n.t('Current choice') : undefined,
      value: { kind },
    }));
    return [
      ...clis,
      {
        label: vscode.l10n.t('Full path of an executable…'),
        description: settings.containerCliPath || undefined,
        detail: settings.containerCliPath ? vscode.l10n.t('Current choice') : undefined,
        value: { kind: 'path' },
      },
    ];
  })();
  const choice = await services.ui.pickOne(items, {
    title: vscode.l10n.t('Container CLI for logins and pulls'),
    placeHolder: vscode.l10n.t('Found on PATH first'),
    matchOnDescription: true,
  });
  if (!choice) return undefined;
  const config = vscode.workspace.getConfiguration('ecrExplorer');
  if (choice.kind === 'path') {
    const file = await services.ui.input({
      title: vscode.l10n.t('Container CLI executable'),
      prompt: vscode.l10n.t('The full path of docker, podman, finch or nerdctl (or a compatible CLI).'),
      value: settings.containerCliPath ?? '',
      validateInput: executableProblem,
    });
    if (file === undefined) return undefined;
    await config.update('containerCliPath', file.trim(), vscode.ConfigurationTarget.Global);
    services.ui.flash(vscode.l10n.t('Container CLI: {0}', file));
    return file;
  }
  await config.update('containerCli', choice.kind, vscode.ConfigurationTarget.Global);
  // A path would win over the choice just made.
  if (settings.containerCliPath) await config.update('containerCliPath', undefined, vscode.ConfigurationTarget.Global);
  services.ui.flash(vscode.l10n.t('Container CLI: {0}', choice.kind));
  return choice.kind;
}
