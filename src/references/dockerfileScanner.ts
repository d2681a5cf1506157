// Image references in Dockerfiles/Containerfiles: `FROM [--platform=…] image [AS name]` and `COPY|ADD --from=image`,
// with ARG defaults substituted where they are literal (the ranges then point into the ARG line where the text lives).
import { referenceFromParsed, type ImageReference, type LineIndex, type TextRange } from './imageReference';
import { parseImageText } from './imageText';

/** Text with the document offset of each of its characters (-1 for characters that are not in the document). */
interface MappedText {
  text: string;
  offsets: number[];
}

interface Instruction extends MappedText {
  keyword: string;
}

interface ArgValue extends MappedText {
  range: TextRange;
}

/** The escape character from a `# escape=` parser directive at the top of the file (default backslash). */
function escapeCharOf(text: string): string {
  for (const line of text.split(/\r\n|\n|\r/, 20)) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

/** Logical instructions: continuation lines joined (a space in between), comment lines inside them dropped. */
function instructions(text: string): Instruction[] {
  const escape = escapeCharOf(text);
  const out: Instruction[] = [];
  let current: MappedText | undefined;
  const lineRe = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) !== null && m[0].length > 0) {
    const start = m.index;
    const body = m[0].replace(/[\r\n]+$/, '');
    if (/^\s*#/.test(body) || (current === undefined && body.trim() === '')) continue;
    if (current !== undefined && body.trim() === '') continue;
    const continued = new RegExp(`${escape === '\\' ? '\\\\' : '`'}\\s*$`).exec(body);
    const content = continued ? body.slice(0, continued.index) : body;
    current ??= { text: '', offsets: [] };
    if (current.text.length > 0) {
      current.text += ' ';
      current.offsets.push(-1);
    }
    current.text += content;
    for (let i = 0; i < content.length; i++) current.offsets.push(start + i);
    if (!continued) {
      out.push(toInstruction(current));
      current = undefined;
    }
  }
  if (current) out.push(toInstruction(current));
  return out;
}

function toInstruction(t: MappedText): Instruction {
  const keyword = /^\s*([A-Za-z]+)/.exec(t.text)?.[1]?.toUpperCase() ?? '';
  return { ...t, keyword };
}

/** Whitespace-separated words (quotes kept; ARG values are unquoted separately). */
function words(t: MappedText): MappedText[] {
  const out: MappedText[] = [];
  const re = /(?:"[^"]*"|'[^']*'|[^\s"']+)+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t.text)) !== null) {
    out.push({ text: m[0], offsets: t.offsets.slice(m.index, m.index + m[0].length) });
  }
  return out;
}

function slice(t: MappedText, from: number, to = t.text.length): MappedText {
  return { text: t.text.slice(from, to), offsets: t.offsets.slice(from, to) };
}

function unquote(t: MappedText): MappedText {
  const q = t.text[0];
  if ((q === '"' || q === "'") && t.text.length >= 2 && t.text[t.text.length - 1] === q) return slice(t, 1, t.text.length - 1);
  return t;
}

/** `$NAME`, `${NAME}` and `${NAME:-default}` replaced by literal ARG values; undefined when a variable has none. */
function expand(word: MappedText, args: ReadonlyMap<string, ArgValue>, used: ArgValue[]): MappedText | undefined {
  if (!word.text.includes('$')) return word;
  const out: MappedText = { text: '', offsets: [] };
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^${}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(word.text)) !== null) {
    out.text += word.text.slice(last, m.index);
    out.offsets.push(...word.offsets.slice(last, m.index));
    const value = args.get(m[1] ?? m[3]!);
    if (value && value.text.length > 0) {
      out.text += value.text;
      out.offsets.push(...value.offsets);
      used.push(value);
    } else if (m[2] !== undefined) {
      const at = m.index + m[0].indexOf(':-') + 2;
      out.text += m[2];
      out.offsets.push(...word.offsets.slice(at, at + m[2].length));
    } else {
      return undefined;
    }
    last = m.index + m[0].length;
  }
  out.text += word.text.slice(last);
  out.offsets.push(...word.offsets.slice(last));
  return out.text.includes('$') ? undefined : out;
}

function wordRange(lines: LineIndex, w: MappedText): TextRange {
  return lines.range(w.offsets[0]!, w.offsets[w.offsets.length - 1]! + 1);
}

function referenceOf(lines: LineIndex, word: MappedText, args: ReadonlyMap<string, ArgValue>): ImageReference | undefined {
  const used: ArgValue[] = [];
  const expanded = expand(word, args, used);
  if (!expanded) return undefined;
  const parsed = parseImageText(expanded.text);
  if (!parsed) return undefined;
  const offsets = expanded.offsets;
  const contiguous = (s: readonly [number, number]): boolean => {
    for (let i = s[0]; i < s[1]; i++) {
      if (offsets[i]! < 0 || (i > s[0] && offsets[i] !== offsets[i - 1]! + 1)) return false;
    }
    return s[0] < s[1] ? true : offsets[s[0]] !== undefined && offsets[s[0]]! >= 0;
  };
  const ref = referenceFromParsed(parsed, lines, (i) => offsets[i]!, 'dockerfile', {
    contiguous,
    range: wordRange(lines, word),
    implicitLatest: parsed.tag === undefined && parsed.digest === undefined,
  });
  return used.length ? { ...ref, otherRanges: used.map((u) => u.range) } : ref;
}

/**
 * ARG declarations of one instruction: NAME[=value] pairs. A value that uses other ARGs is expanded with the literal
 * values in scope; a value that cannot be made literal counts as absent.
 */
function argDeclarations(
  lines: LineIndex,
  inst: Instruction,
  scope: ReadonlyMap<string, ArgValue>,
): Array<{ name: string; value?: ArgValue }> {
  return words(inst)
    .slice(1)
    .map((w) => {
      const eq = w.text.indexOf('=');
      if (eq < 0) return { name: w.text };
      const written = unquote(slice(w, eq + 1));
      const value = expand(written, scope, []);
      if (!value || value.text.length === 0 || value.offsets.some((o) => o < 0)) return { name: w.text.slice(0, eq) };
      return { name: w.text.slice(0, eq), value: { ...value, range: wordRange(lines, written) } };
    });
}

export function scanDockerfile(text: string, lines: LineIndex, limit: number): ImageReference[] {
  const refs: ImageReference[] = [];
  const globals = new Map<string, ArgValue>();
  let stage: Map<string, ArgValue> | undefined;
  for (const inst of instructions(text)) {
    if (refs.length > limit) break;
    switch (inst.keyword) {
      case 'ARG':
        for (const decl of argDeclarations(lines, inst, stage ?? globals)) {
          const value = decl.value ?? (stage ? globals.get(decl.name) : undefined);
          const scope = stage ?? globals;
          if (value) scope.set(decl.name, value);
          else scope.delete(decl.name);
        }
        break;
      case 'FROM': {
        stage = new Map();
        const image = words(inst)
          .slice(1)
          .find((w) => !w.text.startsWith('--'));
        const ref = image && referenceOf(lines, image, globals);
        if (ref) refs.push(ref);
        break;
      }
      case 'COPY':
      case 'ADD': {
        for (const w of words(inst).slice(1)) {
          if (!w.text.startsWith('--')) break;
          if (!w.text.startsWith('--from=')) continue;
          const ref = referenceOf(lines, unquote(slice(w, '--from='.length)), stage ?? globals);
          if (ref) refs.push(ref);
        }
        break;
      }
    }
  }
  return refs;
}
