// [pure] Reads ExplorerSettings from the configuration with workspace trust applied: settings that choose a program,
// its arguments, an endpoint or where a password is sent come from the user (global) value only, so a
// workspace can never choose them; in an untrusted workspace automatic renewal is off and the profiles, regions
// and registry ids are the user's own. Numbers are clamped to their documented ranges; regions must be ECR regions.
import { ECR_REGIONS } from '../aws/ecrRegions';
import { CLI_KINDS } from '../login/cliBase';
import { sanitizeText } from '../model/sanitize';
import type { ExplorerSettings } from './services';

/** What the reader needs of a vscode.WorkspaceConfiguration (tests pass a plain object). */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { globalValue?: T; defaultValue?: T } | undefined;
}

/** The user-level value only (ignores workspace and folder values). */
function userValue<T>(config: SettingsSource, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

/**
 * A number setting clamped to its documented range (package.json `minimum`/`maximum`); anything that is not a
 * finite number gets the default. So `requestTimeoutSeconds: 3e9` is 600 s, not a timer that never fires.
 */
export function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** `{ NAME: "value" }` with string values only (anything else is dropped). */
export function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The documented ranges, as in package.json (test/unit/services/settings.test.ts compares them). */
export const NUMBER_RANGES = {
  requestTimeoutSeconds: { min: 1, max: 600, fallback: 30 },
  'login.timeoutSeconds': { min: 5, max: 600, fallback: 60 },
  'login.autoRenewMinutesBefore': { min: 1, max: 360, fallback: 30 },
  'statusBar.warningMinutes': { min: 0, max: 720, fallback: 30 },
  'images.maxLoaded': { min: 1000, max: 1_000_000, fallback: 20_000 },
} as const;

function numberSetting(config: SettingsSource, key: keyof typeof NUMBER_RANGES): number {
  const r = NUMBER_RANGES[key];
  return clampNumber(config.get(key), r.min, r.max, r.fallback);
}

/**
 * The list settings that decide which accounts are called (profiles, regions, registry ids): in Restricted Mode
 * the user's own values only, so an untrusted workspace cannot make the extension use other credentials.
 */
function listSetting(config: SettingsSource, key: string, trusted: boolean): string[] {
  return stringArray(trusted ? config.get(key) : userValue<unknown>(config, key));
}

export function genericRegistriesFrom(value: unknown): Array<{ url: string; username?: string }> {
  if (!Array.isArray(value)) return [];
  const out: Array<{ url: string; username?: string }> = [];
  for (const entry of value) {
    if (!entry || typeof entry !== 'object') continue;
    const { url, username } = entry as { url?: unknown; username?: unknown };
    if (typeof url !== 'string' || url.trim() === '') continue;
    out.push(typeof username === 'string' && username !== '' ? { url: url.trim(), username } : { url: url.trim() });
  }
  return out;
}

export function readSettingsFrom(config: SettingsSource, trusted: boolean): ExplorerSettings {
  const cli = userValue<string>(config, 'containerCli');
  const endpoint = userValue<string>(config, 'endpoint')?.trim();
  const cliPath = userValue<string>(config, 'containerCliPath')?.trim();
  const sortBy = config.get<string>('images.sortBy');
  return {
    profiles: listSetting(config, 'profiles', trusted).filter((p) => p.length <= 128 && !p.startsWith('-') && sanitizeText(p, 128) === p),
    regions: listSetting(config, 'regions', trusted).filter((r) => ECR_REGIONS.includes(r)),
    registryIds: listSetting(config, 'registryIds', trusted).filter((id) => /^[0-9]{12}$/.test(id)),
    endpoint: endpoint ? endpoint : undefined,
    requestTimeoutMs: numberSetting(config, 'requestTimeoutSeconds') * 1000,
    containerCli: (CLI_KINDS as readonly string[]).includes(cli ?? '') ? (cli as ExplorerSettings['containerCli']) : 'docker',
    containerCliPath: cliPath ? cliPath : undefined,
    containerCliArgs: stringArray(userValue<string[]>(config, 'containerCliArgs')),
    genericRegistries: genericRegistriesFrom(userValue<unknown>(config, 'genericRegistries')),
    sortBy: sortBy === 'tag' ? 'tag' : 'pushedAt',
    maxLoadedImages: Math.floor(numberSetting(config, 'images.maxLoaded')),
    loginTimeoutMs: numberSetting(config, 'login.timeoutSeconds') * 1000,
    closeTerminalOnSuccess: config.get<boolean>('login.closeTerminalOnSuccess') === true,
    autoRenew: trusted && config.get<boolean>('login.autoRenew') === true,
    autoRenewMinutesBefore: numberSetting(config, 'login.autoRenewMinutesBefore'),
    // Build arguments reach a CLI's argv: the user's own value only, and none in Restricted Mode.
    buildArgs: trusted ? stringRecord(userValue<unknown>(config, 'build.args')) : {},
    warningMinutes: numberSetting(config, 'statusBar.warningMinutes'),
  };
}
