// Lifecycle and repository policies as documents of the `ecr-explorer:` scheme [vscode], so the ordinary JSON
// editor (schemas, undo, diff) works on them. Reading fetches the policy (or a template when there is none);
// saving validates, checks that nobody changed the policy since it was read (Overwrite / Reload), for lifecycle
// policies offers the preview when images would expire, and writes. ECR's errors become the save error.
import * as vscode from 'vscode';
import type { EcrService } from '../aws/index';
import { renderMessage } from '../l10n/render';
import type { Repository } from '../model/types';
import type { Services } from '../services/services';
import { describeError } from '../services/errors';
import { policyRepository } from './policyRepository';
import { POLICY_SCHEME, formatPolicyPath, parsePolicyPath, policyLocationOf, type PolicyKind, type PolicyLocation } from './policyUri';
import { formatPolicyText, policyTemplate } from './templates';
import { validatePolicyText } from './validate';

interface Entry {
  /** The policy as ECR returned it when the document was read or last saved; undefined = none. */
  remote: string | undefined;
  /** What the document shows (indented policy or template). */
  shown: Uint8Array;
  mtime: number;
  ctime: number;
}

/** What the file system asks of the lifecycle preview before a save (policyFeature.ts implements it). */
export interface SaveCheck {
  /** Resolves true when the save may go ahead. */
  confirmLifecycleSave(repo: Repository, text: string): Promise<boolean>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function policyUri(loc: PolicyLocation): vscode.Uri {
  return vscode.Uri.from({ scheme: POLICY_SCHEME, path: formatPolicyPath(loc) });
}

/** The document location of a repository's policy (ECR repositories only). */
export const locationOf = policyLocationOf;

function noSave(message: string): vscode.FileSystemError {
  return vscode.FileSystemError.NoPermissions(message);
}

/** The file system behind PolicyHost (src/policies/policyHost.ts), which registers it and owns its change event. */
export class PolicyFileSystem {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly services: Services,
    private readonly saveCheck: SaveCheck,
    private readonly changed: (events: vscode.FileChangeEvent[]) => void,
  ) {}

  private location(uri: vscode.Uri): PolicyLocation {
    const loc = parsePolicyPath(uri.path);
    if (!loc) throw vscode.FileSystemError.FileNotFound(uri);
    return loc;
  }

