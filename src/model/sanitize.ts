// Untrusted text from servers (repository names, tags, error messages) made safe to show in a tree, a
// terminal or a log: no escape sequences, no control characters, no bidi tricks, bounded length.

/* eslint-disable no-control-regex -- matching control characters is the whole point of this module */

// CSI (ESC [ … final, or 8-bit 0x9B …), string sequences OSC/DCS/SOS/PM/APC terminated by BEL or ST (or the end of
// the text when unterminated), and the remaining two-byte ESC sequences (ESC followed by intermediates and a final).
const ESCAPE_SEQUENCES =
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[ -/]*[0-~]?/g;
// Line breaks and tabs become one space so words stay apart.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// C0, DEL and C1 control characters.
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
// Bidi embeddings/overrides (U+202A–U+202E), isolates (U+2066–U+2069), LRM/RLM (U+200E/F), ALM (U+061C),
// plus the BOM/zero-width no-break space which hides text boundaries.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;

export const DEFAULT_SANITIZE_LENGTH = 256;

// Printable ASCII needs no cleaning: the common case (every ECR repository name and tag) takes one test, no copies.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Returns `s` without terminal escape sequences, control characters or bidi controls, at most `maxLength`
 * code points long (longer text ends with "…"). Non-strings become ''.
 */
export function sanitizeText(s: string, maxLength: number = DEFAULT_SANITIZE_LENGTH): string {
  if (typeof s !== 'string') {
    return '';
  }
  const limit = Math.max(1, Math.floor(maxLength));
  if (s.length <= limit && PRINTABLE_ASCII.test(s)) {
    return s;
  }
  const cleaned = s.replace(ESCAPE_SEQUENCES, '').replace(WHITESPACE_CONTROLS, ' ').replace(CONTROLS, '').replace(BIDI, '');
  // Count code points, not UTF-16 units, so a surrogate pair is never split.
  if (cleaned.length <= limit) {
    return cleaned;
  }
  const points = Array.from(cleaned);
  return points.length <= limit ? cleaned : points.slice(0, limit - 1).join('') + '…';
}

/** Untrusted CLI/server text made safe for a terminal: escape sequences and controls removed, `\r\n` lines. */
export function sanitizeTerminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => sanitizeText(line.replace(/\r$/, ''), 100_000))
    .join('\r\n');
}

// Link syntax VS Code renders in notification text (`[text](command:…)`, `https:`, `file:`), and `$(icon)` syntax
// rendered in status bar messages, quick picks and labels. A zero-width space after `]` / `$` keeps the text
// readable and makes it plain text.
const LINK_OPENER = /\]\s*\(/g;
const ICON_OPENER = /\$\(/g;
const ZWSP = '\u200b';

/**
 * `text` made inert for a notification, modal, quick pick, input box, progress title or status bar message: no
 * link and no icon syntax survives (the extension writes its own icons through separate parameters). Line breaks
 * are kept (modal details use them); other control characters, escape sequences and bidi controls go.
 */
export function inertText(text: string, maxLength = 4000): string {
  if (typeof text !== 'string') return '';
  return text
    .split('\n')
    .map((line) => sanitizeText(line, maxLength))
    .join('\n')
    .replace(LINK_OPENER, (m) => `]${ZWSP}${m.slice(1)}`)
    .replace(ICON_OPENER, `$${ZWSP}(`);
}

/** Text for the clipboard: one line, no control characters, escape sequences or bidi controls. */
export function clipboardText(text: string, maxLength = 4096): string {
  return sanitizeText(String(text), maxLength).trim();
}

/** One line of untrusted text, safe for a label (sanitised, runs of white space folded, trimmed). */
export function clean(text: string, max = 200): string {
  return sanitizeText(text, max).replace(/\s+/g, ' ').trim();
}
