// Structured messages: pure code says *what* happened as a message id plus arguments; only src/l10n/ turns a
// message into display text (vscode.l10n.t), so pure modules hold no English or Japanese sentences.

/** An argument of a message: plain text (untrusted text already sanitised), a number, or a nested message. */
export type MessageArg = string | number | Message;

export interface Message<Id extends string = string> {
  readonly id: Id;
  readonly args: readonly MessageArg[];
}

export function message<Id extends string>(id: Id, ...args: MessageArg[]): Message<Id> {
  return { id, args };
}

export function isMessage(value: unknown): value is Message {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as { id?: unknown }).id === 'string' &&
    Array.isArray((value as { args?: unknown }).args)
  );
}

/**
 * A language-neutral rendering for logs of pure code and test failure output: `id(arg, arg)`. Never shown to users.
 */
export function debugText(m: Message): string {
  const args = m.args.map((a) => (typeof a === 'object' ? debugText(a) : JSON.stringify(a)));
  return `${m.id}(${args.join(', ')})`;
}