  /**
   * The repository a location names, only for a (profile, region) the settings show: a link to an
   * `ecr-explorer:` document cannot make the extension use credentials or regions the user did not choose.
   */
  async repository(loc: PolicyLocation): Promise<{ ecr: EcrService; repo: Repository }> {
    const ecr = this.services.ecr();
    const repo = await policyRepository(ecr, loc);
    if (!repo) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t('{0} / {1} is not one of the profiles and regions ECR Explorer shows.', loc.profile ?? 'default', loc.region),
      );
    }
    return { ecr, repo };
  }

  private async fetchRemote(loc: PolicyLocation): Promise<string | undefined> {
    const { ecr, repo } = await this.repository(loc);
    return loc.kind === 'lifecycle' ? ecr.policies.getLifecyclePolicy(repo) : ecr.policies.getRepositoryPolicy(repo);
  }

  private async load(uri: vscode.Uri): Promise<Entry> {
    const loc = this.location(uri);
    let remote: string | undefined;
    try {
      remote = await this.fetchRemote(loc);
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      this.services.log.error(`Reading ${uri.toString()} failed`, err);
      throw vscode.FileSystemError.Unavailable(describeError(err));
    }
    const shown = encoder.encode(remote === undefined ? policyTemplate(loc.kind, loc.registryId) : formatPolicyText(remote));
    const now = Date.now();
    const previous = this.entries.get(uri.toString());
    const entry: Entry = { remote, shown, ctime: previous?.ctime ?? now, mtime: Math.max(now, (previous?.mtime ?? 0) + 1) };
    this.entries.set(uri.toString(), entry);
    return entry;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const entry = this.entries.get(uri.toString()) ?? (await this.load(uri));
    return { type: vscode.FileType.File, ctime: entry.ctime, mtime: entry.mtime, size: entry.shown.byteLength };
  }

  /**
   * The version the editor opened (fetched once; Reload and reopening fetch again): VS Code reads files again on its
   * own, and a silent re-fetch would make someone else's change the base a save is compared with.
   */
  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (this.entries.get(uri.toString()) ?? (await this.load(uri))).shown;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const loc = this.location(uri);
    const text = decoder.decode(content);
    const problems = validatePolicyText(loc.kind, text);
    if (problems.length > 0) {
      throw noSave(problems.slice(0, 3).map(renderMessage).join(' · ') + (problems.length > 3 ? ` (+${problems.length - 3})` : ''));
    }
    const key = uri.toString();
    const known = this.entries.get(key);
    const { ecr, repo } = await this.repository(loc).catch((err: unknown) => {
      throw err instanceof vscode.FileSystemError ? err : noSave(describeError(err));
    });
    try {
      const current = await this.fetchRemote(loc);
      if (known && current !== known.remote) {
        const overwrite = vscode.l10n.t('Overwrite');
        const reload = vscode.l10n.t('Reload');
        const answer = await this.services.ui.warn(
          vscode.l10n.t('The {0} of {1} was changed by someone else since you opened it.', kindName(loc.kind), repo.uri),
          { modal: true, detail: vscode.l10n.t('Overwrite their version with yours, or reload theirs (your changes are dropped)?') },
          overwrite,
          reload,
        );
        if (answer === reload) {
          setTimeout(() => void this.reload(uri), 0);
          throw noSave(vscode.l10n.t('Not saved: reloading the current policy from ECR.'));
        }
        if (answer !== overwrite) throw noSave(vscode.l10n.t('Not saved: the policy was changed in ECR.'));
      }
      if (loc.kind === 'lifecycle') {
        if (!(await this.saveCheck.confirmLifecycleSave(repo, text))) throw noSave(vscode.l10n.t('Not saved.'));
        await ecr.policies.putLifecyclePolicy(repo, text);
      } else {
        await ecr.policies.setRepositoryPolicy(repo, text);
      }
    } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      this.services.log.error(`Saving ${key} failed`, err);
      throw noSave(describeError(err));
    }
    const now = Date.now();
    this.entries.set(key, { remote: text, shown: content, ctime: known?.ctime ?? now, mtime: Math.max(now, (known?.mtime ?? 0) + 1) });
    this.changed([{ type: vscode.FileChangeType.Changed, uri }]);
    this.services.ui.flash(vscode.l10n.t('Saved the {0} of {1}', kindName(loc.kind), repo.uri), undefined, 'check');
  }

  /** Reads the policy again and tells VS Code, which reloads unchanged documents of it. */
  async refresh(uri: vscode.Uri): Promise<void> {
    await this.load(uri);
    this.changed([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** Reads the policy again and reverts open editors of it to what ECR has now. */
  async reload(uri: vscode.Uri): Promise<void> {
    await this.load(uri);
    this.changed([{ type: vscode.FileChangeType.Changed, uri }]);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }

  /** Deletes the policy in ECR (the caller asked first); false when there was none. */
  async deletePolicy(loc: PolicyLocation): Promise<boolean> {
    const { ecr, repo } = await this.repository(loc);
    const deleted =
      loc.kind === 'lifecycle' ? await ecr.policies.deleteLifecyclePolicy(repo) : await ecr.policies.deleteRepositoryPolicy(repo);
    const uri = policyUri(loc);
    if (this.entries.has(uri.toString())) await this.load(uri).catch(() => undefined);
    this.changed([{ type: vscode.FileChangeType.Changed, uri }]);
    return deleted;
  }

  /** workspace.fs.delete of a policy document deletes the policy (callers confirm first, as Delete Policy does). */
  async delete(uri: vscode.Uri): Promise<void> {
    try {
      if (!(await this.deletePolicy(this.location(uri)))) throw vscode.FileSystemError.FileNotFound(uri);
    } catch (err) {
      throw err instanceof vscode.FileSystemError ? err : noSave(describeError(err));
    }
  }
}

export function kindName(kind: PolicyKind): string {
  return kind === 'lifecycle' ? vscode.l10n.t('lifecycle policy') : vscode.l10n.t('repository policy');
}
