// The one seam for UI side effects: every message, pick, input box, progress title, status bar message and
// clipboard write of the extension goes through `Ui`. The Ui the extension uses is an InertUi: it renders every
// text inert (no link or `$(icon)` syntax, no control characters; see inertText) before it reaches VS Code, so
// text from servers, CLIs, names and tags can never become a clickable `command:` link, whatever message carries
// it. The extension's own icons are passed separately (flash's `icon`). In ExtensionMode.Test the inner Ui can be
// replaced with a scripted, recording fake (test/integration/scriptedUi.ts).
import * as vscode from 'vscode';
import { clipboardText, inertText } from '../model/sanitize';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** The extension's own icons for status bar confirmations (the message itself never carries icon syntax). */
export type FlashIcon = 'check' | 'trash' | 'copy' | 'save' | 'shield';

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
}

export interface PagedPickOptions<T = unknown> {
  title: string;
  placeholder: string;
  emptyText: string;
  /** Shown as the placeholder when listing fails. */
  failed?: (err: unknown) => string;
  /**
   * Finds an item by its exact name when the loaded pages do not have it (typing a full tag in a repository with
   * more images than loaded); asked once per typed value after a short pause.
   */
  lookup?: (value: string, signal: AbortSignal) => Promise<PickItem<T> | undefined>;
}

export interface Ui {
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  pickOne<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: PickOptions): Promise<T | undefined>;
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: { title?: string; placeHolder?: string }): Promise<T[] | undefined>;
  /** A quick pick filled page by page (the first page is pickable at once); undefined when dismissed. */
  pickFromPages<T>(pages: (signal: AbortSignal) => AsyncIterable<Array<PickItem<T>>>, options: PagedPickOptions<T>): Promise<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A short confirmation in the status bar, optionally after one of the extension's own icons. */
  flash(message: string, ms?: number, icon?: FlashIcon): void;
  writeClipboard(text: string): Thenable<void>;
  withProgress<R>(
    title: string,
    task: (signal: AbortSignal) => Promise<R>,
    location?: vscode.ProgressLocation | { viewId: string },
  ): Promise<R>;
}

/** How long typing pauses before an exact-name lookup in a paged pick. */
const LOOKUP_PAUSE_MS = 300;

export class VscodeUi implements Ui {
  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }
  warn(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined> {
    return vscode.window.showWarningMessage(message, options, ...actions);
  }
  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return vscode.window.showErrorMessage(message, ...actions);
  }
  async pickOne<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(items, { ...options, ignoreFocusOut: false });
    return picked?.value;
  }
  async pickMany<T>(
    items: PickItem<T>[] | Promise<PickItem<T>[]>,
    options: { title?: string; placeHolder?: string },
  ): Promise<T[] | undefined> {
    const picked = await vscode.window.showQuickPick(items, { ...options, canPickMany: true });
    return picked?.map((p) => p.value);
  }
  pickFromPages<T>(
    pages: (signal: AbortSignal) => AsyncIterable<Array<PickItem<T>>>,
    options: PagedPickOptions<T>,
  ): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<PickItem<T>>();
      const controller = new AbortController();
      qp.title = options.title;
      qp.placeholder = options.placeholder;
      qp.matchOnDescription = true;
      qp.busy = true;
      let done = false;
      const finish = (value: T | undefined): void => {
        if (done) return;
        done = true;
        controller.abort();
        resolve(value);
        qp.dispose();
      };
      qp.onDidAccept(() => {
        const picked = qp.selectedItems[0] ?? qp.activeItems[0];
        if (picked) finish(picked.value);
      });
      qp.onDidHide(() => finish(undefined));
      if (options.lookup) {
        const lookup = options.lookup;
        const asked = new Set<string>();
        let timer: ReturnType<typeof setTimeout> | undefined;
        qp.onDidChangeValue((value) => {
          if (timer) clearTimeout(timer);
          const typed = value.trim();
          if (!typed || asked.has(typed) || qp.items.some((item) => item.label === typed)) return;
          timer = setTimeout(() => {
            asked.add(typed);
            void lookup(typed, controller.signal)
              .then((found) => {
                if (done || !found || qp.items.some((item) => item.label === found.label)) return;
                const active = qp.activeItems;
                qp.items = [{ ...found, alwaysShow: true }, ...qp.items];
                if (active.length) qp.activeItems = active;
              })
              .catch(() => undefined);
          }, LOOKUP_PAUSE_MS);
        });
      }
      qp.show();
      void (async () => {
        try {
          for await (const page of pages(controller.signal)) {
            if (done) return;
            // Keep the active item and the typed filter when a page is appended.
            const active = qp.activeItems;
            qp.items = [...qp.items, ...page];
            if (active.length) qp.activeItems = active;
          }
          if (!done && qp.items.length === 0) {
            qp.items = [{ label: options.emptyText, value: undefined as unknown as T, alwaysShow: true }];
            qp.enabled = true;
          }
        } catch (err) {
          if (!done && !controller.signal.aborted && options.failed) qp.placeholder = options.failed(err);
        } finally {
          if (!done) qp.busy = false;
        }
      })();
    }).then((v) => (v === undefined || v === null ? undefined : v));
  }
  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return vscode.window.showInputBox(options);
  }
  flash(message: string, ms = 3000, icon?: FlashIcon): void {
    vscode.window.setStatusBarMessage(icon ? `$(${icon}) ${message}` : message, ms);
  }
  writeClipboard(text: string): Thenable<void> {
    return vscode.env.clipboard.writeText(text);
  }
  async withProgress<R>(
    title: string,
    task: (signal: AbortSignal) => Promise<R>,
    location: vscode.ProgressLocation | { viewId: string } = vscode.ProgressLocation.Notification,
  ): Promise<R> {
    return vscode.window.withProgress(
      { location, title, cancellable: location === vscode.ProgressLocation.Notification },
      async (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          return await task(controller.signal);
        } finally {
          sub.dispose();
        }
      },
    );
  }
}

