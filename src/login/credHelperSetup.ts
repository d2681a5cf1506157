// Switching registries to the Amazon ECR credential helper and back [pure]: which file each container CLI reads
// `credHelpers` from, the plan of a change (with the questions the caller must ask first), applying it safely,
// and the marker that remembers exactly what was added so that stopping takes back only that.
import type { AddedEntry, CredHelperMarker } from './credHelperBase';
import { helperKey, type HelperTarget } from './credHelperHosts';
import {
  addEcrLoginHelpers,
  credsStoreOf,
  formatConfig,
  helperFor,
  parseConfigText,
  removeAuthEntries,
  removeEcrLoginHelpers,
  staleAuthKeys,
  type ParsedConfig,
} from './credHelperConfig';
import { readConfigFile, writeConfigFile, type ConfigSnapshot } from './configFile';

// ---------------------------------------------------------------------------------------------------------------
// Using the helper

export interface HostPlan {
  host: string;
  state: 'add' | 'already' | 'otherHelper';
  /** The helper named for the host now (state otherHelper). */
  currentHelper?: string;
  /** `auths` keys with credentials for the host: stale once the helper serves it (ask before removing). */
  staleAuthKeys: string[];
}

export interface UsePlan {
  target: Extract<HelperTarget, { supported: true }>;
  snapshot: ConfigSnapshot;
  parsed: ParsedConfig;
  hosts: HostPlan[];
  /** `credsStore` of the file: it stays as it is; `credHelpers` wins over it for the chosen hosts. */
  credsStore?: string;
  /** Files read before the target that hold a login for a chosen host (podman): it would win over the helper. */
  shadowing: Array<{ file: string; host: string }>;
}

/** Reads and parses the target file and says, per host, what would change. Throws CredHelperConfigError. */
export async function planUseHelper(target: Extract<HelperTarget, { supported: true }>, hosts: readonly string[]): Promise<UsePlan> {
  const snapshot = await readConfigFile(target.path);
  const parsed = parseConfigText(snapshot.text, target.path);
  const unique = [...new Set(hosts.map(helperKey))];
  const planned: HostPlan[] = unique.map((host) => {
    const current = helperFor(parsed.data, host);
    const state = current === 'ecr-login' ? 'already' : current ? 'otherHelper' : 'add';
    return { host, state, ...(state === 'otherHelper' ? { currentHelper: current } : {}), staleAuthKeys: staleAuthKeys(parsed.data, host) };
  });
  const shadowing: Array<{ file: string; host: string }> = [];
  for (const file of target.readFirst) {
    try {
      const other = parseConfigText((await readConfigFile(file)).text, file);
      for (const h of planned) if (staleAuthKeys(other.data, h.host).length > 0) shadowing.push({ file, host: h.host });
    } catch {
      // A file the CLI cannot read either does not shadow anything.
    }
  }
  const credsStore = credsStoreOf(parsed.data);
  return { target, snapshot, parsed, hosts: planned, ...(credsStore ? { credsStore } : {}), shadowing };
}

export interface UseAnswers {
  /** Hosts whose other helper may be replaced by ecr-login. */
  replace?: ReadonlySet<string>;
  /** Hosts whose stale `auths` entries may be removed. */
  removeStaleAuths?: ReadonlySet<string>;
}

export interface UseResult {
  added: AddedEntry[];
  already: string[];
  keptOtherHelper: Array<{ host: string; helper: string }>;
  removedAuthKeys: string[];
  /** The marker to store for this file (the previous one merged with this change); undefined when nothing was added. */
  marker?: CredHelperMarker;
  backup?: string;
  /** The file was not written (nothing to change). */
  unchanged: boolean;
}

/** Applies a plan with the user's answers and returns the updated marker. Throws CredHelperConfigError. */
export async function applyUseHelper(plan: UsePlan, answers: UseAnswers, previous?: CredHelperMarker): Promise<UseResult> {
  const hosts = plan.hosts.map((h) => h.host);
  const result = addEcrLoginHelpers(plan.parsed.data, hosts, answers.replace ?? new Set());
  const authKeys = plan.hosts
    .filter((h) => answers.removeStaleAuths?.has(h.host) && result.keptOtherHelper.every((k) => k.host !== h.host))
    .flatMap((h) => h.staleAuthKeys);
  const data = removeAuthEntries(result.data, authKeys);
  const base = { added: result.added, already: result.already, keptOtherHelper: result.keptOtherHelper, removedAuthKeys: authKeys };
  if (result.added.length === 0 && authKeys.length === 0) return { ...base, marker: previous, unchanged: true };
  const outcome = await writeConfigFile(plan.snapshot, formatConfig(data, plan.parsed.format), { backup: !previous?.createdFile });
  let marker = previous;
  if (result.added.length > 0) {
    marker = previous
      ? { ...previous, entries: [...previous.entries.filter((e) => result.added.every((a) => a.host !== e.host)), ...result.added] }
      : {
          path: plan.target.path,
          entries: result.added,
          createdSection: result.createdSection,
          createdFile: !plan.snapshot.exists,
          ...(plan.snapshot.exists && plan.parsed.blank ? { blankText: plan.snapshot.text } : {}),
        };
  }
  return { ...base, marker, ...(outcome.backup ? { backup: outcome.backup } : {}), unchanged: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Stopping

export interface StopResult {
  removed: AddedEntry[];
  /** Entries someone changed since they were added: left alone and forgotten. */
  changedSince: Array<{ host: string; now: string | undefined }>;
  /** What is left to remember (entries of other hosts), or undefined when nothing is. */
  marker?: CredHelperMarker;
  /** The file held nothing but what was added, and did not exist before: it was deleted. */
  deletedFile: boolean;
}

/**
 * Takes back the marker's entries for `hosts` (all of them when omitted): exactly what was added, and only if it
 * still says "ecr-login". Throws CredHelperConfigError.
 */
export async function stopUsingHelper(marker: CredHelperMarker, hosts?: readonly string[]): Promise<StopResult> {
  const wanted = hosts ? new Set(hosts.map(helperKey)) : undefined;
  const chosen = marker.entries.filter((e) => !wanted || wanted.has(e.host));
  const rest = marker.entries.filter((e) => wanted && !wanted.has(e.host));
  const snapshot = await readConfigFile(marker.path);
  const remaining: CredHelperMarker | undefined = rest.length > 0 ? { ...marker, entries: rest } : undefined;
  if (!snapshot.exists) {
    return { removed: [], changedSince: chosen.map((e) => ({ host: e.host, now: undefined })), marker: remaining, deletedFile: false };
  }
  const parsed = parseConfigText(snapshot.text, marker.path);
  // The section may only go once no remembered entry is left in it.
  const result = removeEcrLoginHelpers(parsed.data, chosen, marker.createdSection && rest.length === 0);
  if (result.removed.length === 0) return { removed: [], changedSince: result.changedSince, marker: remaining, deletedFile: false };
  const empty = Object.keys(result.data).length === 0 && rest.length === 0;
  let text: string | undefined = formatConfig(result.data, parsed.format);
  if (empty && marker.createdFile) text = undefined;
  else if (empty && marker.blankText !== undefined) text = marker.blankText;
  const outcome = await writeConfigFile(snapshot, text, { backup: !marker.createdFile });
  return { removed: result.removed, changedSince: result.changedSince, marker: remaining, deletedFile: !!outcome.deleted };
}
