// Parsers for the HTTP headers the registry protocol relies on: WWW-Authenticate challenges (RFC 9110 §11.6.1),
// Link (RFC 8288) and Retry-After. Defensive: malformed input yields nothing rather than a throw.

export interface AuthChallenge {
  /** Lower-case scheme, e.g. "basic", "bearer". */
  scheme: string;
  /** Auth params with lower-case names, e.g. realm, service, scope, error. */
  params: Record<string, string>;
  /** A token68 value when the challenge carries one instead of params. */
  token68?: string;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const MAX_HEADER_LENGTH = 16 * 1024;

/**
 * Parses one WWW-Authenticate value, or several joined by ", " (as fetch joins repeated headers), into
 * challenges. Quoted values may contain commas, equals signs and backslash escapes.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header) return [];
  const s = header.slice(0, MAX_HEADER_LENGTH);
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && TOKEN_CHAR.test(s[i])) i++;
    return s.slice(start, i);
  };
  // Unquoted values should be tokens, but some servers send bare URLs: read up to the next comma or space.
  const readBare = (): string => {
    const start = i;
    while (i < s.length && s[i] !== ',' && s[i] !== ' ' && s[i] !== '\t') i++;
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    // at the opening quote
    i++;
    let out = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      out += s[i];
      i++;
    }
    i++; // closing quote (or end)
    return out;
  };
  let current: AuthChallenge | undefined;
  while (i < s.length) {
    skipSpace();
    if (s[i] === ',') {
      i++;
      continue;
    }
    const start = i;
    const token = readToken();
    if (!token) {
      // Unexpected character: skip to the next comma and resynchronise.
      while (i < s.length && s[i] !== ',') i++;
      continue;
    }
    skipSpace();
    if (s[i] === '=' && current && !isToken68Tail(s, i)) {
      // auth-param of the current challenge
      i++;
      skipSpace();
      const value = s[i] === '"' ? readQuoted() : readBare();
      current.params[token.toLowerCase()] = value;
      continue;
    }
    // A new challenge: scheme [token68 | params]
    i = start + token.length;
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
    skipSpace();
    const t68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(s.slice(i));
    if (t68 && !/^[A-Za-z0-9\-._~+/]+\s*=\s*[^=\s,]/.test(s.slice(i))) {
      current.token68 = t68[0];
      i += t68[0].length;
    }
  }
  return challenges;
}

/** `abc==` at i (a token68 ending in '=' padding) rather than `name=value`. */
function isToken68Tail(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && s[j] === '=') j++;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
  return j - i > 1 && (j >= s.length || s[j] === ',');
}

/** The target of the first `rel="next"` link, unresolved (may be relative). */
export function parseLinkNext(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const s = header.slice(0, MAX_HEADER_LENGTH);
  const linkRe = /<([^>]*)>((?:\s*;\s*[^;,"=]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (let m = linkRe.exec(s); m; m = linkRe.exec(s)) {
    const params = m[2];
    const relRe = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/gi;
    for (let r = relRe.exec(params); r; r = relRe.exec(params)) {
      const rels = (r[1] ?? r[2] ?? '').toLowerCase().split(/\s+/);
      if (rels.includes('next')) return m[1].trim();
    }
  }
  return undefined;
}

/** Retry-After as whole seconds from `now`: delay-seconds or an HTTP-date; undefined when absent/garbled. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const v = header.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  // An HTTP-date always names a weekday/month; without letters Date.parse would accept things like "-5".
  const at = /[A-Za-z]/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
