// Generic (Registry HTTP API v2) registries from the setting ecrExplorer.genericRegistries: URLs normalised to
// `scheme://host[:port]`, one registry node per entry.
import * as vscode from 'vscode';
import type { GenericRegistry } from '../model/types';

export function normaliseRegistryUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(vscode.l10n.t('Only http and https registries are supported.'));
  return `${url.protocol}//${url.host}`;
}

export function genericRegistry(entry: { url: string; username?: string }): GenericRegistry {
  const url = normaliseRegistryUrl(entry.url);
  return { kind: 'registry', type: 'generic', id: `generic:${url}`, url, host: new URL(url).host, username: entry.username };
}
