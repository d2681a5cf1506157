// What commands, the tree and the status bar share. Built once in extension.ts and passed to constructors
// (no global mutable state).
import type * as vscode from 'vscode';
import type { Aws } from '../aws/load';
import type { EcrService, ExplorerConfig } from '../aws/index';
import { type CliKind } from '../login/cliBase';
import type { CredHelperApi } from '../login/credHelperHosts';
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
  /** Most images of one repository loaded before the user asks for all (ecrExplorer.images.maxLoaded, clamped). */
  maxLoadedImages: number;
  loginTimeoutMs: number;
  closeTerminalOnSuccess: boolean;
  autoRenew: boolean;
  autoRenewMinutesBefore: number;
  warningMinutes: number;
  /** Build arguments for Build and Push (user settings only; empty in an untrusted workspace). */
  buildArgs: Record<string, string>;
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
  /** A tag's row: from the loaded images, else one DescribeImages call by tag (undefined when it does not exist). */
  findTag(repo: Repository, tag: string, signal?: AbortSignal): Promise<Tag | undefined>;
  /** The digest of a tag, fetched from the registry when the listing has none (generic registries). */
  digestOf(tag: Tag, signal?: AbortSignal): Promise<string>;
  /** A Registry HTTP API v2 client for the registry (ECR: token from GetAuthorizationToken). */
  registryClient(registry: Registry, signal?: AbortSignal): Promise<RegistryClient>;
  /** Re-lists the repository and reveals and selects the row of `tag`; false when the tag is not (yet) listed. */
  revealTag(repo: Repository, tag: string, signal?: AbortSignal): Promise<boolean>;
  /** Selects and expands an ECR repository in the view (image references' Reveal in ECR Explorer). */
  revealRepository(
    registryId: string,
    region: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<'revealed' | 'noRegistry' | 'noRepository'>;
}

/** The image references' answer cache, invalidated by Refresh (and by push, delete and retag). */
export interface ReferenceCacheApi {
  invalidate(filter?: { registryId?: string; region?: string; repository?: string }): void;
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
  /** Which registries the Amazon ECR credential helper serves, and what this extension set up. */
  readonly credHelpers: CredHelperApi;
  readonly tree: TreeApi;
  /** Image references in workspace files (attached after activation wiring; absent in tests that build services alone). */
  readonly references?: ReferenceCacheApi;
}

/** The services the tree and browsing commands get: the same object, with the full tree API. */
export interface ExplorerServices extends Services {
  readonly tree: ExplorerTree;
}
