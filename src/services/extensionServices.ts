// The Services implementation: settings read once per change, the AWS bundle loaded on first use, one
// EcrService per effective configuration (rebuilt when the ECR-relevant settings change).
import * as vscode from 'vscode';
import type { EcrService } from '../aws/index';
import { loadAws, type Aws } from '../aws/load';
import type { CredHelperApi } from '../login/credHelperHosts';
import type { LoginStoreApi } from '../token/loginStore';
import type { ExplorerServices, ExplorerSettings, ExplorerTree, ReferenceCacheApi } from './services';
import { readSettings, SECTION } from './settings';
import { GenericSecretStore } from './genericSecretStore';
import type { Ui } from './ui';

export class ExtensionServices implements ExplorerServices, vscode.Disposable {
  private cachedSettings: ExplorerSettings | undefined;
  private service: { key: string; ecr: EcrService } | undefined;
  private treeApi: ExplorerTree | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly genericSecrets: GenericSecretStore;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    readonly ui: Ui,
    readonly logins: LoginStoreApi,
    readonly credHelpers: CredHelperApi,
  ) {
    this.genericSecrets = new GenericSecretStore(context.secrets, context.globalState);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.cachedSettings = undefined;
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.cachedSettings = undefined;
      }),
    );
  }

  private referenceCache: ReferenceCacheApi | undefined;

  /** The image references feature is built after the services (it needs them); attached once. */
  attachReferences(references: ReferenceCacheApi): void {
    this.referenceCache = references;
  }

  get references(): ReferenceCacheApi | undefined {
    return this.referenceCache;
  }

  /** The tree is built after the services (it needs them); attached once. */
  attachTree(tree: ExplorerTree): void {
    this.treeApi = tree;
  }

  get tree(): ExplorerTree {
    if (!this.treeApi) throw new Error(vscode.l10n.t('The tree is not ready yet.'));
    return this.treeApi;
  }

  settings(): ExplorerSettings {
    this.cachedSettings ??= readSettings();
    return this.cachedSettings;
  }

  aws(): Aws {
    return loadAws();
  }

  ecr(): EcrService {
    const s = this.settings();
    const key = JSON.stringify([s.profiles, s.regions, s.registryIds, s.endpoint, s.requestTimeoutMs, s.useFips, s.useDualStack]);
    if (this.service?.key !== key) {
      this.service?.ecr.dispose();
      const { EcrService } = this.aws();
      this.service = {
        key,
        ecr: new EcrService({
          profiles: s.profiles,
          regions: s.regions,
          registryIds: s.registryIds,
          endpoint: s.endpoint,
          requestTimeoutMs: s.requestTimeoutMs,
          useFips: s.useFips,
          useDualStack: s.useDualStack,
        }),
      };
    }
    return this.service.ecr;
  }

  dispose(): void {
    this.service?.ecr.dispose();
    this.service = undefined;
    for (const d of this.subscriptions) d.dispose();
  }
}
