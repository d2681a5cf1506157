// Any thrown value as one line for the user, in the display language [vscode].
import { isMessage, type Message } from '../model/message';
import { renderMessage } from './render';

function messageOf(value: unknown, key: 'userMessage' | 'action'): Message | undefined {
  const m = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return isMessage(m) ? m : undefined;
}

/**
 * The error's message plus the suggested next step, rendered: errors of the pure modules (ProblemError,
 * RegistryError, CliError) carry a structured `userMessage` (a ProblemError's problem also an `action`, e.g.
 * `aws sso login`); any other error is shown by its message, which the vscode side already wrote in the
 * display language. Checked structurally: the data layers live in lazily loaded bundles.
 */
export function describeError(err: unknown): string {
  const structured = messageOf(err, 'userMessage');
  if (!structured) return err instanceof Error ? err.message : String(err);
  const text = renderMessage(structured);
  const action = messageOf((err as { problem?: unknown }).problem, 'action');
  const actionText = action ? renderMessage(action) : '';
  return actionText && !text.includes(actionText) ? `${text} ${actionText}` : text;
}
