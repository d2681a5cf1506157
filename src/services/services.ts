// What commands, the tree and the status bar share. Built once in extension.ts and passed to constructors
// (no global mutable state).
import type * as vscode from 'vscode';
import type { Aws } from '../aws/load';
import type { EcrService, ExplorerConfig } from '../aws/index';
import { type CliKind } from '../login/cliBase';
import type { LoadMore, Node, Registry, Repository, Tag } from '../model/types';
import type { RegistryClient } from '../registry/index';
import type { LoginStoreApi } from '../token/loginStore';
import type { GenericSecretStore } from './genericSecretStore';
import type { Ui } from './ui';

/** Settings as read for this window, with workspace trust applied. */
export interface ExplorerSettings extends ExplorerConfig {
  containerCli: CliKind;
  containerCliPath?: string;
  containerCliArgs: string[];
  genericRegistries: Array<{ url: string; username?: string }>;
  sortBy: 'pushedAt' | 'tag';
  loginTimeoutMs: number;
  closeTerminalOnSuccess: boolean;
  autoRenew: boolean;
  autoRenewMinutesBefore: number;
  warningMinutes: number;
}

export interface TreeApi {
  refresh(node?: Node): void;
  /**
   * The node the tree produced that `arg` names (looked up by its id), or undefined. Command handlers take their
   * node through this, so a plain object from executeCommand or a `command:` URI is never acted on.
   */
  node(arg: unknown): Node | undefined;
  /** Registries currently known to the tree (loaded lazily; may trigger a listing). */
  registries(signal?: AbortSignal): Promise<Registry[]>;
}

/** What the tree offers the browsing commands beyond TreeApi (paging, filter, quick-pick data). */
export interface ExplorerTree extends TreeApi {
  readonly filter: string;
  setFilter(text: string): void;
  /** Shows the next page below a "Load more…" row. */
  loadMore(node: LoadMore): Promise<void>;
  /** A registry's repositories as pages arrive (shares the tree's listing). */
  repositoryPages(registry: Registry, signal?: AbortSignal): AsyncIterable<Repository[]>;
  /** A repository's tag rows once listed (shares the tree's listing). */
  tagPages(repo: Repository, signal?: AbortSignal): AsyncIterable<Tag[]>;
  /** The digest of a tag, fetched from the registry when the listing has none (generic registries). */
  digestOf(tag: Tag, signal?: AbortSignal): Promise<string>;
  /** A Registry HTTP API v2 client for the registry (ECR: token from GetAuthorizationToken). */
  registryClient(registry: Registry, signal?: AbortSignal): Promise<RegistryClient>;
}

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly ui: Ui;
  settings(): ExplorerSettings;
  /** Loads the AWS bundle on first call. */
  aws(): Aws;
  /** The EcrService for the current settings (rebuilt when settings change). Loads the AWS bundle. */
  ecr(): EcrService;
  readonly logins: LoginStoreApi;
  /** Generic registries' passwords (SecretStorage, indexed so orphans can be pruned). */
  readonly genericSecrets: GenericSecretStore;
  readonly tree: TreeApi;
}

/** The services the tree and browsing commands get: the same object, with the full tree API. */
export interface ExplorerServices extends Services {
  readonly tree: ExplorerTree;
}
