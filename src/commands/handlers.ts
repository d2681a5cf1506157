// Every command's handler by id, `(services, node?)`. Lives in the lazily loaded commands bundle (dist/commands.js):
// src/commands/registerCommands.ts registers the ids at activation and loads this on the first command.
import { addRegistry } from './addRegistry';
import { addTag } from './addTag';
import { buildAndPush } from './buildAndPush';
import { chooseContainerCli } from './chooseContainerCli';
import { chooseProfiles } from './chooseProfiles';
import { chooseRegions } from './chooseRegions';
import { clearFilter } from './clearFilter';
import { copyDigestUri } from './copyDigestUri';
import { copyImageUri } from './copyImageUri';
import { copyPinnedReference } from './copyPinnedReference';
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
import { moveTag } from './moveTag';
import { diagnoseLogin } from './diagnoseLogin';
import { pullImage } from './pullImage';
import { pushImage } from './pushImage';
import { refresh } from './refresh';
import { removeRegistry } from './removeRegistry';
import { renewLogin } from './renewLogin';
import { scanImage } from './scanImage';
import { showVulnerabilities } from './showVulnerabilities';
import type { ScanReports } from '../scan/reports';
import { revealImageReference } from './revealImageReference';
import type { ExplorerServices } from '../services/services';
import { showLog } from './showLog';
import { ssoLogin } from './ssoLogin';
import { clearPreview } from './clearPreview';
import { deletePolicy } from './deletePolicy';
import { editPolicy } from './editPolicy';
import { previewLifecyclePolicy } from './previewLifecyclePolicy';
import { repositorySettings } from './repositorySettings';
import { showPreviewImages } from './showPreviewImages';
import type { PolicyHost } from '../policies/policyHost';
import { stopCredentialHelper } from './stopCredentialHelper';
import { useCredentialHelper } from './useCredentialHelper';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes command arguments untyped
export type Handler = (services: ExplorerServices, ...args: any[]) => unknown;

/** Feature objects some commands act on besides the services (created in extension.ts). */
export interface CommandFeatures {
  policies: PolicyHost;
  reports: ScanReports;
}

export function commandHandlers(features: CommandFeatures): Record<string, Handler> {
  const { policies, reports } = features;
  return {
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
    'ecrExplorer.pushImage': pushImage,
    'ecrExplorer.buildAndPush': buildAndPush,
    'ecrExplorer.addTag': addTag,
    'ecrExplorer.moveTag': moveTag,
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
    'ecrExplorer.editLifecyclePolicy': (s, node?: unknown) => editPolicy(s, policies, 'lifecycle', node),
    'ecrExplorer.editRepositoryPolicy': (s, node?: unknown) => editPolicy(s, policies, 'repository', node),
    'ecrExplorer.deletePolicy': (s, node?: unknown) => deletePolicy(s, policies, node),
    'ecrExplorer.previewLifecyclePolicy': (s, node?: unknown) => previewLifecyclePolicy(s, policies, node),
    'ecrExplorer.clearPreview': (s, node?: unknown) => clearPreview(s, policies, node),
    'ecrExplorer.showPreviewImages': (s, node?: unknown) => showPreviewImages(s, policies, node),
    'ecrExplorer.repositorySettings': (s, node?: unknown) => repositorySettings(s, policies, node),
    'ecrExplorer.showVulnerabilities': (s, node: unknown) => showVulnerabilities(s, reports, node),
    'ecrExplorer.scanImage': (s, node: unknown) => scanImage(s, reports, node),
    'ecrExplorer.useCredentialHelper': useCredentialHelper,
    'ecrExplorer.stopCredentialHelper': stopCredentialHelper,
    'ecrExplorer.revealImageReference': revealImageReference,
    'ecrExplorer.copyPinnedReference': copyPinnedReference,
  };
}
