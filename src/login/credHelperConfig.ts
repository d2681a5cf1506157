// A container CLI's credential config as text and data [pure, no I/O]: strict parsing that names the line of a
// syntax error, the file's formatting (indentation, line ends, final newline, Go's HTML escaping) so a rewrite
// looks like the CLI wrote it, and the edits of the credential-helper commands: add or remove `credHelpers`
// entries for chosen hosts, find and drop stale `auths` entries. `credsStore` is read, never written.
import { sanitizeText } from '../model/sanitize';
import { normalizeHost } from './commandLines';
import { chMessage, CredHelperConfigError, ECR_LOGIN_HELPER, type AddedEntry } from './credHelperBase';
import { helperKey } from './credHelperHosts';
import { isRecord } from '../model/untrusted';

export type ConfigData = Record<string, unknown>;

/** How a config file is written, detected from its text. */
export interface ConfigFormat {
  /** Indentation of one level ('\t', '  ', …); '' means compact, one-line JSON. */
  indent: string;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  /** Go's encoder writes <, >, & as \u003c, \u003e, \u0026; keep doing so when the file does. */
  escapeHtml: boolean;
}

/** docker and podman write `json.MarshalIndent(…, "", "\t")` without a final newline. */
export const CLI_FORMAT: ConfigFormat = { indent: '\t', eol: '\n', finalNewline: false, escapeHtml: true };

