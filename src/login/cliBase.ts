// Container CLI login, the shared base [pure]: the CLI kinds, every user-facing text of the login modules in one
// table (so it can be localised), the command shape and the error every login module throws.
import { debugText, message, type Message, type MessageArg } from '../model/message';

export type CliKind = 'docker' | 'podman' | 'finch' | 'nerdctl';
export const CLI_KINDS: readonly CliKind[] = ['docker', 'podman', 'finch', 'nerdctl'];

/** Every message id of the container CLI login (failures, diagnosis); src/l10n/loginMessages.ts renders them. */
export const LOGIN_MESSAGE_IDS = [
  'login.invalidHost',
  'login.invalidUsername',
  'login.invalidImage',
  'login.notFound',
  'login.dockerInstall',
  'login.notExecutable',
  'login.spawnFailed',
  'login.timeout',
  'login.cancelled',
  'login.dockerDaemon',
  'login.engineNotRunning',
  'login.unauthorized',
  'login.expiredToken',
  'login.forbidden',
  'login.unreachable',
  'login.certificate',
  'login.httpToHttps',
  'login.wincred',
  'login.helperNotFound',
  'login.helperCannotStore',
  'login.nonTty',
  'login.exitWithLine',
  'login.exit',
  'login.diag.theCliConfig',
  'login.diag.noConfigFile',
  'login.diag.notObject',
  'login.diag.ecrLoginHelper',
  'login.diag.helper',
  'login.diag.staleAuthsWithHelper',
  'login.diag.credsStore',
  'login.diag.ecrLoginStoreEcr',
  'login.diag.ecrLoginStoreOther',
  'login.diag.plainTextWithStore',
  'login.diag.duplicates',
  'login.diag.storedLogin',
  'login.diag.tokenExpired',
  'login.diag.tokenValid',
  'login.diag.fileAge',
  'login.diag.fileAgeExpired',
  'login.diag.entryWithoutCredentials',
  'login.diag.noStoredLogin',
  'login.diag.containerCli',
  'login.diag.foundInstead',
  'login.diag.credentialConfig',
  'login.diag.notJson',
  'login.diag.cannotRead',
] as const;
export type LoginMessageId = (typeof LOGIN_MESSAGE_IDS)[number];
export type LoginMessage = Message<LoginMessageId>;

export const loginMessage = (id: LoginMessageId, ...args: MessageArg[]): LoginMessage => message(id, ...args);
const m = loginMessage;

/** The CLI failure messages, in one place. */
export const MESSAGES = {
  invalidHost: (h: string) => m('login.invalidHost', h),
  invalidUsername: m('login.invalidUsername'),
  invalidImage: (r: string) => m('login.invalidImage', r),
  notFound: (cmd: string, cli: CliKind) => m('login.notFound', cmd, cli === 'docker' ? m('login.dockerInstall') : cli),
  notExecutable: (cmd: string) => m('login.notExecutable', cmd),
  spawnFailed: (cmd: string, reason: string) => m('login.spawnFailed', cmd, reason),
  timeout: (cmd: string, s: number) => m('login.timeout', cmd, s),
  cancelled: (cmd: string) => m('login.cancelled', cmd),
  daemon: (cli: CliKind) =>
    cli === 'docker'
      ? m('login.dockerDaemon')
      : m(
          'login.engineNotRunning',
          cli,
          cli === 'podman' ? 'podman machine start' : cli === 'finch' ? 'finch vm start' : 'sudo systemctl start containerd',
        ),
  unauthorized: (cli: CliKind) => m('login.unauthorized', cli),
  expiredToken: m('login.expiredToken'),
  forbidden: (cli: CliKind) => m('login.forbidden', cli),
  unreachable: (cli: CliKind) => m('login.unreachable', cli),
  certificate: m('login.certificate'),
  httpToHttps: m('login.httpToHttps'),
  wincred: m('login.wincred'),
  helperNotFound: (helper: string) => m('login.helperNotFound', helper),
  helperCannotStore: m('login.helperCannotStore'),
  nonTty: m('login.nonTty'),
  exit: (cmd: string, code: number, lastLine: string) =>
    lastLine ? m('login.exitWithLine', cmd, code, lastLine) : m('login.exit', cmd, code),
} as const;

export interface CliCommand {
  command: string;
  args: string[];
}

export type CliErrorCode =
  'invalidInput' | 'notFound' | 'timeout' | 'cancelled' | 'exit' | 'daemon' | 'unauthorized' | 'unreachable' | 'wincred';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    /** What went wrong, for the user (src/l10n/loginMessages.ts renders it); Error.message is its debug text. */
    readonly userMessage: LoginMessage,
    readonly exitCode?: number,
    readonly signal?: string,
    /** The CLI's own last meaningful output line (sanitised, secrets redacted), when there is one. */
    readonly detail?: string,
  ) {
    super(debugText(userMessage));
  }
}
