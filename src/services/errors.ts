// How failures reach the user: the one error text with its suggested next step, and the one error notification
// with a Show Log button.
import * as vscode from 'vscode';
import { errorText, localizeMessage } from '../l10n/localize';
import type { Services } from './services';

/** The error's message plus the suggested next step that data-layer problems carry (e.g. `aws sso login`). */
export function describeError(err: unknown): string {
  const message = errorText(err);
  const raw = (err as { problem?: { action?: unknown } } | undefined)?.problem?.action;
  const action = typeof raw === 'string' ? localizeMessage(raw) : '';
  return action && !message.includes(action) ? `${message} ${action}` : message;
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
