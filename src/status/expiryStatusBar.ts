// The token-expiry status bar item: one item, left-aligned (login state is global, not tied to an editor — the
// VS Code status bar UX guidelines put such items on the left), redrawn from the wall clock and the stored login
// records whenever the text can change, after logins, on window focus and on configuration changes.
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import { renderMessage } from '../l10n/render';
import type { LoginRecord } from '../model/types';
import type { ExplorerSettings } from '../services/services';
import type { Ui } from '../services/ui';
import type { LoginStoreApi } from '../token/loginStore';
import { AutoRenewTracker, KEY_ICON, RENEW_COMMAND, buildStatus, nextRedrawDelay, tooltipMarkdown, withoutHelperHosts } from './statusText';

export const STATUS_ITEM_ID = 'ecrExplorer.tokenExpiry';

const BACKGROUND = {
  ok: undefined,
  warning: 'statusBarItem.warningBackground',
  expired: 'statusBarItem.errorBackground',
} as const;

/** What the item shows right now; exposed on the ExtensionApi for integration tests. */
export interface StatusSnapshot {
  visible: boolean;
  text: string;
  /** The tooltip's Markdown source. */
  tooltip: string;
  ariaLabel: string;
  /** Theme color id of the background, undefined for the normal background. */
  backgroundId: string | undefined;
  /** The command the item runs when clicked. */
  command: string | undefined;
}

export interface ExpiryStatusBarDeps {
  logins: LoginStoreApi;
  settings(): Pick<ExplorerSettings, 'warningMinutes' | 'autoRenew' | 'autoRenewMinutesBefore'>;
  /** Renews one login without asking (auto-renew); rejects on failure. */
  renew(rec: LoginRecord): Promise<void>;
  log: vscode.LogOutputChannel;
  /** Where the renewal failure is shown: the extension's Ui seam (which makes the server's text inert). */
  ui: Pick<Ui, 'warn'>;
  /** The wall clock; tests never replace it in the extension (they record near expiries instead). */
  now?: () => number;
  /** Random jitter before an automatic renewal so two windows do not start one at the same instant. */
  jitterMs?: () => number;
  /** Registries served by the credential helper: no expiry shown, never renewed. */
  credHelpers?: { hosts(): ReadonlySet<string>; readonly onDidChange: vscode.Event<void> };
}

export class ExpiryStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tracker = new AutoRenewTracker();
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;
  private disposed = false;

  constructor(private readonly deps: ExpiryStatusBarDeps) {
    this.now = deps.now ?? Date.now;
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('ECR Login Expiry');
    this.item.command = RENEW_COMMAND;
    this.disposables.push(
      this.item,
      deps.logins.onDidChange(() => this.update()),
      ...(deps.credHelpers ? [deps.credHelpers.onDidChange(() => this.update())] : []),
      vscode.window.onDidChangeWindowState((state) => {
        // Another window may have logged in, out or renewed meanwhile; reload fires onDidChange when it did.
        if (state.focused) this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ecrExplorer.statusBar') || e.affectsConfiguration('ecrExplorer.login')) this.update();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    );
    // The first draw runs right after activate() returns: it reads settings and formats dates (Intl loads its
    // locale data on first use, tens of ms cold), which would otherwise blow the 5 ms activation budget.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 0);
  }

  /** Re-reads the stored records (another window may have written them) and redraws. */
  refresh(): void {
    this.deps.logins.reload();
    this.update();
  }

  /** Read back from the StatusBarItem itself (not from what this class meant to set). */
  get snapshot(): StatusSnapshot {
    const item = this.item;
    const tooltip = item.tooltip;
    const command = item.command;
    return {
      visible: this.visible,
      text: this.visible ? item.text : '',
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      ariaLabel: item.accessibilityInformation?.label ?? '',
      backgroundId: this.visible ? (item.backgroundColor as { id?: string } | undefined)?.id : undefined,
      command: typeof command === 'string' ? command : command?.command,
    };
  }

  /** Redraws from the records and the clock, and schedules the next redraw. */
  update(): void {
    if (this.disposed) return;
    const now = this.now();
    const records = this.deps.logins.all();
    const settings = this.deps.settings();
    const helperHosts = this.deps.credHelpers?.hosts();
    const model = buildStatus(records, now, { warningMs: settings.warningMinutes * 60_000, lang: vscode.env.language, helperHosts });
    const backgroundId = model.level ? BACKGROUND[model.level] : undefined;
    if (model.visible && model.text && model.ariaLabel) {
      this.item.text = `${KEY_ICON} ${renderMessage(model.text)}`;
      const tooltip = new vscode.MarkdownString(tooltipMarkdown(model.rows, renderMessage, model.helperRows), true);
      tooltip.isTrusted = { enabledCommands: [RENEW_COMMAND] };
      this.item.tooltip = tooltip;
      this.item.accessibilityInformation = { label: renderMessage(model.ariaLabel), role: 'button' };
      this.item.backgroundColor = backgroundId ? new vscode.ThemeColor(backgroundId) : undefined;
      this.item.show();
    } else {
      this.item.hide();
    }
    this.visible = model.visible;
    this.autoRenew(withoutHelperHosts(records, helperHosts), now, settings);
    this.schedule(records, now);
  }

  private schedule(records: LoginRecord[], now: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    // setTimeout to the next instant the text can change, recomputed from Date.now() each time: no tick
    // counting, so after sleep or a clock change the first wake-up shows the right value.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.refresh();
      },
      nextRedrawDelay(records, now),
    );
  }

  private autoRenew(records: LoginRecord[], now: number, settings: ReturnType<ExpiryStatusBarDeps['settings']>): void {
    if (!settings.autoRenew || !vscode.workspace.isTrusted) return;
    for (const rec of this.tracker.due(records, now, settings.autoRenewMinutesBefore * 60_000)) {
      this.tracker.started(rec, now);
      void this.renewOne(rec);
    }
  }

  private async renewOne(rec: LoginRecord): Promise<void> {
    const jitter = this.deps.jitterMs ? this.deps.jitterMs() : Math.floor(Math.random() * 15_000);
    await new Promise((resolve) => setTimeout(resolve, jitter));
    if (this.disposed) return;
    // Another window may have renewed it during the jitter: then the stored expiry moved on.
    this.deps.logins.reload();
    const stored = this.deps.logins.get(rec.key);
    if (!stored || stored.expiresAt !== rec.expiresAt) {
      this.tracker.succeeded(rec);
      return;
    }
    this.deps.log.info(`Automatic renewal of the login for ${rec.host} (expires ${new Date(rec.expiresAt).toISOString()})`);
    try {
      await this.deps.renew(rec);
      this.tracker.succeeded(rec);
    } catch (err) {
      const message = describeError(err);
      this.deps.log.warn(`Automatic renewal for ${rec.host} failed: ${message}`);
      if (this.tracker.failed(rec) && !this.disposed) {
        const renew = vscode.l10n.t('Renew');
        const showLog = vscode.l10n.t('Show Log');
        void this.deps.ui
          .warn(vscode.l10n.t('Automatic renewal of the ECR login for {0} failed: {1}', rec.host, message), {}, renew, showLog)
          .then((choice) => {
            if (choice === renew) void vscode.commands.executeCommand(RENEW_COMMAND, rec.key);
            else if (choice === showLog) this.deps.log.show();
          });
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
