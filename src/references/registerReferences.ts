// Image references at activation [vscode]: registers the hover, code action and document link providers and the
// document listeners, and nothing else. The implementation (scanner, YAML parser, resolver: dist/references.js) is
// loaded for the first document that names an ECR host; other files are answered by one string test.
import * as vscode from 'vscode';
import type { ReferenceCacheApi, ExplorerServices } from '../services/services';
import { mayContainEcrHost } from './ecrHost';
import type { ImageReferences } from './imageReferences';
import { isReferencesLoaded, loadReferences } from './load';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { language: 'yaml' },
  { language: 'dockercompose' },
  { language: 'github-actions-workflow' },
  { language: 'helm' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'terraform' },
  { language: 'terraform-vars' },
  { language: 'hcl' },
  { pattern: '**/{Dockerfile,Containerfile,*.dockerfile,*.containerfile,Dockerfile.*,Containerfile.*}' },
  { pattern: '**/*.{tf,tfvars,hcl,yml,yaml,json}' },
];

/** A document of a kind the scanner reads (the providers' selector), before any of its text is looked at. */
function scannable(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(SELECTOR, doc) > 0;
}

export class ReferencesShell implements ReferenceCacheApi, vscode.Disposable {
  private impl: ImageReferences | undefined;
  private failed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: ExplorerServices) {}

  /** The implementation once loaded; loads it for a document that names an ECR host. */
  private forDocument(doc: vscode.TextDocument): ImageReferences | undefined {
    if (this.impl || this.failed) return this.impl;
    if (!mayContainEcrHost(doc.getText())) return undefined;
    try {
      this.impl = new (loadReferences().ImageReferences)(this.services);
    } catch (err) {
      // A broken installation (the bundle missing) is logged once; the rest of the extension keeps working.
      this.failed = true;
      this.services.log.error('Image references are unavailable: their bundle could not be loaded', err);
      return undefined;
    }
    this.impl.start();
    return this.impl;
  }

  register(): vscode.Disposable {
    this.subscriptions.push(
      vscode.languages.registerHoverProvider(SELECTOR, {
        provideHover: (doc, position, token) => this.forDocument(doc)?.provideHover(doc, position, token),
      }),
      vscode.languages.registerCodeActionsProvider(
        SELECTOR,
        {
          provideCodeActions: (doc, range, context, token) => this.forDocument(doc)?.provideCodeActions(doc, range, context, token),
        },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
      vscode.languages.registerDocumentLinkProvider(SELECTOR, {
        provideDocumentLinks: (doc) => this.forDocument(doc)?.provideDocumentLinks(doc),
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (scannable(doc)) this.forDocument(doc)?.schedule(doc);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // Every keystroke of every document arrives here (output channels and logs too): the selector first.
        if (e.contentChanges.length && scannable(e.document)) this.forDocument(e.document)?.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.impl?.forget(doc)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.impl?.settingsChanged(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        const lookups = ['profiles', 'regions', 'registryIds', 'endpoint'].some((k) => e.affectsConfiguration(`ecrExplorer.${k}`));
        if (lookups || e.affectsConfiguration('ecrExplorer.references')) this.impl?.settingsChanged(lookups);
      }),
    );
    // Documents already open when the extension starts.
    for (const doc of vscode.workspace.textDocuments) if (scannable(doc) && this.forDocument(doc)) break;
    return this;
  }

  invalidate(filter?: { registryId?: string; region?: string; repository?: string }): void {
    this.impl?.invalidate(filter);
  }

  /** For tests: what the resolution cache holds (a closed document's references are not in it). */
  get cacheSize(): { repositories: number; ids: number; listings: number } {
    return this.impl?.cacheSize ?? { repositories: 0, ids: 0, listings: 0 };
  }

  /** For tests: resolves when the background listings (newer tags) queued so far are done. */
  versionsIdle(): Promise<void> {
    return this.impl?.versionsIdle() ?? Promise.resolve();
  }

  /** For tests and the bench: whether the implementation bundle was loaded. */
  get loaded(): boolean {
    return isReferencesLoaded();
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.impl?.dispose();
    this.impl = undefined;
  }
}
