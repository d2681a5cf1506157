// The policies feature's live parts [vscode]: the policy file system, the lifecycle preview (run with cancellable
// progress, summarised per rule, offered before a save that would expire images) and its marks on image rows.
// Marks are file decorations on the rows' resourceUri: marking or clearing 10,000 images re-renders those rows
// only, the tree is not reloaded.
import * as vscode from 'vscode';
import type { LifecyclePreview } from '../aws/index';
import type { Repository } from '../model/types';
import type { Services } from '../services/services';
import { describeError } from '../services/errors';
import { PolicyFileSystem, kindName, locationOf, policyUri } from './policyFileSystem';
import { IMAGE_MARK_SCHEME, imageMarkPathOf, parseImageMarkPath, repositoryKey, type PolicyKind } from './policyUri';
import { PreviewMarks, summarizePreview, type PreviewSummary } from './previewSummary';
import { repositorySettingsPick } from './repositorySettingsPick';
import { validatePolicyText } from './validate';
import { renderMessage } from '../l10n/render';

/** The resourceUri the tree gives an ECR image row (src/tree/treeItems.ts builds the same), so a preview can mark it. */
export function imageMarkUri(repo: Repository, digest: string): vscode.Uri | undefined {
  const path = imageMarkPathOf(repo, digest);
  return path ? vscode.Uri.from({ scheme: IMAGE_MARK_SCHEME, path }) : undefined;
}

function keyOf(repo: Repository): string | undefined {
  const loc = locationOf(repo, 'lifecycle');
  return loc ? repositoryKey(loc) : undefined;
}

/** ecrExplorer.lifecycle.previewOnSave, from user settings only: a workspace cannot switch the safety check off. */
function previewOnSave(): boolean {
  const inspected = vscode.workspace.getConfiguration('ecrExplorer').inspect<boolean>('lifecycle.previewOnSave');
  return (inspected?.globalValue ?? inspected?.defaultValue ?? true) !== false;
}

/** How the feature reports changes to PolicyHost, which owns the events VS Code listens to. */
export interface PolicyEvents {
  fileChanged(events: vscode.FileChangeEvent[]): void;
  decorationsChanged(uris: vscode.Uri[]): void;
}

export class PolicyFeature {
  readonly marks = new PreviewMarks();
  readonly fs: PolicyFileSystem;
  /** The last preview per repository key (for the summary and the image list). */
  private readonly previews = new Map<string, { repo: Repository; preview: LifecyclePreview; summary: PreviewSummary }>();

  constructor(
    private readonly services: Services,
    private readonly events: PolicyEvents,
  ) {
    this.fs = new PolicyFileSystem(services, { confirmLifecycleSave: (repo, text) => this.confirmLifecycleSave(repo, text) }, (e) =>
      events.fileChanged(e),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== IMAGE_MARK_SCHEME) return undefined;
    const at = parseImageMarkPath(uri.path);
    const mark = at && this.marks.get(at.repoKey, at.digest);
    if (!mark) return undefined;
    const rule = mark.rulePriority ?? '?';
    const decoration = new vscode.FileDecoration(
      mark.action === 'TRANSITION' ? 'A' : 'X',
      mark.action === 'TRANSITION'
        ? vscode.l10n.t('The previewed lifecycle policy would archive this image (rule {0})', rule)
        : vscode.l10n.t('The previewed lifecycle policy would expire this image (rule {0})', rule),
      new vscode.ThemeColor(mark.action === 'TRANSITION' ? 'list.warningForeground' : 'list.errorForeground'),
    );
    decoration.propagate = false;
    return decoration;
  }

