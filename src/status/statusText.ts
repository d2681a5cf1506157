// What the token-expiry status bar item shows, computed from the login records and one wall-clock instant.
// Pure (no vscode): the words are structured messages (src/l10n/statusMessages.ts renders them), the time
// arithmetic and date formatting come from token/expiry.ts.
import { message, type Message, type MessageArg } from '../model/message';
import type { LoginRecord } from '../model/types';
import { sortBySoonest } from '../token/loginRecords';
import {
  expiryLevel,
  formatExpiryTime,
  formatRemaining,
  msUntilNextMinute,
  msUntilRemainingChanges,
  remainingMs,
  summarizeExpiries,
  type ExpiryLevel,
} from '../token/expiry';

export const RENEW_COMMAND = 'ecrExplorer.renewLogin';
export const KEY_ICON = '$(key)';

/** Every message of the item; src/l10n/statusMessages.ts renders them. */
export const STATUS_MESSAGE_IDS = [
  'status.bar',
  'status.ariaValid',
  'status.ariaValidFirstOf',
  'status.ariaExpired',
  'status.ariaExpiredOf',
  'status.tooltipTitle',
  'status.columnRegistry',
  'status.columnProfile',
  'status.columnRegion',
  'status.columnExpires',
  'status.columnLeft',
  'status.defaultProfile',
  'status.renew',
  'status.clickHint',
  'status.helperBar',
  'status.ariaHelper',
  'status.helperCell',
] as const;
export type StatusMessageId = (typeof STATUS_MESSAGE_IDS)[number];
const m = (id: StatusMessageId, ...args: MessageArg[]): Message => message(id, ...args);

export interface StatusOptions {
  /** The warning threshold (ecrExplorer.statusBar.warningMinutes in ms). */
  warningMs: number;
  /** vscode.env.language, for the date format of the expiry times (the words come from the renderer tables). */
  lang?: string;
  /** Only tests set it; default is the machine's zone. */
  timeZone?: string;
  /**
   * Registry hosts the Amazon ECR credential helper serves (lower case): the CLI ignores stored logins for them,
   * so their rows say "credential helper" instead of an expiry and they never make the item warn.
   */
  helperHosts?: ReadonlySet<string>;
}

/** Login records without the hosts the credential helper serves (their stored logins are not used). */
export function withoutHelperHosts<T extends { host: string }>(records: readonly T[], helperHosts?: ReadonlySet<string>): T[] {
  return helperHosts && helperHosts.size > 0 ? records.filter((r) => !helperHosts.has(r.host.toLowerCase())) : [...records];
}

/** A registry served by the credential helper: shown in the tooltip without an expiry. */
export interface HelperRow {
  host: string;
  profile: MessageArg;
  region: string;
}

/** One row per host the helper serves: with the profile and region of a login recorded for it, when there is one. */
function helperRowsOf(records: readonly LoginRecord[], helperHosts?: ReadonlySet<string>): HelperRow[] {
  if (!helperHosts || helperHosts.size === 0) return [];
  return [...helperHosts].sort().map((host) => {
    const rec = records.find((r) => r.host.toLowerCase() === host);
    return { host, profile: rec ? (rec.profile ?? m('status.defaultProfile')) : '', region: rec?.region ?? '' };
  });
}

/** One login of the tooltip's table. */
export interface StatusRow {
  level: ExpiryLevel;
  /** Registry stable id (the renew link's argument). */
  key: string;
  host: string;
  /** The profile name, or the message for the default credential chain. */
  profile: MessageArg;
  region: string;
  /** Absolute expiry time, formatted for `lang`. */
  expires: string;
  left: Message;
}

