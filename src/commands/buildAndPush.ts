// ECR: Build and Push… — from a Dockerfile/Containerfile in the Explorer, the palette (picks one in the workspace)
// or a repository row: the repository, the tag (the workspace's short git commit, else `latest`), optionally the
// platforms; then `<cli> build -f <file> -t <uri:tag> [--platform …] <context>` and the push in one terminal.
// Disabled in Restricted Mode (a build runs the file's instructions with build arguments from the settings).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceDirs } from '../services/executables';
import { findGit, shortCommit } from '../login/gitRevision';
import { askTag, pushAndReveal } from '../login/pushUi';
import { pickTargetRepository } from '../tree/pickNode';
import type { ExplorerServices } from '../services/services';

const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,*.dockerfile,*.Dockerfile,Dockerfile.*,Containerfile.*}';
const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/ppc64le', 'linux/s390x'];

async function pickDockerfile(services: ExplorerServices): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 500);
  if (files.length === 0) {
    await services.ui.info(vscode.l10n.t('No Dockerfile or Containerfile was found in the workspace.'));
    return undefined;
  }
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  return services.ui.pickOne(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri, true), value: uri })),
    {
      title: vscode.l10n.t('Build and Push: Dockerfile'),
      placeHolder: vscode.l10n.t('Choose the file to build'),
      matchOnDescription: true,
    },
  );
}

async function defaultTag(folder: vscode.WorkspaceFolder): Promise<string> {
  const git = await findGit(process.env, workspaceDirs());
  return (git && (await shortCommit(git, folder.uri.fsPath))) || 'latest';
}

/**
 * `arg`: a Dockerfile's Uri (Explorer menu), a repository/registry row (tree menu), or nothing (palette).
 * `target`: with a Uri, a repository row to push to (VS Code passes the selected Uris as an array instead).
 */
export async function buildAndPush(services: ExplorerServices, arg?: unknown, target?: unknown): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const choice = await services.ui.warn(
      vscode.l10n.t(
        'Build and Push is disabled in Restricted Mode: a build runs the instructions of a file from this workspace. Trust the workspace to build and push.',
      ),
      {},
      manage,
    );
    if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }
  const uri = arg instanceof vscode.Uri ? arg : await pickDockerfile(services);
  if (!uri) return false;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (uri.scheme !== 'file' || !folder) {
    await services.ui.error(
      vscode.l10n.t(
        '{0} is outside the workspace folders: only files of the (trusted) workspace can be built.',
        uri.fsPath || uri.toString(),
      ),
    );
    return false;
  }
  const start = arg instanceof vscode.Uri ? (Array.isArray(target) ? undefined : target) : arg;
  const repo = await pickTargetRepository(services, start, vscode.l10n.t('Build and Push (1/3): repository'));
  if (!repo) return false;
  const tag = await askTag(services, repo, await defaultTag(folder), vscode.l10n.t('Build and Push (2/3): tag'));
  if (!tag) return false;
  const platforms = await services.ui.pickMany(
    PLATFORMS.map((p) => ({ label: p, value: p })),
    { title: vscode.l10n.t('Build and Push (3/3): platforms (none chosen: the CLI’s default)') },
  );
  if (platforms === undefined) return false;
  services.log.info(`Build and Push: ${uri.fsPath} → ${repo.uri}:${tag}${platforms.length ? ` for ${platforms.join(',')}` : ''}`);
  return pushAndReveal(services, { repo, tag, build: { file: uri.fsPath, context: path.dirname(uri.fsPath), platforms } });
}
