// The only place commands are registered. Each handler is `(services, node?)`; the returned Disposable goes into
// context.subscriptions.
import * as vscode from 'vscode';
import { addRegistry } from './addRegistry';
import { chooseContainerCli } from './chooseContainerCli';
import { chooseProfiles } from './chooseProfiles';
import { chooseRegions } from './chooseRegions';
import { clearFilter } from './clearFilter';
import { copyDigestUri } from './copyDigestUri';
import { copyImageUri } from './copyImageUri';
import { copyPinnedUri } from './copyPinnedUri';
import { copyPullCommand } from './copyPullCommand';
import { copyRepositoryUri } from './copyRepositoryUri';
import { copyTag } from './copyTag';
import { createRepository } from './createRepository';
import { deleteImage } from './deleteImage';
import { deleteRepository } from './deleteRepository';
import { filter } from './filter';
import { loadMore } from './loadMore';
import { login } from './login';
import { loginAll } from './loginAll';
import { logout } from './logout';
import { diagnoseLogin } from './diagnoseLogin';
import { pullImage } from './pullImage';
import { refresh } from './refresh';
import { removeRegistry } from './removeRegistry';
import { renewLogin } from './renewLogin';
import type { ExplorerServices } from '../services/services';
import { showLog } from './showLog';
import { ssoLogin } from './ssoLogin';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes command arguments untyped
type Handler = (services: ExplorerServices, ...args: any[]) => unknown;

export function registerCommands(services: ExplorerServices): vscode.Disposable {
  const commands: Record<string, Handler> = {
    'ecrExplorer.refresh': refresh,
    'ecrExplorer.loadMore': loadMore,
    'ecrExplorer.filter': filter,
    'ecrExplorer.clearFilter': clearFilter,
    'ecrExplorer.chooseProfiles': chooseProfiles,
    'ecrExplorer.chooseRegions': chooseRegions,
    'ecrExplorer.chooseContainerCli': chooseContainerCli,
    'ecrExplorer.addRegistry': addRegistry,
    'ecrExplorer.removeRegistry': removeRegistry,
    'ecrExplorer.copyImageUri': copyImageUri,
    'ecrExplorer.copyDigestUri': copyDigestUri,
    'ecrExplorer.copyPinnedUri': copyPinnedUri,
    'ecrExplorer.copyPullCommand': copyPullCommand,
    'ecrExplorer.copyRepositoryUri': copyRepositoryUri,
    'ecrExplorer.copyTag': copyTag,
    'ecrExplorer.pullImage': pullImage,
    'ecrExplorer.deleteImage': deleteImage,
    'ecrExplorer.createRepository': createRepository,
    'ecrExplorer.deleteRepository': deleteRepository,
    'ecrExplorer.ssoLogin': ssoLogin,
    'ecrExplorer.showLog': showLog,
    'ecrExplorer.login': login,
    'ecrExplorer.loginAll': loginAll,
    'ecrExplorer.renewLogin': renewLogin,
    'ecrExplorer.logout': logout,
    'ecrExplorer.diagnoseLogin': diagnoseLogin,
  };
  return vscode.Disposable.from(
    ...Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(services, ...args)),
    ),
  );
}
