// How failures reach the user: the one error text with its suggested next step, and the one error notification
// with a Show Log button.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { isMessage, type Message } from '../model/message';
import type { Services } from './services';

function messageOf(value: unknown, key: 'userMessage' | 'action'): Message | undefined {
  const m = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return isMessage(m) ? m : undefined;
}

/**
 * Any thrown value as one line in the display language: the error's message plus the suggested next step. Errors
 * of the pure modules (ProblemError, RegistryError, CliError) carry a structured `userMessage` (a ProblemError's
 * problem also an `action`, e.g. `aws sso login`), rendered here; any other error is shown by its message, which
 * the vscode side already wrote in the display language. Checked structurally: the data layers live in lazily
 * loaded bundles.
 */
export function describeError(err: unknown): string {
  const structured = messageOf(err, 'userMessage');
  if (!structured) return err instanceof Error ? err.message : String(err);
  const text = renderMessage(structured);
  const action = messageOf((err as { problem?: unknown }).problem, 'action');
  const actionText = action ? renderMessage(action) : '';
  return actionText && !text.includes(actionText) ? `${text} ${actionText}` : text;
}

/**
 * An error notification with a Show Log button between `before` and `after` (choosing it shows the log); resolves
 * with the other action chosen, if any.
 */
export async function errorWithLog(
  services: Pick<Services, 'ui' | 'log'>,
  message: string,
  actions: { before?: string[]; after?: string[] } = {},
): Promise<string | undefined> {
  const showLog = vscode.l10n.t('Show Log');
  const choice = await services.ui.error(message, ...(actions.before ?? []), showLog, ...(actions.after ?? []));
  if (choice === showLog) {
    services.log.show();
    return undefined;
  }
  return choice;
}
