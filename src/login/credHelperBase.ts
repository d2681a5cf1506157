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