  async openPolicy(repo: Repository, kind: PolicyKind): Promise<vscode.TextEditor | undefined> {
    const loc = locationOf(repo, kind);
    if (!loc) return undefined;
    const uri = policyUri(loc);
    // Opening shows what ECR has now (the file system serves the opened version until then); a document with
    // unsaved edits keeps them.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open?.isDirty) await this.fs.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  /** Runs the preview with cancellable progress; undefined when cancelled. Errors are thrown (described). */
  async preview(repo: Repository, text: string): Promise<{ preview: LifecyclePreview; summary: PreviewSummary } | undefined> {
    const key = keyOf(repo);
    if (!key) return undefined;
    const result = await this.services.ui
      .withProgress(vscode.l10n.t('Previewing the lifecycle policy of {0}…', repo.uri), (signal) =>
        this.services.ecr().policies.previewLifecyclePolicy(repo, text, { signal }),
      )
      .catch((err: unknown) => {
        if ((err as { problem?: { code?: string } }).problem?.code === 'cancelled') return undefined;
        throw err;
      });
    if (!result) return undefined;
    const summary = summarizePreview(result);
    if (result.status === 'COMPLETE') this.setMarks(repo, key, result, summary);
    return { preview: result, summary };
  }

  private setMarks(repo: Repository, key: string, preview: LifecyclePreview, summary: PreviewSummary): void {
    const before = this.marks.clear(key);
    this.marks.set(key, preview.images);
    this.previews.set(key, { repo, preview, summary });
    const digests = new Set([...before, ...preview.images.map((i) => i.digest)]);
    this.events.decorationsChanged([...digests].map((d) => imageMarkUri(repo, d)).filter((u): u is vscode.Uri => u !== undefined));
    void vscode.commands.executeCommand('setContext', 'ecrExplorer.hasPreview', true);
  }

  /** Clears the marks of one repository, or of all; true when something was cleared. */
  clear(repo?: Repository): boolean {
    const key = repo ? keyOf(repo) : undefined;
    if (repo && !key) return false;
    const entries = key ? [this.previews.get(key)].filter((e) => e !== undefined) : [...this.previews.values()];
    const uris: vscode.Uri[] = [];
    for (const e of entries) {
      const k = keyOf(e.repo) as string;
      for (const d of this.marks.clear(k)) {
        const u = imageMarkUri(e.repo, d);
        if (u) uris.push(u);
      }
      this.previews.delete(k);
    }
    if (uris.length) this.events.decorationsChanged(uris);
    void vscode.commands.executeCommand('setContext', 'ecrExplorer.hasPreview', this.previews.size > 0);
    return entries.length > 0;
  }

  /** Repositories with a preview shown, for pickers. */
  previewedRepositories(): Repository[] {
    return [...this.previews.values()].map((e) => e.repo);
  }

  lastPreview(repo: Repository): { preview: LifecyclePreview; summary: PreviewSummary } | undefined {
    const key = keyOf(repo);
    return key ? this.previews.get(key) : undefined;
  }

  /** The per-rule lines of a summary, e.g. "Rule 1 (Keep the last 10 images): 5 images". */
  summaryLines(summary: PreviewSummary): string[] {
    return summary.rules.map((r) => {
      const name = r.description ? `${r.priority} (${r.description})` : String(r.priority);
      return r.action === 'TRANSITION'
        ? vscode.l10n.t('Rule {0}: archives {1} images', name, r.count.toLocaleString())
        : vscode.l10n.t('Rule {0}: expires {1} images', name, r.count.toLocaleString());
    });
  }

  /** A scrollable list of the images the last preview marked (filterable by tag or digest). */
  async showImages(repo: Repository): Promise<void> {
    const last = this.lastPreview(repo);
    if (!last) {
      void this.services.ui.info(vscode.l10n.t('No lifecycle policy preview is shown for {0}.', repo.uri));
      return;
    }
    const items = last.preview.images.map((img) => ({
      label: img.tags.length ? img.tags.join(', ') : vscode.l10n.t('untagged'),
      description: img.digest,
      detail: [
        img.pushedAt ? vscode.l10n.t('pushed {0}', img.pushedAt.toLocaleString()) : undefined,
        img.rulePriority !== undefined ? vscode.l10n.t('rule {0}', img.rulePriority) : undefined,
        img.action === 'TRANSITION' ? vscode.l10n.t('archive') : vscode.l10n.t('expire'),
      ]
        .filter((x) => x)
        .join(' · '),
      value: img.digest,
    }));
    const digest = await this.services.ui.pickOne(items, {
      title: vscode.l10n.t('{0} images the lifecycle policy would act on in {1}', items.length.toLocaleString(), repo.uri),
      placeHolder: vscode.l10n.t('Filter by tag or digest; choose one to copy its digest'),
      matchOnDescription: true,
    });
    if (digest) {
      await this.services.ui.writeClipboard(digest);
      this.services.ui.flash(vscode.l10n.t('Copied {0}', digest), undefined, 'copy');
    }
  }

  /** Shows a finished preview: counts per rule with Show Images / Clear Preview. */
  async report(repo: Repository, result: { preview: LifecyclePreview; summary: PreviewSummary }): Promise<void> {
    const { preview, summary } = result;
    if (preview.status !== 'COMPLETE') {
      void this.services.ui.error(
        vscode.l10n.t('ECR could not preview the lifecycle policy of {0} (status {1}).', repo.uri, preview.status),
      );
      return;
    }
    if (summary.total === 0) {
      void this.services.ui.info(vscode.l10n.t('The lifecycle policy would not expire any image of {0} now.', repo.uri));
      return;
    }
    const showImages = vscode.l10n.t('Show Images');
    const clear = vscode.l10n.t('Clear Preview');
    const answer = await this.services.ui.info(
      vscode.l10n.t(
        'The lifecycle policy would act on {0} images of {1} (marked in the tree). {2}',
        summary.total.toLocaleString(),
        repo.uri,
        this.summaryLines(summary).join('; '),
      ),
      showImages,
      clear,
    );
    if (answer === showImages) await this.showImages(repo);
    else if (answer === clear) this.clear(repo);
  }

  /**
   * Before a lifecycle policy is saved: preview it; when it would act on images, say how many (per rule) and let
   * the user save, look at the images first (marked in the tree; not saved), or cancel. A preview that fails or is
   * cancelled asks whether to save without it.
   */
  async confirmLifecycleSave(repo: Repository, text: string): Promise<boolean> {
    if (!previewOnSave()) return true;
    const save = vscode.l10n.t('Save');
    let result: { preview: LifecyclePreview; summary: PreviewSummary } | undefined;
    try {
      result = await this.preview(repo, text);
    } catch (err) {
      const answer = await this.services.ui.warn(
        vscode.l10n.t('The lifecycle policy of {0} could not be previewed: {1}', repo.uri, describeError(err)),
        { modal: true, detail: vscode.l10n.t('Save it without knowing which images it would expire?') },
        save,
      );
      return answer === save;
    }
    if (!result || result.preview.status !== 'COMPLETE') {
      const answer = await this.services.ui.warn(
        result
          ? vscode.l10n.t('ECR could not preview the lifecycle policy of {0} (status {1}).', repo.uri, result.preview.status)
          : vscode.l10n.t('The preview of the lifecycle policy of {0} was cancelled.', repo.uri),
        { modal: true, detail: vscode.l10n.t('Save it without knowing which images it would expire?') },
        save,
      );
      return answer === save;
    }
    if (result.summary.total === 0) return true;
    const showImages = vscode.l10n.t('Show Images');
    const answer = await this.services.ui.warn(
      vscode.l10n.t('Once saved, ECR will expire {0} images of {1} within about a day.', result.summary.total.toLocaleString(), repo.uri),
      { modal: true, detail: this.summaryLines(result.summary).join('\n') },
      save,
      showImages,
    );
    if (answer === showImages) void this.showImages(repo);
    return answer === save;
  }

  kindName(kind: PolicyKind): string {
    return kindName(kind);
  }

  /** The Repository Settings pick of a repository; true when something changed. */
  repositorySettings(repo: Repository): Promise<boolean> {
    return repositorySettingsPick(this.services, repo);
  }

  /** Problems of a policy text, rendered, or undefined when it may go to ECR. */
  problems(kind: PolicyKind, text: string): string | undefined {
    const problems = validatePolicyText(kind, text);
    return problems.length ? problems.slice(0, 3).map(renderMessage).join(' · ') : undefined;
  }
}
