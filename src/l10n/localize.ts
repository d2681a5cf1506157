// Shows the pure modules' English messages (problems, registry and CLI errors, login diagnostics) in the display
// language [vscode]: the message is matched against the English templates of the loaded l10n bundle (its keys;
// src/l10n/pureTemplates.ts puts the pure modules' templates there) and translated with vscode.l10n.t.
import * as vscode from 'vscode';
import { MessageCatalog } from './messageCatalog';

let cached: { bundle: object; catalog: MessageCatalog } | undefined;

function catalog(): MessageCatalog | undefined {
  // No bundle in the default language (English) or when the language has no translations: nothing to do.
  const bundle = vscode.l10n.bundle;
  if (!bundle) return undefined;
  if (cached?.bundle !== bundle) cached = { bundle, catalog: new MessageCatalog(Object.keys(bundle)) };
  return cached.catalog;
}

/** A message from a pure module (or any text) in the display language; text no template explains is kept. */
export function localizeMessage(message: string): string {
  return catalog()?.localize(message, (template, args) => vscode.l10n.t(template, ...args)) ?? message;
}

/** localizeMessage for optional text, e.g. an input box validator's answer (undefined = valid). */
export function localizeOptional(message: string | undefined): string | undefined {
  return message === undefined ? undefined : localizeMessage(message);
}

/** The message of any thrown value, localised: for `Could not …: {1}` style notifications. */
export function errorText(err: unknown): string {
  return localizeMessage(err instanceof Error ? err.message : String(err));
}
