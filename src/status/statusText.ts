// What the token-expiry status bar item shows, computed from the login records and one wall-clock instant.
// Pure (no vscode): the words come in through StatusMessages (implemented with vscode.l10n.t in
// statusMessages.ts), the time arithmetic and en/ja formatting come from token/expiry.ts.
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

/** Every user-visible word of the item; the extension implements it with vscode.l10n.t. */
export interface StatusMessages {
  /** Item text after the icon, e.g. "ECR 11h 42m" / "ECR expired"; `remaining` is already localised. */
  barText(remaining: string): string;
  /** Screen reader label when nothing expired, e.g. "ECR login for HOST expires in 11h 42m". */
  ariaValid(host: string, remaining: string, count: number): string;
  /** Screen reader label when `expired` of `count` logins expired. */
  ariaExpired(expired: number, count: number): string;
  tooltipTitle(): string;
  columnRegistry(): string;
  columnProfile(): string;
  columnRegion(): string;
  columnExpires(): string;
  columnLeft(): string;
  /** Shown for a record without a profile (the default credential chain). */
  defaultProfile(): string;
  /** Link text of the per-registry renew link. */
  renew(): string;
  /** Last line of the tooltip, e.g. "Click to renew the soonest login." */
  clickHint(): string;
  /** Item text after the icon when only credential-helper registries are shown, e.g. "ECR helper". */
  helperBarText(): string;
  /** Screen reader label for `count` registries served by the credential helper. */
  ariaHelper(count: number): string;
  /** The "Expires" cell of a registry served by the credential helper (it has no deadline). */
  helperCell(): string;
}

export interface StatusOptions {
  /** The warning threshold (ecrExplorer.statusBar.warningMinutes in ms). */
  warningMs: number;
  /** vscode.env.language; Japanese gets Japanese time words and date format. */
  lang?: string;
  /** Only tests set it; default is the machine's zone. */
  timeZone?: string;
  /**
   * Registry hosts the Amazon ECR credential helper serves (lower case): the CLI ignores stored logins for them,
   * so their rows say "credential helper" instead of an expiry and they never make the item warn.
   */
  helperHosts?: ReadonlySet<string>;
}

/** The records whose host the credential helper does not serve (the ones with a deadline that matters). */
export function withoutHelperHosts<T extends { host: string }>(records: readonly T[], helperHosts?: ReadonlySet<string>): T[] {
  return helperHosts && helperHosts.size > 0 ? records.filter((r) => !helperHosts.has(r.host.toLowerCase())) : [...records];
}

export interface StatusModel {
  visible: boolean;
  /** Worst level over all logins (drives the background). */
  level?: ExpiryLevel;
  /** Full item text including the icon. */
  text: string;
  ariaLabel: string;
  /** Markdown for a MarkdownString with supportThemeIcons and command links limited to RENEW_COMMAND. */
  tooltip: string;
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
export function buildStatus(records: readonly LoginRecord[], now: number, opts: StatusOptions, m: StatusMessages): StatusModel {
  const sorted = sortBySoonest(withoutHelperHosts(records, opts.helperHosts));
  const helperRows = helperRowsOf(records, opts.helperHosts);
  const summary = summarizeExpiries(sorted, now, opts.warningMs);
  if (!summary) {
    if (helperRows.length === 0) return { visible: false, text: '', ariaLabel: '', tooltip: '' };
    return {
      visible: true,
      text: `${KEY_ICON} ${m.helperBarText()}`,
      ariaLabel: m.ariaHelper(helperRows.length),
      tooltip: buildTooltip([], helperRows, now, opts, m),
    };
  }
  const expired = sorted.filter((r) => expiryLevel(r.expiresAt, now, opts.warningMs) === 'expired');
  const subject = expired[0] ?? summary.next ?? sorted[0];
  const remaining = formatRemaining(remainingMs(subject.expiresAt, now), opts.lang);
  const text = `${KEY_ICON} ${m.barText(remaining)}`;
  const ariaLabel = expired.length > 0 ? m.ariaExpired(expired.length, sorted.length) : m.ariaValid(subject.host, remaining, sorted.length);
  return { visible: true, level: summary.level, text, ariaLabel, tooltip: buildTooltip(sorted, helperRows, now, opts, m), subject };
}

interface HelperRow {
  host: string;
  profile?: string;
  region?: string;
}

/** One row per host the helper serves: with the profile and region of a login recorded for it, when there is one. */
function helperRowsOf(records: readonly LoginRecord[], helperHosts?: ReadonlySet<string>): HelperRow[] {
  if (!helperHosts || helperHosts.size === 0) return [];
  return [...helperHosts].sort().map((host) => {
    const rec = records.find((r) => r.host.toLowerCase() === host);
    return rec ? { host, profile: rec.profile, region: rec.region } : { host };
  });
}

function buildTooltip(
  sorted: readonly LoginRecord[],
  helperRows: readonly HelperRow[],
  now: number,
  opts: StatusOptions,
  m: StatusMessages,
): string {
  const cell = (s: string): string => escapeMarkdown(s);
  const lines = [
    `**${cell(m.tooltipTitle())}**`,
    '',
    `| | ${cell(m.columnRegistry())} | ${cell(m.columnProfile())} | ${cell(m.columnRegion())} | ${cell(m.columnExpires())} | ${cell(m.columnLeft())} | |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of sorted) {
    const level = expiryLevel(r.expiresAt, now, opts.warningMs);
    const left = formatRemaining(remainingMs(r.expiresAt, now), opts.lang);
    const when = formatExpiryTime(r.expiresAt, opts.lang, opts.timeZone);
    lines.push(
      `| ${LEVEL_ICON[level]} | ${cell(r.host)} | ${cell(r.profile ?? m.defaultProfile())} | ${cell(r.region ?? '')} | ${cell(when)} | ${cell(left)} | [${cell(m.renew())}](${renewCommandUri(r.key)}) |`,
    );
  }
  for (const r of helperRows) {
    lines.push(
      `| $(plug) | ${cell(r.host)} | ${cell(r.profile ?? (r.region ? m.defaultProfile() : ''))} | ${cell(r.region ?? '')} | ${cell(m.helperCell())} | | |`,
    );
  }
  if (sorted.length > 0) lines.push('', cell(m.clickHint()));
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