export interface ParsedConfig {
  data: ConfigData;
  format: ConfigFormat;
  /** The file held only whitespace (or nothing): the CLIs read that as an empty config. */
  blank: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

export interface JsonSyntaxError {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
}

/**
 * The first place where `text` stops being strict JSON (RFC 8259: no comments, no trailing commas), or undefined
 * when it is valid. Engines word JSON.parse errors differently and not always with a position, so the position
 * comes from this small scanner.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const n = text.length;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        const e = text[i + 1];
        // A bad escape is reported at its backslash.
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && e !== 'u' && '"\\/bfnrt'.includes(e)) i += 2;
        else fail();
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 200) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    // A UTF-8 byte order mark is tolerated (Notepad writes one); Go's encoder would reject it, docker too.
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value(0);
    ws();
    if (i < n) fail();
    return undefined;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    return { offset: at, line, column };
  }
}

/** The formatting of a config file's text (a blank file gets the CLIs' own). */
export function detectFormat(text: string): ConfigFormat {
  if (text.trim() === '') return CLI_FORMAT;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = /\r?\n$/.test(text);
  const body = text.trimEnd();
  // The first indented line that starts a key or a value tells the unit (nested lines hold multiples of it).
  const indentMatch = /\n([ \t]+)\S/.exec(body);
  const indent = body.includes('\n') ? (indentMatch ? indentMatch[1] : '') : '';
  return { indent, eol, finalNewline, escapeHtml: /\\u00(3[cCeE]|26)/.test(text) };
}

/**
 * Parses a config file's text; a blank text is an empty config. Throws CredHelperConfigError('syntax') naming
 * the line and column of the first error, or ('notObject') when the JSON is not an object (or one of the
 * sections this feature edits is not an object).
 */
export function parseConfigText(text: string, file: string): ParsedConfig {
  const shownFile = sanitizeText(file, 300);
  if (text.trim() === '') return { data: {}, format: detectFormat(text), blank: true };
  const error = findJsonSyntaxError(text);
  if (error) {
    const lineText = sanitizeText(text.split('\n')[error.line - 1]?.trim() ?? '', 80);
    throw new CredHelperConfigError('syntax', chMessage('chConfigSyntax', shownFile, error.line, error.column, lineText));
  }
  const data: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!isRecord(data)) throw new CredHelperConfigError('notObject', chMessage('chConfigNotObject', shownFile));
  for (const key of ['credHelpers', 'auths']) {
    if (key in data && data[key] !== null && !isRecord(data[key])) {
      throw new CredHelperConfigError('notObject', chMessage('chConfigFieldNotObject', shownFile, key));
    }
  }
  return { data, format: detectFormat(text), blank: false };
}

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** The config as text in `format`. JSON keeps the order of keys, except that integer-like keys come first. */
export function formatConfig(data: ConfigData, format: ConfigFormat): string {
  let text = JSON.stringify(data, null, format.indent || undefined);
  if (format.escapeHtml) text = text.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]);
  if (format.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return format.finalNewline ? text + format.eol : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the credential setup of a host

/** `auths` keys that docker maps to `host` (it strips a scheme and a /v1/ or /v2/ path when looking up). */
function authKeysFor(data: ConfigData, host: string): string[] {
  const auths = isRecord(data.auths) ? data.auths : {};
  const target = helperKey(host);
  return Object.keys(auths).filter((k) => {
    try {
      return normalizeHost(k.replace(/\/v[12]\/?$/, '')) === target;
    } catch {
      return false;
    }
  });
}

const CREDENTIAL_FIELDS = ['auth', 'identitytoken', 'registrytoken', 'password'];

/**
 * `auths` entries for `host` that hold credentials. With a `credHelpers` entry the CLI never reads them: they are
 * stale (an expired ECR token, usually) and only confuse whoever reads the file.
 */
export function staleAuthKeys(data: ConfigData, host: string): string[] {
  const auths = isRecord(data.auths) ? data.auths : {};
  return authKeysFor(data, host).filter((k) => {
    const e = auths[k];
    return isRecord(e) && CREDENTIAL_FIELDS.some((f) => typeof e[f] === 'string' && e[f] !== '');
  });
}

/** The helper named for `host` in `credHelpers` (exact key, as docker looks it up), if any. */
export function helperFor(data: ConfigData, host: string): string | undefined {
  const helpers = isRecord(data.credHelpers) ? data.credHelpers : {};
  const v = helpers[helperKey(host)];
  return typeof v === 'string' ? v : undefined;
}

/** The credential store for every other host (`credsStore`), if any. */
export function credsStoreOf(data: ConfigData): string | undefined {
  return typeof data.credsStore === 'string' && data.credsStore !== '' ? data.credsStore : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Editing (immutable: every function returns a new object and leaves its input alone)

export interface AddResult {
  data: ConfigData;
  added: AddedEntry[];
  /** Hosts that already used ecr-login (nothing to do, and nothing to undo later). */
  already: string[];
  /** Hosts left alone because they name another helper and the user did not agree to replace it. */
  keptOtherHelper: Array<{ host: string; helper: string }>;
  /** The `credHelpers` object did not exist and was created. */
  createdSection: boolean;
}

/**
 * Adds `"credHelpers": {"<host>": "ecr-login"}` for each host. A host already naming another helper is replaced
 * only when listed in `replace`. Other keys (and their order) stay as they were; `credsStore` is never touched.
 */
export function addEcrLoginHelpers(data: ConfigData, hosts: readonly string[], replace: ReadonlySet<string> = new Set()): AddResult {
  const createdSection = !isRecord(data.credHelpers);
  const helpers: Record<string, unknown> = isRecord(data.credHelpers) ? { ...data.credHelpers } : {};
  const added: AddedEntry[] = [];
  const already: string[] = [];
  const keptOtherHelper: Array<{ host: string; helper: string }> = [];
  for (const raw of hosts) {
    const host = helperKey(raw);
    const current = helpers[host];
    if (current === ECR_LOGIN_HELPER) {
      if (!already.includes(host) && !added.some((a) => a.host === host)) already.push(host);
      continue;
    }
    if (typeof current === 'string' && current !== '' && !replace.has(host)) {
      keptOtherHelper.push({ host, helper: current });
      continue;
    }
    helpers[host] = ECR_LOGIN_HELPER;
    added.push(typeof current === 'string' && current !== '' ? { host, replaced: current } : { host });
  }
  if (added.length === 0) return { data, added, already, keptOtherHelper, createdSection: false };
  return { data: { ...data, credHelpers: helpers }, added, already, keptOtherHelper, createdSection };
}

/** Drops the given `auths` keys (the stale entries the user agreed to remove); the section stays, even if empty. */
export function removeAuthEntries(data: ConfigData, keys: readonly string[]): ConfigData {
  if (!isRecord(data.auths) || keys.length === 0) return data;
  const auths = { ...data.auths };
  for (const k of keys) delete auths[k];
  return { ...data, auths };
}

export interface RemoveResult {
  data: ConfigData;
  removed: AddedEntry[];
  /** Entries that no longer say "ecr-login" (someone changed them since): left alone. */
  changedSince: Array<{ host: string; now: string | undefined }>;
}

/**
 * Takes back exactly `entries` (what addEcrLoginHelpers added): each goes if it still says "ecr-login" (a
 * replaced helper comes back); `credHelpers` goes too when this extension created it and it is empty again.
 */
export function removeEcrLoginHelpers(data: ConfigData, entries: readonly AddedEntry[], createdSection: boolean): RemoveResult {
  if (!isRecord(data.credHelpers)) {
    return { data, removed: [], changedSince: entries.map((e) => ({ host: e.host, now: undefined })) };
  }
  const helpers: Record<string, unknown> = { ...data.credHelpers };
  const removed: AddedEntry[] = [];
  const changedSince: Array<{ host: string; now: string | undefined }> = [];
  for (const e of entries) {
    const current = helpers[e.host];
    if (current !== ECR_LOGIN_HELPER) {
      changedSince.push({ host: e.host, now: typeof current === 'string' ? current : undefined });
      continue;
    }
    if (e.replaced !== undefined) helpers[e.host] = e.replaced;
    else delete helpers[e.host];
    removed.push(e);
  }
  if (removed.length === 0) return { data, removed, changedSince };
  const next: ConfigData = { ...data, credHelpers: helpers };
  if (createdSection && Object.keys(helpers).length === 0) delete next.credHelpers;
  return { data: next, removed, changedSince };
}
