// What the credential-helper modules share [pure]: the helper's names, the ids of their structured messages
// (rendered in src/l10n/credHelperMessages.ts) and the error that carries one.
import { message, type Message, type MessageArg } from '../model/message';

/** The value of a `credHelpers` entry that selects the Amazon ECR credential helper. */
export const ECR_LOGIN_HELPER = 'ecr-login';
/** The helper's executable; docker runs `docker-credential-<value>`. */
export const ECR_LOGIN_EXECUTABLE = `docker-credential-${ECR_LOGIN_HELPER}`;
/** Suffix of the one-time backup written beside a config file before its first edit. */
export const BACKUP_SUFFIX = '.ecr-explorer.bak';

export type CredHelperMessageId =
  // config files
  | 'chConfigSyntax'
  | 'chConfigNotObject'
  | 'chConfigFieldNotObject'
  | 'chConfigReadOnly'
  | 'chConfigNotWritable'
  | 'chConfigUnreadable'
  | 'chConfigNotFile'
  | 'chConfigChanged'
  // which file a CLI reads
  | 'chCliFinch'
  | 'chCliPodmanFiles'
  // the helper executable
  | 'chHelperMissing'
  | 'chInstallDebian'
  | 'chInstallFedora'
  | 'chInstallMac'
  | 'chInstallWindows'
  | 'chInstallOther'
  | 'chHelperFound'
  | 'chHelperVersionUnknown'
  // the environment the helper sees
  | 'chEnvProfileMatches'
  | 'chEnvProfileDiffers'
  | 'chEnvProfileUnset'
  | 'chEnvRegionNote'
  | 'chEnvHowToSetPosix'
  | 'chEnvHowToSetWindows'
  // state of a host in a config
  | 'chHostServed'
  | 'chHostServedByStore'
  | 'chHostOtherHelper'
  | 'chHostStaleAuth';

export type CredHelperMessage = Message<CredHelperMessageId>;

export function chMessage(id: CredHelperMessageId, ...args: MessageArg[]): CredHelperMessage {
  return message(id, ...args);
}

export type ConfigErrorCode = 'syntax' | 'notObject' | 'readOnly' | 'notWritable' | 'unreadable' | 'notFile' | 'changed';

/** A config file the extension refuses to (or cannot) change; `problem` says why, for the user. */
export class CredHelperConfigError extends Error {
  override readonly name = 'CredHelperConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    readonly problem: CredHelperMessage,
  ) {
    super(`${problem.id}: ${problem.args.map((a) => (typeof a === 'object' ? a.id : String(a))).join(', ')}`);
  }
}

/** One `credHelpers` entry this extension wrote, and what it replaced (for an exact undo). */
export interface AddedEntry {
  /** The key written, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com. */
  host: string;
  /** The helper that was there before, when the user agreed to replace it. */
  replaced?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The marker: what this extension added to one file (kept by the caller, e.g. in VS Code's globalState, never in
// the file itself). It holds host names only, never credentials.

export interface CredHelperMarker {
  /** The config path as the CLI names it (may be a symlink). */
  path: string;
  entries: AddedEntry[];
  /** `credHelpers` did not exist before the first change. */
  createdSection: boolean;
  /** The file did not exist before the first change. */
  createdFile: boolean;
  /** The file's exact text when it held only whitespace (it is restored as it was). */
  blankText?: string;
}

/** Markers by config path (the value stored by the caller). */
export type CredHelperMarkers = Record<string, CredHelperMarker>;

function isMarker(v: unknown): v is CredHelperMarker {
  const m = v as CredHelperMarker;
  return (
    !!m &&
    typeof m === 'object' &&
    typeof m.path === 'string' &&
    Array.isArray(m.entries) &&
    m.entries.every((e) => !!e && typeof e.host === 'string' && (e.replaced === undefined || typeof e.replaced === 'string'))
  );
}

/** Markers read back from storage; anything malformed is dropped. */
export function validMarkers(stored: unknown): CredHelperMarkers {
  const out: CredHelperMarkers = {};
  if (!stored || typeof stored !== 'object') return out;
  for (const [k, v] of Object.entries(stored as Record<string, unknown>)) if (isMarker(v) && v.path === k) out[k] = v;
  return out;
}
