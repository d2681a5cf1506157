// Reads ExplorerSettings from the configuration with workspace trust applied: settings that choose a program,
// its arguments, an endpoint or where a password is sent come from the user (global) value only, so a
// workspace can never choose them; in an untrusted workspace automatic renewal is off.
import * as vscode from 'vscode';
import { CLI_KINDS } from '../login/cliBase';
import type { ExplorerSettings } from './services';

export const SECTION = 'ecrExplorer';

/** The user-level value only (ignores workspace and folder values). */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
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

export function readSettings(
  config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration(SECTION),
  trusted: boolean = vscode.workspace.isTrusted,
): ExplorerSettings {
  const cli = userValue<string>(config, 'containerCli');
  const endpoint = userValue<string>(config, 'endpoint')?.trim();
  const cliPath = userValue<string>(config, 'containerCliPath')?.trim();
  const sortBy = config.get<string>('images.sortBy');
  return {
    profiles: stringArray(config.get('profiles')),
    regions: stringArray(config.get('regions')),
    registryIds: stringArray(config.get('registryIds')).filter((id) => /^[0-9]{12}$/.test(id)),
    endpoint: endpoint ? endpoint : undefined,
    requestTimeoutMs: positiveNumber(config.get('requestTimeoutSeconds'), 30) * 1000,
    containerCli: (CLI_KINDS as readonly string[]).includes(cli ?? '') ? (cli as ExplorerSettings['containerCli']) : 'docker',
    containerCliPath: cliPath ? cliPath : undefined,
    containerCliArgs: stringArray(userValue<string[]>(config, 'containerCliArgs')),
    genericRegistries: genericRegistriesFrom(userValue<unknown>(config, 'genericRegistries')),
    sortBy: sortBy === 'tag' ? 'tag' : 'pushedAt',
    loginTimeoutMs: positiveNumber(config.get('login.timeoutSeconds'), 60) * 1000,
    closeTerminalOnSuccess: config.get<boolean>('login.closeTerminalOnSuccess') === true,
    autoRenew: trusted && config.get<boolean>('login.autoRenew') === true,
    autoRenewMinutesBefore: positiveNumber(config.get('login.autoRenewMinutesBefore'), 30),
    warningMinutes:
      typeof config.get('statusBar.warningMinutes') === 'number' ? Math.max(0, config.get<number>('statusBar.warningMinutes') ?? 30) : 30,
  };
}
