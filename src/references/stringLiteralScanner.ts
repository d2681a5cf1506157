// Image references in JSON (ECS task definitions, CloudFormation, devcontainer.json; comments allowed) and in
// Terraform/HCL string literals, including JSON inside heredocs (`container_definitions = <<EOF … EOF`).
import { identityAt, referenceFromParsed, type ImageReference, type LineIndex, type ReferenceSource } from './imageReference';
import { parseImageText, parseRepositoryText } from './imageText';

/** Keys whose untagged ECR value means `:latest`. */
const IMAGE_KEYS = new Set(['image', 'Image', 'ImageUri', 'image_uri']);

interface Options {
  hcl: boolean;
  source: ReferenceSource;
}

/** Scans `text[from, to)` and appends every reference to `refs` (stopping once there are more than `limit`). */
function scanRange(text: string, from: number, to: number, lines: LineIndex, opts: Options, refs: ImageReference[], limit: number): void {
  let i = from;
  let lastString: { value: string; end: number } | undefined;
  let key: string | undefined;
  while (i < to && refs.length <= limit) {
    const c = text.charCodeAt(i);
    // Comments: // and /* */ (JSONC and HCL), # (HCL).
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      i = lineEnd(text, i, to);
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 || close + 2 > to ? to : close + 2;
      continue;
    }
    if (c === 35 /* # */ && opts.hcl) {
      i = lineEnd(text, i, to);
      continue;
    }
    if (opts.hcl && c === 60 /* < */ && text.charCodeAt(i + 1) === 60) {
      const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, Math.min(to, i + 200)));
      if (heredoc) {
        const bodyStart = i + heredoc[0].length;
        const bodyEnd = heredocEnd(text, bodyStart, to, heredoc[1]!);
        // Heredoc bodies are usually JSON (container definitions); their strings are scanned as JSON strings.
        scanRange(text, bodyStart, bodyEnd, lines, { hcl: false, source: opts.source }, refs, limit);
        i = bodyEnd;
        key = undefined;
        continue;
      }
    }
    if (c === 58 /* : */ || (opts.hcl && c === 61) /* = */) {
      key = lastString?.value;
      lastString = undefined;
      i++;
      continue;
    }
    if (opts.hcl && isIdentifierStart(c)) {
      let j = i + 1;
      while (j < to && isIdentifierPart(text.charCodeAt(j))) j++;
      lastString = { value: text.slice(i, j), end: j };
      i = j;
      continue;
    }
    if (c === 34 /* " */) {
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < to) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \ */) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 34 || d === 10 || d === 13) break;
        j++;
      }
      if (j >= to || text.charCodeAt(j) !== 34) {
        // An unterminated string: stop at the line end, the rest of the file may still be readable.
        i = lineEnd(text, start, to);
        lastString = undefined;
        continue;
      }
      const value = text.slice(start, j);
      i = j + 1;
      if (!escaped && value.length >= 8) {
        const parsed = parseImageText(value);
        if (parsed && (parsed.tag !== undefined || parsed.digest !== undefined)) {
          refs.push(referenceFromParsed(parsed, lines, identityAt(start), opts.source));
        } else if (key !== undefined && IMAGE_KEYS.has(key)) {
          const repo = parseRepositoryText(value);
          if (repo) refs.push(referenceFromParsed(repo, lines, identityAt(start), opts.source, { implicitLatest: true }));
        }
      }
      lastString = { value: escaped ? '' : value, end: i };
      continue;
    }
    if (c === 44 /* , */ || c === 123 /* { */ || c === 125 || c === 91 || c === 93 || c === 10) {
      key = undefined;
      if (c !== 10) lastString = undefined;
    } else if (c > 32 && c !== 13) {
      lastString = undefined;
    }
    i++;
  }
}

const isIdentifierStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentifierPart = (c: number): boolean => isIdentifierStart(c) || (c >= 48 && c <= 57) || c === 45;

function lineEnd(text: string, i: number, to: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > to ? to : nl;
}

/** Offset of the heredoc's closing line (a line holding only the identifier, indented for `<<-`). */
function heredocEnd(text: string, from: number, to: number, id: string): number {
  let lineStart = from;
  while (lineStart < to) {
    const end = lineEnd(text, lineStart, to);
    if (text.slice(lineStart, end).trim() === id) return lineStart;
    lineStart = end + 1;
  }
  return to;
}

export function scanJson(text: string, lines: LineIndex, limit: number): ImageReference[] {
  const refs: ImageReference[] = [];
  scanRange(text, 0, text.length, lines, { hcl: false, source: 'json' }, refs, limit);
  return refs;
}

export function scanTerraform(text: string, lines: LineIndex, limit: number): ImageReference[] {
  const refs: ImageReference[] = [];
  scanRange(text, 0, text.length, lines, { hcl: true, source: 'terraform' }, refs, limit);
  return refs;
}
