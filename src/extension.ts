import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ECR Explorer', { log: true });
  context.subscriptions.push(log);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
