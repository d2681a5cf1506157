// The one place that turns structured messages from pure code into display text [vscode]. Each domain has a table
// of renderers (id → vscode.l10n.t('English template', …args)) in this folder; the literal templates are what
// `npm run l10n` extracts into l10n/bundle.l10n.json.
import type { Message } from '../model/message';

/** Renders one message's arguments (already rendered to text) in the display language. */
export type Renderer = (...args: string[]) => string;
export type MessageTable<Id extends string> = { readonly [K in Id]: Renderer };

const tables: Array<Readonly<Record<string, Renderer>>> = [];

/** Adds a domain's table (called once per table at module load by src/l10n/messages.ts). */
export function addMessageTable(table: Readonly<Record<string, Renderer>>): void {
  tables.push(table);
}

function lookup(id: string): Renderer | undefined {
  for (const t of tables) {
    if (Object.prototype.hasOwnProperty.call(t, id)) return t[id];
  }
  return undefined;
}

/** The message in the display language. An id without a renderer is a bug; it is shown as the id, never thrown. */
export function renderMessage(m: Message): string {
  const args = m.args.map((a) => (typeof a === 'object' ? renderMessage(a) : String(a)));
  const render = lookup(m.id);
  return render ? render(...args) : `${m.id}${args.length ? ` (${args.join(', ')})` : ''}`;
}

/** Every id that has a renderer (for the completeness tests). */
export function renderedIds(): string[] {
  return tables.flatMap((t) => Object.keys(t));
}
