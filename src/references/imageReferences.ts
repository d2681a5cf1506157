// Image references in workspace files [vscode]: providers over the pure scanner, resolver, problems and hover
// (src/references/*.ts), living in the lazily loaded references bundle; registerReferences.ts registers them at
// activation and hands over documents that name an ECR host. Hovers work in Restricted Mode (read-only); problems,
// and the lookups and quick fixes they need, follow workspace trust and `ecrExplorer.references.diagnostics`. The
// AWS bundle is loaded on the first lookup of a document that has private ECR references.
import * as vscode from 'vscode';
import type { EcrImageLookup } from '../aws/imageLookup';
import type { EcrService } from '../aws/index';
import '../l10n/messages';
import { renderMessage } from '../l10n/render';
import { message } from '../model/message';
import type { ExplorerServices, ReferenceCacheApi } from '../services/services';
import { BackgroundVersions } from './backgroundVersions';
import { referenceCommandArgs } from './commandArgs';
import { hoverContent } from './hoverContent';
import { rangeContains, referenceAt, type ImageReference, type TextRange } from './imageReference';
import { MAX_REFERENCES_PER_DOCUMENT } from './imageReference';
import { ReferenceIndex, type ScannableDocument } from './referenceIndex';
import { referenceFixes, referenceProblems, tooManyReferencesProblem, type ProblemSeverity } from './referenceProblems';
import { readReferenceSettings } from './referenceSettings';
import { ReferenceResolver } from './resolution';
import { repositoryKey, repositoryOf, type ImageLookupSource, type ReferenceResolution } from './batches';
import type { ScanResult } from './scanner';

export const REVEAL_COMMAND = 'ecrExplorer.revealImageReference';
export const COPY_PINNED_COMMAND = 'ecrExplorer.copyPinnedReference';
export const SHOW_VULNERABILITIES_COMMAND = 'ecrExplorer.showVulnerabilities';
const CHOOSE_PROFILES_COMMAND = 'ecrExplorer.chooseProfiles';
const DIAGNOSTIC_SOURCE = 'ECR Explorer';
const DEBOUNCE_MS = 300;
/** How long a hover waits for a lookup before showing what it has. */
const HOVER_WAIT_MS = 5000;
/** Failures another profile choice can fix: said once per registry with a Choose AWS Profiles… action. */
const CREDENTIAL_CODES = new Set(['noCredentials', 'expiredCredentials', 'unauthorized', 'accessDenied']);

const SEVERITY: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

const toRange = (r: TextRange): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function scannable(doc: vscode.TextDocument): ScannableDocument {
  return {
    key: doc.uri.toString(),
    fileName: doc.fileName,
    languageId: doc.languageId,
    version: doc.version,
    getText: () => doc.getText(),
  };
}

