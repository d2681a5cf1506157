// The small interface every command uses for UI side effects, so command logic can be tested with a fake.
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface Ui {
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  pickOne<T>(
    items: PickItem<T>[] | Promise<PickItem<T>[]>,
    options: { title?: string; placeHolder?: string; matchOnDescription?: boolean },
  ): Promise<T | undefined>;
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: { title?: string; placeHolder?: string }): Promise<T[] | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A short confirmation in the status bar. */
  flash(message: string, ms?: number): void;
  writeClipboard(text: string): Thenable<void>;
  withProgress<R>(
    title: string,
    task: (signal: AbortSignal) => Promise<R>,
    location?: vscode.ProgressLocation | { viewId: string },
  ): Promise<R>;
}

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
  async pickOne<T>(
    items: PickItem<T>[] | Promise<PickItem<T>[]>,
    options: { title?: string; placeHolder?: string; matchOnDescription?: boolean },
  ): Promise<T | undefined> {
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
  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return vscode.window.showInputBox(options);
  }
  flash(message: string, ms = 3000): void {
    vscode.window.setStatusBarMessage(message, ms);
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
