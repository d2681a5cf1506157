// The part of the policies feature in the main bundle [vscode]: registers the `ecr-explorer:` file system and the
// image-row decorations at activation and hands every call to the PolicyFeature of the lazily loaded policies
// bundle (src/policies/load.ts), which is created on first use. Until then no row is marked.
import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { loadPolicies } from './load';
import type { PolicyFeature } from './policyFeature';
import { POLICY_SCHEME } from './policyUri';

export class PolicyHost implements vscode.FileSystemProvider, vscode.FileDecorationProvider {
  private readonly fileChanges = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.fileChanges.event;
  private readonly decorationChanges = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.decorationChanges.event;
  private loaded?: PolicyFeature;
  /** Why each policy document is being saved (onWillSaveTextDocument), so that auto saves can be refused. */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();

  constructor(private readonly services: Services) {}

  /** The feature (loads the policies bundle on the first call). */
  feature(): PolicyFeature {
    this.loaded ??= new (loadPolicies().PolicyFeature)(this.services, {
      fileChanged: (events) => this.fileChanges.fire(events),
      decorationsChanged: (uris) => this.decorationChanges.fire(uris),
    });
    return this.loaded;
  }

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.workspace.registerFileSystemProvider(POLICY_SCHEME, this, { isCaseSensitive: true }),
      vscode.window.registerFileDecorationProvider(this),
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.scheme === POLICY_SCHEME) this.saveReasons.set(e.document.uri.toString(), e.reason);
      }),
      this.fileChanges,
      this.decorationChanges,
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    return this.loaded?.provideFileDecoration(uri);
  }

  stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.feature().fs.stat(uri);
  }
  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.feature().fs.readFile(uri);
  }
  /**
   * Saving writes to ECR, so only an explicit save does: an auto save (after a delay, on focus change) of a
   * half-edited policy is refused and the document stays dirty until the user saves.
   */
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t('Policies are written to ECR only when you save them yourself (auto save skips them).'),
      );
    }
    return this.feature().fs.writeFile(uri, content);
  }
  delete(uri: vscode.Uri): Promise<void> {
    return this.feature().fs.delete(uri);
  }
  // A flat namespace of two documents per repository: no directories to list, create, rename or watch.
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}
