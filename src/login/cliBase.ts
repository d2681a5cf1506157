// Container CLI login, the shared base [pure]: the CLI kinds, every user-facing text of the login modules in one
// table (so it can be localised), the command shape and the error every login module throws.

export type CliKind = 'docker' | 'podman' | 'finch' | 'nerdctl';
export const CLI_KINDS: readonly CliKind[] = ['docker', 'podman', 'finch', 'nerdctl'];

/** Every user-facing text of the login modules, in one place so it can be localised. */
export const MESSAGES = {
  invalidHost: (h: string) => `"${h}" is not a valid registry host (expected a host name or IP address with an optional port).`,
  invalidUsername: 'The registry user name is empty or contains characters a container CLI cannot take.',
  invalidImage: (r: string) => `"${r}" is not a valid image reference.`,
  notFound: (cmd: string, cli: CliKind) =>
    `The container CLI "${cmd}" was not found. Install ${cli === 'docker' ? 'Docker (https://docs.docker.com/get-docker/)' : cli} or choose another CLI in the settings ` +
    '`ecrExplorer.containerCli` / `ecrExplorer.containerCliPath`.',
  notExecutable: (cmd: string) =>
    `"${cmd}" cannot be run (permission denied). Check the file or the setting \`ecrExplorer.containerCliPath\`.`,
  spawnFailed: (cmd: string, reason: string) => `Could not start "${cmd}": ${reason}.`,
  timeout: (cmd: string, s: number) =>
    `"${cmd}" did not finish within ${s} s and was stopped. Check that the registry is reachable, or raise \`ecrExplorer.login.timeoutSeconds\`.`,
  cancelled: (cmd: string) => `"${cmd}" was cancelled and stopped.`,
  daemon: (cli: CliKind) =>
    cli === 'docker'
      ? 'The Docker daemon is not running (this command needs it). Start Docker Desktop or the docker service and try again.'
      : `The ${cli} engine/VM is not running. Start it (e.g. \`${cli === 'podman' ? 'podman machine start' : cli === 'finch' ? 'finch vm start' : 'sudo systemctl start containerd'}\`) and try again.`,
  unauthorized: (cli: CliKind) =>
    `The registry refused the credentials (401 Unauthorized). For ECR, fetch a fresh token by logging in again; check that the AWS profile may call ecr:GetAuthorizationToken for this registry. (${cli})`,
  expiredToken: 'The registry says the authorization token has expired. Log in again to get a new 12-hour token.',
  forbidden: (cli: CliKind) =>
    `The registry denied access (403 Forbidden). For ECR this usually means the registry token has expired: log in again (or renew the login) to get a new 12-hour token. If it persists, check that the AWS identity may pull from this registry. (${cli})`,
  unreachable: (cli: CliKind) =>
    `The registry could not be reached (${cli}): connection refused, unknown host or a network timeout. Check the registry address, your network, VPN or proxy.`,
  certificate:
    "The registry's TLS certificate is not trusted. Install its CA certificate for the CLI (for podman: `--cert-dir`; for docker: /etc/docker/certs.d/<host>/ca.crt).",
  httpToHttps:
    'The registry speaks plain HTTP but the CLI tried HTTPS. Configure it as an insecure registry for the CLI (loopback registries are handled automatically).',
  wincred:
    'The Windows credential store rejected the token ("The stub received bad data"): ECR tokens are longer than Windows Credential Manager accepts. ' +
    'Use the Amazon ECR credential helper instead: install `docker-credential-ecr-login` and set `"credHelpers": {"<registry host>": "ecr-login"}` in ~/.docker/config.json (then no docker login is needed).',
  helperNotFound: (helper: string) =>
    `The CLI's credential helper "docker-credential-${helper}" is configured but was not found on PATH. Install it or remove it from the CLI's config.json.`,
  helperCannotStore:
    'The "ecr-login" credential helper is configured for this registry; it cannot store logins ("not implemented"). No login is needed: the helper fetches tokens itself.',
  nonTty:
    'The CLI received no password on stdin ("Cannot perform an interactive login from a non TTY device"). This is a bug in the caller; please report it.',
  exit: (cmd: string, code: number, lastLine: string) => `"${cmd}" failed with exit code ${code}${lastLine ? `: ${lastLine}` : '.'}`,
} as const;

export interface CliCommand {
  command: string;
  args: string[];
}

export type CliErrorCode = 'notFound' | 'timeout' | 'cancelled' | 'exit' | 'daemon' | 'unauthorized' | 'unreachable' | 'wincred';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode?: number,
    readonly signal?: string,
    /** The CLI's own last meaningful output line (sanitised, secrets redacted), when there is one. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
