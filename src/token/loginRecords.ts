// Validation of the login records kept in globalState. Pure: the stored value may come from an older version or
// another window, so it is parsed defensively, and only the known (secret-free) fields are ever kept.
import type { EcrRegistry, LoginRecord } from '../model/types';

const MAX_TEXT = 512;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= MAX_TEXT ? value : undefined;
}

function instant(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * A record with exactly the LoginRecord fields, or undefined when a required field is missing or malformed.
 * Extra properties (e.g. a token passed by mistake) are dropped, so nothing secret can reach globalState.
 */
export function toLoginRecord(value: unknown): LoginRecord | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const key = text(v.key);
  const registryId = text(v.registryId);
  const host = text(v.host);
  const cli = text(v.cli);
  const expiresAt = instant(v.expiresAt);
  const loggedInAt = instant(v.loggedInAt);
  if (!key || !registryId || !host || !cli || expiresAt === undefined || loggedInAt === undefined) {
    return undefined;
  }
  const rec: LoginRecord = { key, registryId, host, expiresAt, loggedInAt, cli };
  const profile = text(v.profile);
  const region = text(v.region);
  if (profile !== undefined) rec.profile = profile;
  if (region !== undefined) rec.region = region;
  return rec;
}

/** Parses the stored list; malformed entries are skipped and a later duplicate key wins. */
export function parseLoginRecords(value: unknown): LoginRecord[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const byKey = new Map<string, LoginRecord>();
  for (const entry of value) {
    const rec = toLoginRecord(entry);
    if (rec) byKey.set(rec.key, rec);
  }
  return sortBySoonest([...byKey.values()]);
}

/** Soonest expiry first; ties broken by host so the order is stable. */
export function sortBySoonest(records: readonly LoginRecord[]): LoginRecord[] {
  return [...records].sort((a, b) => a.expiresAt - b.expiresAt || a.host.localeCompare(b.host) || a.key.localeCompare(b.key));
}

/**
 * The registry a recorded ECR login belongs to (rebuilt without any API call), for a renewal or a logout. `configured` is the
 * ecrExplorer.endpoint setting; like the tree's listing (aws/profiles.ts effectiveEndpoint), AWS_ENDPOINT_URL_ECR
 * applies when it is unset, so a renewal checks the token against the same endpoint the login was made with.
 */
export function registryFromRecord(rec: LoginRecord, configured: string | undefined, env: NodeJS.ProcessEnv = process.env): EcrRegistry {
  const endpoint = configured?.trim() || env.AWS_ENDPOINT_URL_ECR?.trim() || undefined;
  return {
    kind: 'registry',
    type: 'ecr',
    id: rec.key,
    registryId: rec.registryId,
    source: { profile: rec.profile, region: rec.region ?? 'us-east-1', endpoint },
    host: rec.host,
    uri: `https://${rec.host}`,
    own: false,
  };
}