export interface StatusModel {
  visible: boolean;
  /** Worst level over all logins (drives the background). */
  level?: ExpiryLevel;
  /** Item text after KEY_ICON, e.g. "ECR 11h 42m". */
  text?: Message;
  ariaLabel?: Message;
  /** The tooltip's table, soonest first (tooltipMarkdown turns it into Markdown). */
  rows: StatusRow[];
  /** Registries served by the credential helper (after the logins in the tooltip). */
  helperRows?: HelperRow[];
  /** The login the text is about: the soonest expired one, else the soonest still valid one. */
  subject?: LoginRecord;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Makes untrusted text (host names, profile and region names) inert inside Markdown: control and bidi
 * characters go, every ASCII punctuation character that Markdown, HTML or theme icons could interpret is
 * backslash-escaped (CommonMark allows escaping any ASCII punctuation), and the length is bounded.
 */
export function escapeMarkdown(value: string, maxLength = 200): string {
  let s = value.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  if (s.length > maxLength) {
    s = `${s.slice(0, maxLength - 1)}…`;
  }
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~$&"':;=?@^%]/g, '\\$&');
}

/** A `command:` URI for the renew command with its arguments JSON-encoded (and safe inside a Markdown link). */
export function renewCommandUri(key: string): string {
  const args = encodeURIComponent(JSON.stringify([key])).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${RENEW_COMMAND}?${args}`;
}

const LEVEL_ICON: Record<ExpiryLevel, string> = { ok: '$(pass)', warning: '$(warning)', expired: '$(error)' };

/** The status bar item for `records` at `now`. Hidden (visible false) when nobody is logged in. */
export function buildStatus(records: readonly LoginRecord[], now: number, opts: StatusOptions): StatusModel {
  const sorted = sortBySoonest(withoutHelperHosts(records, opts.helperHosts));
  const helperRows = helperRowsOf(records, opts.helperHosts);
  const summary = summarizeExpiries(sorted, now, opts.warningMs);
  if (!summary) {
    if (helperRows.length === 0) return { visible: false, rows: [] };
    return { visible: true, text: m('status.helperBar'), ariaLabel: m('status.ariaHelper', helperRows.length), rows: [], helperRows };
  }
  const expired = sorted.filter((r) => expiryLevel(r.expiresAt, now, opts.warningMs) === 'expired');
  const subject = expired[0] ?? summary.next ?? sorted[0];
  const remaining = formatRemaining(remainingMs(subject.expiresAt, now));
  const count = sorted.length;
  const ariaLabel =
    expired.length > 0
      ? count === 1
        ? m('status.ariaExpired')
        : m('status.ariaExpiredOf', expired.length, count)
      : count === 1
        ? m('status.ariaValid', subject.host, remaining)
        : m('status.ariaValidFirstOf', subject.host, remaining, count);
  const rows = sorted.map((r): StatusRow => ({
    level: expiryLevel(r.expiresAt, now, opts.warningMs),
    key: r.key,
    host: r.host,
    profile: r.profile ?? m('status.defaultProfile'),
    region: r.region ?? '',
    expires: formatExpiryTime(r.expiresAt, opts.lang, opts.timeZone),
    left: formatRemaining(remainingMs(r.expiresAt, now)),
  }));
  return { visible: true, level: summary.level, text: m('status.bar', remaining), ariaLabel, rows, helperRows, subject };
}

/**
 * The tooltip as Markdown for a MarkdownString with supportThemeIcons and command links limited to
 * RENEW_COMMAND; `render` turns messages into display text (src/l10n/render.ts renderMessage). Every rendered
 * text is escaped, so neither host names nor translations can add links or icons.
 */
export function tooltipMarkdown(
  rows: readonly StatusRow[],
  render: (msg: Message) => string,
  helperRows: readonly HelperRow[] = [],
): string {
  const cell = (a: MessageArg): string => escapeMarkdown(typeof a === 'object' ? render(a) : String(a));
  const lines = [
    `**${cell(m('status.tooltipTitle'))}**`,
    '',
    `| | ${cell(m('status.columnRegistry'))} | ${cell(m('status.columnProfile'))} | ${cell(m('status.columnRegion'))} | ${cell(m('status.columnExpires'))} | ${cell(m('status.columnLeft'))} | |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${LEVEL_ICON[r.level]} | ${cell(r.host)} | ${cell(r.profile)} | ${cell(r.region)} | ${cell(r.expires)} | ${cell(r.left)} | [${cell(m('status.renew'))}](${renewCommandUri(r.key)}) |`,
    );
  }
  for (const r of helperRows) {
    lines.push(`| $(plug) | ${cell(r.host)} | ${cell(r.profile)} | ${cell(r.region)} | ${cell(m('status.helperCell'))} | | |`);
  }
  if (rows.length > 0) lines.push('', cell(m('status.clickHint')));
  return lines.join('\n');
}

/**
 * Delay until the text can next change: the next wall-clock minute, or earlier when a login's remaining time
 * crosses a whole minute (that is when formatRemaining and the level change). A little slack makes sure the
 * boundary has passed when the timer fires; never below one second. Recomputed from the clock on every tick,
 * so a suspended machine shows the right value as soon as it wakes.
 */
export function nextRedrawDelay(records: readonly LoginRecord[], now: number, slackMs = 50): number {
  let delay = msUntilNextMinute(now);
  for (const r of records) {
    delay = Math.min(delay, msUntilRemainingChanges(r.expiresAt, now) ?? delay);
  }
  return Math.max(1000, delay + slackMs);
}

/** Which logins the renew command should act on when called without an argument. */
export interface RenewChoice {
  /** Logins that are expired or within the warning threshold, soonest first. */
  needing: LoginRecord[];
  /** The soonest-expiring login overall (the fallback when none needs renewal). */
  soonest?: LoginRecord;
}

export function renewChoice(
  records: readonly LoginRecord[],
  now: number,
  warningMs: number,
  helperHosts?: ReadonlySet<string>,
): RenewChoice {
  const sorted = sortBySoonest(withoutHelperHosts(records, helperHosts));
  return { needing: sorted.filter((r) => expiryLevel(r.expiresAt, now, warningMs) !== 'ok'), soonest: sorted[0] };
}

interface AttemptState {
  expiresAt: number;
  lastAttempt: number;
  reported: boolean;
  inFlight: boolean;
}

/**
 * How long before a login's expiry its automatic renewal starts: the setting, but at most half the token's
 * lifetime (loggedInAt → expiresAt), so the token a renewal brings is never already due (no renewal loop, whatever
 * the setting or the token's lifetime).
 */
export function renewLeadMs(rec: Pick<LoginRecord, 'expiresAt' | 'loggedInAt'>, beforeMs: number): number {
  const lifetime = rec.expiresAt - rec.loggedInAt;
  const lead = Number.isFinite(beforeMs) && beforeMs > 0 ? beforeMs : 0;
  return Number.isFinite(lifetime) && lifetime > 0 ? Math.min(lead, lifetime / 2) : lead;
}

/**
 * Bookkeeping for automatic renewal: which logins are due, at most one attempt in flight per login, retries
 * spaced by `retryMs`, and a failure reported once per expiry (a new expiry, i.e. a new login, resets it).
 */
export class AutoRenewTracker {
  private readonly attempts = new Map<string, AttemptState>();

  constructor(private readonly retryMs = 5 * 60_000) {}

  /** Logins whose renewal should start now: within `beforeMs` of expiry (or expired), not in flight, not retried too soon. */
  due(records: readonly LoginRecord[], now: number, beforeMs: number): LoginRecord[] {
    const keys = new Set(records.map((r) => r.key));
    for (const key of [...this.attempts.keys()]) {
      if (!keys.has(key)) this.attempts.delete(key);
    }
    return sortBySoonest(records).filter((r) => {
      if (remainingMs(r.expiresAt, now) > renewLeadMs(r, beforeMs)) return false;
      const a = this.attempts.get(r.key);
      if (!a || a.expiresAt !== r.expiresAt) return true;
      return !a.inFlight && now - a.lastAttempt >= this.retryMs;
    });
  }

  started(rec: LoginRecord, now: number): void {
    const prev = this.attempts.get(rec.key);
    const reported = prev !== undefined && prev.expiresAt === rec.expiresAt && prev.reported;
    this.attempts.set(rec.key, { expiresAt: rec.expiresAt, lastAttempt: now, reported, inFlight: true });
  }

  succeeded(rec: LoginRecord): void {
    this.attempts.delete(rec.key);
  }

  /** Records a failure; true when it should be reported (the first failure for this expiry). */
  failed(rec: LoginRecord): boolean {
    const a = this.attempts.get(rec.key);
    if (!a || a.expiresAt !== rec.expiresAt) {
      this.attempts.set(rec.key, { expiresAt: rec.expiresAt, lastAttempt: 0, reported: true, inFlight: false });
      return true;
    }
    a.inFlight = false;
    if (a.reported) return false;
    a.reported = true;
    return true;
  }
}