function inertItem<I extends vscode.QuickPickItem>(item: I): I {
  return {
    ...item,
    label: inertText(item.label, 500),
    ...(item.description !== undefined ? { description: inertText(item.description, 500) } : {}),
    ...(item.detail !== undefined ? { detail: inertText(item.detail, 1000) } : {}),
  };
}

const mapOptional = <A, B>(value: A | undefined, fn: (a: A) => B): B | undefined => (value === undefined ? undefined : fn(value));

const inertOptional = (s: string | undefined): string | undefined => (s === undefined ? undefined : inertText(s));

/**
 * The Ui the extension uses: every text made inert here, then handed to the inner Ui (VS Code's, or a test's
 * recording fake). Action labels are the extension's own; the answer is mapped back to the label given.
 */
export class InertUi implements Ui {
  constructor(private inner: Ui = new VscodeUi()) {}

  /** Tests only (ExtensionMode.Test): replaces the inner Ui; returns the previous one. */
  replaceInner(ui: Ui): Ui {
    const previous = this.inner;
    this.inner = ui;
    return previous;
  }

  private async ask(actions: string[], show: (inertActions: string[]) => Thenable<string | undefined>): Promise<string | undefined> {
    const shown = actions.map((a) => inertText(a, 200));
    const answer = await show(shown);
    const i = answer === undefined ? -1 : shown.indexOf(answer);
    return i >= 0 ? actions[i] : undefined;
  }

  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.ask(actions, (a) => this.inner.info(inertText(message), ...a));
  }
  warn(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined> {
    const safe = { ...options, ...(options.detail !== undefined ? { detail: inertText(options.detail) } : {}) };
    return this.ask(actions, (a) => this.inner.warn(inertText(message), safe, ...a));
  }
  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.ask(actions, (a) => this.inner.error(inertText(message), ...a));
  }
  pickOne<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    return this.inner.pickOne(
      Promise.resolve(items).then((list) => list.map(inertItem)),
      {
        ...options,
        title: inertOptional(options.title),
        placeHolder: inertOptional(options.placeHolder),
      },
    );
  }
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: { title?: string; placeHolder?: string }): Promise<T[] | undefined> {
    return this.inner.pickMany(
      Promise.resolve(items).then((list) => list.map(inertItem)),
      {
        title: inertOptional(options.title),
        placeHolder: inertOptional(options.placeHolder),
      },
    );
  }
  pickFromPages<T>(
    pages: (signal: AbortSignal) => AsyncIterable<Array<PickItem<T>>>,
    options: PagedPickOptions<T>,
  ): Promise<T | undefined> {
    const { failed, lookup } = options;
    return this.inner.pickFromPages(
      async function* (signal) {
        for await (const page of pages(signal)) yield page.map(inertItem);
      },
      {
        title: inertText(options.title),
        placeholder: inertText(options.placeholder),
        emptyText: inertText(options.emptyText),
        ...(failed ? { failed: (err: unknown) => inertText(failed(err)) } : {}),
        ...(lookup ? { lookup: async (value: string, signal: AbortSignal) => mapOptional(await lookup(value, signal), inertItem) } : {}),
      },
    );
  }
  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    const validate = options.validateInput;
    return this.inner.input({
      ...options,
      title: inertOptional(options.title),
      prompt: inertOptional(options.prompt),
      placeHolder: inertOptional(options.placeHolder),
      ...(validate
        ? {
            validateInput: async (value: string) => {
              const problem = await validate(value);
              return typeof problem === 'string' ? inertText(problem) : problem;
            },
          }
        : {}),
    });
  }
  flash(message: string, ms?: number, icon?: FlashIcon): void {
    this.inner.flash(inertText(message, 500), ms, icon);
  }
  writeClipboard(text: string): Thenable<void> {
    return this.inner.writeClipboard(clipboardText(text));
  }
  withProgress<R>(
    title: string,
    task: (signal: AbortSignal) => Promise<R>,
    location?: vscode.ProgressLocation | { viewId: string },
  ): Promise<R> {
    return this.inner.withProgress(inertText(title, 500), task, location);
  }
}
