// The copy commands' shared tail: clipboard, a short status-bar confirmation, and errors as messages.
import * as vscode from 'vscode';
import { describeError } from './errors';
import { clipboardText } from '../model/sanitize';
import type { ExplorerServices } from './services';

export async function copyText(services: ExplorerServices, text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  // One line, no control characters (the Ui seam enforces it too; this is what the caller gets back).
  text = clipboardText(text);
  await services.ui.writeClipboard(text);
  services.ui.flash(vscode.l10n.t('Copied {0}', text), undefined, 'check');
  return text;
}

/** Runs a copy command's body; a failure is logged and shown with what to do. */
export async function copyGuarded(
  services: ExplorerServices,
  what: string,
  build: () => Promise<string | undefined>,
): Promise<string | undefined> {
  try {
    return await copyText(services, await build());
  } catch (err) {
    services.log.error(`Copying the ${what} failed`, err);
    void services.ui.error(vscode.l10n.t('Could not copy the {0}: {1}', what, describeError(err)));
    return undefined;
  }
}
