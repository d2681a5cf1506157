// A scripted, recording fake of the extension's Ui (src/services/ui.ts), installed behind the inert seam with
// ExtensionApi.useUi (ExtensionMode.Test only). Answers are queued per kind of prompt; every message, pick, input
// box, progress title, status bar message and clipboard write is recorded as the user would have seen it (after
// the seam made it inert). A prompt with no queued answer is dismissed (undefined), as a user pressing Escape.
import * as vscode from 'vscode';
import type { FlashIcon, PagedPickOptions, PickItem, PickOptions, Ui } from '../../src/services/ui';

export type PromptKind = 'info' | 'warn' | 'error' | 'pickOne' | 'pickMany' | 'pickFromPages' | 'input';

/** What the scripted user does: a button label / item label / typed text, or a function choosing from what is shown. */
export type Answer = string | undefined | ((shown: Recorded) => unknown);

export interface Recorded {
  kind: PromptKind | 'flash' | 'clipboard' | 'progress';
  /** The message, title or text as shown. */
  text: string;
  detail?: string;
  modal?: boolean;
  /** Buttons of a message; labels of a pick's items. */
  choices: string[];
  /** What the scripted user answered (undefined: dismissed). */
  answer?: unknown;
  /** Validation messages an input box showed for the answer. */
  validation?: string;
}

const OPEN_LINK = /\[[^\]]*\]\s*\((?:command:|https?:|file:|vscode:)/i;
const ICON = /\$\([a-z0-9-~]+\)/i;

export class ScriptedUi implements Ui {
  readonly shown: Recorded[] = [];
  private readonly queue = new Map<PromptKind, Answer[]>();

  /** `onRecord` sees every entry as it is recorded (e.g. to keep a clearable list of messages). */
  constructor(private readonly onRecord?: (r: Recorded) => void) {}

  private record(r: Recorded): void {
    this.shown.push(r);
    this.onRecord?.(r);
  }

  /** Queues answers for the next prompts of `kind`, in order. */
  answer(kind: PromptKind, ...answers: Answer[]): this {
    this.queue.set(kind, [...(this.queue.get(kind) ?? []), ...answers]);
    return this;
  }

  /** Answers still queued (a test that expects every answer used checks this is empty). */
  pending(): Array<[PromptKind, number]> {
    return [...this.queue.entries()].filter(([, a]) => a.length > 0).map(([k, a]) => [k, a.length]);
  }

  /** Every recorded text (message, detail, choices) that carries link or icon syntax VS Code would render. */
  liveSyntax(): string[] {
    return this.shown
      .flatMap((r) => [r.text, r.detail ?? '', ...r.choices])
      .filter((t) => OPEN_LINK.test(t) || (ICON.test(t) && !t.startsWith('$(')));
  }

  private next(kind: PromptKind, rec: Recorded): unknown {
    this.record(rec);
    const a = this.queue.get(kind)?.shift();
    const value = typeof a === 'function' ? a(rec) : a;
    rec.answer = value;
    return value;
  }

  private message(kind: 'info' | 'warn' | 'error', text: string, actions: string[], opts: { modal?: boolean; detail?: string } = {}) {
    const answer = this.next(kind, { kind, text, choices: actions, modal: opts.modal, detail: opts.detail });
    return Promise.resolve(typeof answer === 'string' && actions.includes(answer) ? answer : undefined);
  }

  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.message('info', message, actions);
  }
  warn(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined> {
    return this.message('warn', message, actions, options);
  }
  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.message('error', message, actions);
  }

  private choose<T>(items: PickItem<T>[], answer: unknown): PickItem<T> | undefined {
    if (typeof answer === 'string') return items.find((i) => i.label === answer);
    return items.find((i) => i === answer || i.value === answer);
  }

  async pickOne<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: PickOptions): Promise<T | undefined> {
    const list = await items;
    const answer = this.next('pickOne', {
      kind: 'pickOne',
      text: options.title ?? '',
      choices: list.map((i) => i.label),
      detail: options.placeHolder,
    });
    return this.choose(list, answer === 0 ? list[0] : answer)?.value;
  }

  async pickMany<T>(
    items: PickItem<T>[] | Promise<PickItem<T>[]>,
    options: { title?: string; placeHolder?: string },
  ): Promise<T[] | undefined> {
    const list = await items;
    const answer = this.next('pickMany', { kind: 'pickMany', text: options.title ?? '', choices: list.map((i) => i.label) });
    if (answer === undefined) return undefined;
    const labels = Array.isArray(answer) ? answer : [answer];
    return list.filter((i) => labels.includes(i.label)).map((i) => i.value);
  }

  async pickFromPages<T>(
    pages: (signal: AbortSignal) => AsyncIterable<Array<PickItem<T>>>,
    options: PagedPickOptions<T>,
  ): Promise<T | undefined> {
    const controller = new AbortController();
    const list: PickItem<T>[] = [];
    try {
      for await (const page of pages(controller.signal)) list.push(...page);
    } catch (err) {
      list.length = 0;
      this.record({ kind: 'pickFromPages', text: options.failed ? options.failed(err) : String(err), choices: [] });
    } finally {
      controller.abort();
    }
    const answer = this.next('pickFromPages', { kind: 'pickFromPages', text: options.title, choices: list.map((i) => i.label) });
    return this.choose(list, answer === 0 ? list[0] : answer)?.value;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const rec: Recorded = { kind: 'input', text: options.title ?? options.prompt ?? '', detail: options.prompt, choices: [] };
    const answer = this.next('input', rec);
    if (typeof answer !== 'string') return undefined;
    const problem = options.validateInput ? await options.validateInput(answer) : undefined;
    const text = typeof problem === 'string' ? problem : problem?.message;
    if (text) {
      // An input box does not accept a value it flags: the user can only dismiss it.
      rec.validation = text;
      return undefined;
    }
    return answer;
  }

  flash(message: string, _ms?: number, icon?: FlashIcon): void {
    this.record({ kind: 'flash', text: icon ? `$(${icon}) ${message}` : message, choices: [] });
  }

  async writeClipboard(text: string): Promise<void> {
    this.record({ kind: 'clipboard', text, choices: [] });
    await vscode.env.clipboard.writeText(text);
  }

  async withProgress<R>(title: string, task: (signal: AbortSignal) => Promise<R>): Promise<R> {
    this.record({ kind: 'progress', text: title, choices: [] });
    return task(new AbortController().signal);
  }

  /** The recorded entries of one kind. */
  of(kind: Recorded['kind']): Recorded[] {
    return this.shown.filter((r) => r.kind === kind);
  }
}