function commandUri(command: string, args: unknown[]): vscode.Uri {
  return vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify(args))}`);
}

/** Every range that belongs to a reference (where it is written, its tag/digest lines, ARG defaults). */
function rangesOf(ref: ImageReference): TextRange[] {
  return [ref.range, ...(ref.otherRanges ?? []), ...(ref.tagRange ? [ref.tagRange] : []), ...(ref.digestRange ? [ref.digestRange] : [])];
}

export class ImageReferences implements vscode.HoverProvider, vscode.CodeActionProvider, vscode.DocumentLinkProvider, ReferenceCacheApi {
  private readonly index = new ReferenceIndex();
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly subscriptions: vscode.Disposable[] = [];
  private resolverInstance: ReferenceResolver | undefined;
  private versions: BackgroundVersions | undefined;
  private lookupCache: { ecr: EcrService; lookup: EcrImageLookup } | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly notified = new Set<string>();
  private readonly abort = new AbortController();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly services: ExplorerServices) {
    this.diagnostics = vscode.languages.createDiagnosticCollection('ecrExplorer.references');
    this.subscriptions.push(this.diagnostics);
  }

  /** Starts checking the open documents (called once, when the shell loads this bundle). */
  start(): void {
    this.scheduleAll();
  }

  /** Workspace trust was granted or the feature's settings changed: check every open document again. */
  settingsChanged(affectsLookups: boolean): void {
    this.versions?.cancel();
    if (affectsLookups) this.invalidate();
    else this.scheduleAll();
  }

  // ---- scanning ----

  /** The document's references; files that name no ECR host are answered without loading the scanner. */
  private scan(doc: vscode.TextDocument): ScanResult {
    return this.index.get(scannable(doc));
  }

  private scanned(doc: vscode.TextDocument): ScanResult | undefined {
    return this.index.peek(doc.uri.toString());
  }

  // ---- lookups ----

  /** The resolver, created on first need (a document with private ECR references); loads nothing by itself. */
  private resolver(): ReferenceResolver {
    if (!this.resolverInstance) {
      const source: ImageLookupSource = {
        listPage: (repo, token, signal) => this.lookup().listPage(repo, token, signal),
        describe: (repo, ids, signal) => this.lookup().describe(repo, ids, signal),
      };
      const resolver = new ReferenceResolver(source);
      this.resolverInstance = resolver;
      const sub = resolver.onDidChange(() => this.publishAll());
      this.subscriptions.push({ dispose: () => sub.dispose() });
      this.versions = new BackgroundVersions(resolver, {
        enabled: () => readReferenceSettings().diagnostics,
        onFailure: (repo, problem, err) =>
          this.services.log.warn(
            `image references: versions of ${repositoryKey(repo)}: ${
              problem ? `${problem.code}: ${renderMessage(problem.message)}` : err instanceof Error ? err.message : String(err)
            }`,
          ),
      });
    }
    return this.resolverInstance;
  }

  /** The SDK-backed source for the current settings (the AWS bundle loads here, on the first lookup). */
  private lookup(): EcrImageLookup {
    const ecr = this.services.ecr();
    if (this.lookupCache?.ecr !== ecr) this.lookupCache = { ecr, lookup: new (this.services.aws().EcrImageLookup)(ecr) };
    return this.lookupCache.lookup;
  }

  private peek(ref: ImageReference): ReferenceResolution | undefined {
    return this.resolverInstance?.peek(ref);
  }

  /** Forgets cached answers (Refresh; push, delete and retag call it for what they changed) and checks again. */
  invalidate(filter?: { registryId?: string; region?: string; repository?: string }): void {
    this.versions?.cancel();
    this.resolverInstance?.invalidate(filter);
    this.scheduleAll();
  }

  // ---- problems ----

  schedule(doc: vscode.TextDocument): void {
    this.pending.add(doc.uri.toString());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, DEBOUNCE_MS);
  }

  private scheduleAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc);
  }

  /** A closed document: its scan, its problems and the cached answers only it needed are forgotten. */
  forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.pending.delete(key);
    this.index.forget(key);
    this.diagnostics.delete(doc.uri);
    this.resolverInstance?.retain(this.openReferences());
  }

  /** The private ECR references of every scanned (open) document. */
  private openReferences(): ImageReference[] {
    return this.index.keys().flatMap((k) => (this.index.peek(k)?.references ?? []).filter((r) => repositoryOf(r) !== undefined));
  }

  /** The references of the open documents to the repositories `refs` name (they are looked up together). */
  private sameRepositories(refs: readonly ImageReference[]): ImageReference[] {
    const keys = new Set(
      refs
        .map((r) => repositoryOf(r))
        .filter((r) => r !== undefined)
        .map(repositoryKey),
    );
    return [...refs, ...this.openReferences().filter((r) => keys.has(repositoryKey(repositoryOf(r)!)))];
  }

  /** For tests: what the resolver holds (closed documents' references are not in it). */
  get cacheSize(): { repositories: number; ids: number; listings: number } {
    return this.resolverInstance?.size ?? { repositories: 0, ids: 0, listings: 0 };
  }

  /** For tests: resolves when the background listings (newer tags) queued so far are done. */
  versionsIdle(): Promise<void> {
    return this.versions?.idle() ?? Promise.resolve();
  }

  /**
   * Looks up the references of every changed document in one round, together with the other open documents'
   * references to the same repositories (one DescribeImages call per repository), then publishes, then queues the
   * listings that newer tags need (backgroundVersions.ts: one at a time; each re-publishes when it arrives).
   */
  private async flush(): Promise<void> {
    const keys = new Set(this.pending);
    this.pending.clear();
    const docs = vscode.workspace.textDocuments.filter((d) => keys.has(d.uri.toString()));
    const settings = readReferenceSettings();
    if (!settings.diagnostics) {
      for (const d of docs) this.diagnostics.delete(d.uri);
      return;
    }
    const refs = docs.flatMap((d) => this.scan(d).references).filter((r) => repositoryOf(r) !== undefined);
    if (refs.length > 0) {
      try {
        const resolver = this.resolver();
        resolver.retain(this.openReferences());
        await resolver.resolve(this.sameRepositories(refs), this.abort.signal);
      } catch (err) {
        this.services.log.warn(`image references: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.noteUnavailable(refs);
    }
    for (const d of docs) this.publish(d);
    if (refs.length > 0) this.versions?.enqueue(refs);
  }

  private publishAll(): void {
    for (const d of vscode.workspace.textDocuments) if (this.scanned(d)) this.publish(d);
  }

  private publish(doc: vscode.TextDocument): void {
    const settings = readReferenceSettings();
    const result = this.scanned(doc);
    if (!settings.diagnostics || !result || result.references.length === 0) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const problems = result.references.flatMap((ref) => referenceProblems(ref, this.peek(ref), settings));
    if (result.truncated) {
      const last = result.references[result.references.length - 1]!;
      problems.push(tooManyReferencesProblem(MAX_REFERENCES_PER_DOCUMENT, last.range));
    }
    this.diagnostics.set(
      doc.uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(toRange(p.range), renderMessage(p.message), SEVERITY[p.severity]);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = p.code;
        return d;
      }),
    );
  }

  /** Says once per registry that its references cannot be checked, offering Choose AWS Profiles… for credentials. */
  private noteUnavailable(refs: readonly ImageReference[]): void {
    for (const ref of refs) {
      const res = this.peek(ref);
      if (res?.state !== 'unavailable' || ref.ecr.kind !== 'private') continue;
      const key = `${ref.ecr.registryId}|${ref.ecr.region}`;
      if (this.notified.has(key)) continue;
      this.notified.add(key);
      this.services.log.warn(`image references: ${key}: ${res.problem.code}: ${renderMessage(res.problem.message)}`);
      if (!CREDENTIAL_CODES.has(res.problem.code)) continue;
      const choose = renderMessage(message('references.hover.chooseProfiles'));
      void this.services.ui
        .warn(renderMessage(message('references.hover.unavailable', ref.ecr.registryId, ref.ecr.region)), {}, choose)
        .then((picked) => (picked === choose ? vscode.commands.executeCommand(CHOOSE_PROFILES_COMMAND) : undefined));
    }
  }

  // ---- providers ----

  /** Looks the references up for a hover or an explicit quick-fix request, waiting at most HOVER_WAIT_MS. */
  private async lookUpBriefly(refs: ImageReference[], token: vscode.CancellationToken): Promise<void> {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const timer = setTimeout(() => abort.abort(), HOVER_WAIT_MS);
    try {
      await Promise.race([
        this.lookUp(refs, abort.signal),
        new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true })),
      ]);
    } catch (err) {
      this.services.log.warn(`image references: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }
  async provideHover(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const refs = this.scan(doc).references;
    const p = { line: position.line, character: position.character };
    const ref = referenceAt(refs, p);
    if (!ref) return undefined;
    const known = this.peek(ref);
    if (repositoryOf(ref) && (!known || (known.state === 'resolved' && !known.versionsKnown))) {
      await this.lookUpBriefly([ref], token);
      if (token.isCancellationRequested) return undefined;
    }
    const content = hoverContent({
      ref,
      resolution: this.peek(ref),
      now: Date.now(),
      lang: vscode.env.language,
      render: renderMessage,
      commands: {
        reveal: REVEAL_COMMAND,
        copyPinned: COPY_PINNED_COMMAND,
        showFindings: SHOW_VULNERABILITIES_COMMAND,
        chooseProfiles: CHOOSE_PROFILES_COMMAND,
      },
    });
    const md = new vscode.MarkdownString(content.markdown);
    md.supportHtml = false;
    md.supportThemeIcons = false;
    md.isTrusted = content.commands.length ? { enabledCommands: [...content.commands] } : false;
    const range = rangesOf(ref).find((r) => rangeContains(r, p)) ?? ref.range;
    return new vscode.Hover(md, toRange(range));
  }

  /**
   * The references' answers, then their repositories' listings (newest tag, newer tag in the line): what a hover or
   * an explicit request for quick fixes needs. The references are looked up with the open documents' other references
   * to the same repositories.
   */
  private async lookUp(refs: readonly ImageReference[], signal: AbortSignal): Promise<void> {
    const resolver = this.resolver();
    await resolver.resolve(this.sameRepositories(refs), signal);
    await resolver.loadVersions(refs, signal);
  }

  async provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (!readReferenceSettings().diagnostics) return [];
    const inRange = this.scan(doc).references.filter((ref) =>
      rangesOf(ref)
        .map(toRange)
        .some((r) => r.intersection(range) !== undefined),
    );
    // Quick fixes asked for explicitly (Ctrl+. or the lightbulb's menu) may need the repository's listing ("Update to
    // newest tag"); automatic requests on every cursor move use what is cached.
    const wanting = inRange.filter((r) => {
      const p = this.peek(r);
      return repositoryOf(r) && (!p || (p.state === 'resolved' && !p.versionsKnown));
    });
    if (context.triggerKind === vscode.CodeActionTriggerKind.Invoke && wanting.length) {
      await this.lookUpBriefly(wanting, token);
      if (token.isCancellationRequested) return [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const ref of inRange) {
      const ranges = rangesOf(ref).map(toRange);
      for (const fix of referenceFixes(ref, this.peek(ref))) {
        const action = new vscode.CodeAction(renderMessage(fix.title), vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, toRange(e.range), e.newText);
        action.edit = edit;
        action.isPreferred = fix.preferred === true;
        if (fix.fixes) {
          action.diagnostics = context.diagnostics.filter(
            (d) => d.source === DIAGNOSTIC_SOURCE && d.code === fix.fixes && ranges.some((r) => r.intersection(d.range) !== undefined),
          );
        }
        actions.push(action);
      }
    }
    return actions;
  }

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const title = renderMessage(message('references.hover.reveal'));
    return this.scan(doc)
      .references.filter((ref) => ref.repositoryRange && ref.ecr.kind === 'private')
      .map((ref) => {
        const link = new vscode.DocumentLink(toRange(ref.repositoryRange!), commandUri(REVEAL_COMMAND, [referenceCommandArgs(ref)]));
        link.tooltip = title;
        return link;
      });
  }

  dispose(): void {
    this.versions?.dispose();
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.index.clear();
  }
}
