// What commands, the tree and the status bar share. Built once in extension.ts and passed to constructors
// (no global mutable state).
import type * as vscode from 'vscode';
import type { Aws } from '../aws/load';
import type { EcrService, ExplorerConfig } from '../aws/index';
import type { LoginRecord, Node, Registry } from '../model/types';
import type { Ui } from './ui';

/** Settings as read for this window, with workspace trust applied. */
export interface ExplorerSettings extends ExplorerConfig {
  containerCli: 'docker' | 'podman' | 'finch' | 'nerdctl';
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

/** Login records (no secrets) in globalState; the status bar and the tree read them. */
export interface LoginStoreApi {
  all(): LoginRecord[];
  get(key: string): LoginRecord | undefined;
  record(rec: LoginRecord): Promise<void>;
  remove(key: string): Promise<void>;
  /** Re-read globalState (another window may have written it). */
  reload(): void;
  readonly onDidChange: vscode.Event<void>;
}

export interface TreeApi {
  refresh(node?: Node): void;
  /** Registries currently known to the tree (loaded lazily; may trigger a listing). */
  registries(signal?: AbortSignal): Promise<Registry[]>;
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
  readonly tree: TreeApi;
}
