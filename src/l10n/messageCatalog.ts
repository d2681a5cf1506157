// Localises the English text the pure modules produce (problems, registry and CLI errors, login diagnostics)
// without teaching them about vscode [pure]: a message is matched against the English templates it was built
// from ("Cannot reach the ECR endpoint ({0})."), its arguments are recovered (and localised in turn when they
// are messages themselves, e.g. `profile "dev"`), and template + arguments go to a translator — vscode.l10n.t
// at the vscode boundary, where the bundle key is the same English template.

/** Turns an English template and its (already localised) arguments into display text. */
export type Translate = (template: string, args: string[]) => string;

export interface MatchedMessage {
  template: string;
  /** Argument texts by placeholder number ({0} → args[0]). */
  args: string[];
}

interface CompiledTemplate {
  template: string;
  regex: RegExp;
  /** Placeholder numbers in the order their capture groups appear. */
  order: number[];
  /** Characters of literal text: the most literal match wins, so a generic template never hides a precise one. */
  specificity: number;
}

const PLACEHOLDER = /\{(\d+)\}/g;
const MAX_DEPTH = 3;
/** Longer texts are not matched (server bodies are bounded far below this; the cap keeps regexes cheap). */
const MAX_MESSAGE_LENGTH = 4000;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(template: string): CompiledTemplate | undefined {
  let pattern = '';
  let last = 0;
  let specificity = 0;
  let words = 0;
  const order: number[] = [];
  const seen = new Set<number>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    const literal = template.slice(last, m.index);
    pattern += escapeRegExp(literal);
    specificity += literal.length;
    words += literal.trim().length;
    const n = Number(m[1]);
    if (seen.has(n)) {
      pattern += `\\k<p${n}>`;
    } else {
      seen.add(n);
      order.push(n);
      pattern += `(?<p${n}>[\\s\\S]*?)`;
    }
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  pattern += escapeRegExp(tail);
  specificity += tail.length;
  words += tail.trim().length;
  // A template that is (almost) all placeholders ("{0}: {1}") would match anything.
  if (words < 3) return undefined;
  return { template, regex: new RegExp(`^${pattern}$`), order, specificity };
}

export class MessageCatalog {
  private readonly compiled: CompiledTemplate[];

  constructor(templates: readonly string[]) {
    this.compiled = [];
    for (const t of new Set(templates)) {
      const c = compile(t);
      if (c) this.compiled.push(c);
    }
    this.compiled.sort((a, b) => b.specificity - a.specificity);
  }

  get templates(): string[] {
    return this.compiled.map((c) => c.template);
  }

  /** The most specific template that matches the whole message, with its arguments; undefined when none does. */
  match(message: string): MatchedMessage | undefined {
    if (message.length > MAX_MESSAGE_LENGTH) return undefined;
    for (const c of this.compiled) {
      const m = c.regex.exec(message);
      if (!m) continue;
      const args: string[] = [];
      for (const n of c.order) args[n] = m.groups?.[`p${n}`] ?? '';
      for (let i = 0; i < args.length; i++) args[i] ??= '';
      return { template: c.template, args };
    }
    return undefined;
  }

  /**
   * The message in the display language: translated when a template matches (arguments that are messages
   * themselves are localised too), else unchanged (text from servers and CLIs stays as it came).
   */
  localize(message: string, translate: Translate, depth = 0): string {
    const matched = depth < MAX_DEPTH ? this.match(message) : undefined;
    if (!matched) return message;
    const args = matched.args.map((a) => (a ? this.localize(a, translate, depth + 1) : a));
    return translate(matched.template, args);
  }
}
