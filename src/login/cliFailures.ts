// Why a container CLI failed [pure]: its output turned into an actionable CliError (daemon down, refused or
// expired credentials, unreachable registry, certificates, credential helpers).
import { sanitizeText } from '../model/sanitize';
import { CliError, MESSAGES, type CliErrorCode, type CliKind, type LoginMessage } from './cliBase';

/** The last non-empty, non-warning output line, sanitised (for "failed: <why>"). */
function lastMeaningfulLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => sanitizeText(l, 400).trim())
    .filter(
      (l) => l && !/^WARNING!?/i.test(l) && !/credential.*(unencrypted|helper to remove)|docs\.docker\.com\/go\/credential-store/i.test(l),
    );
  return lines[lines.length - 1] ?? '';
}

/** A token the registry no longer accepts (ECR's body text, when the CLI relays it). */
const EXPIRED = /authorization token has expired|token has expired|token expired/i;
/** 403: docker "failed with status: 403 Forbidden", podman "invalid status code from registry 403 (Forbidden)", ECR "denied: …". */
const FORBIDDEN =
  /\b403\b[^\n]{0,20}Forbidden|status(?: code)?:? 403\b|(?<!permission )\bdenied: |requested access to the resource is denied|\baccess denied\b/i;
/** The CLI went on to try the plain-HTTP endpoint (docker's fallback for insecure registries). */
const TRIED_HTTP = /endpoint="\{[^}]*\bhttp:\/\/|(login attempt to|Get "?)http:\/\/[^\s"]+\/v2\//i;

/** Turns a failed CLI run (exit ≠ 0) into an actionable CliError from what the CLI printed. */
export function explainCliFailure(output: string, exitCode: number, cli: CliKind, command: string = cli): CliError {
  const last = lastMeaningfulLine(output);
  const err = (code: CliErrorCode, msg: LoginMessage) => new CliError(code, msg, exitCode, undefined, last || undefined);
  if (/The stub received bad data/i.test(output)) return err('wincred', MESSAGES.wincred);
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|Cannot connect to Podman|cannot access containerd socket|finch.*vm.*(not running|does not exist)/i.test(
      output,
    )
  ) {
    return err('daemon', MESSAGES.daemon(cli));
  }
  if (/Cannot perform an interactive login from a non TTY device/i.test(output)) return err('exit', MESSAGES.nonTty);
  if (/docker-credential-ecr-login.*not implemented|credentials.*not implemented/i.test(output))
    return err('exit', MESSAGES.helperCannotStore);
  const helper = /docker-credential-([\w.-]+)[^\n]*(executable file not found|not found in \$PATH|no such file)/i.exec(output);
  if (helper) return err('exit', MESSAGES.helperNotFound(helper[1]));
  // The registry answered and refused: the most specific explanation, whatever else the transcript holds (docker
  // prints its harmless HTTPS attempt of a loopback registry before every answer of the http:// endpoint).
  const forbidden = FORBIDDEN.test(output);
  if (EXPIRED.test(output) || (forbidden && /expired/i.test(output))) return err('unauthorized', MESSAGES.expiredToken);
  if (forbidden) return err('unauthorized', MESSAGES.forbidden(cli));
  // A TLS registry with a wrong password can end with "400 Bad Request" after the 401 line.
  if (
    /401 Unauthorized|invalid username\/password|unauthorized: |authentication required|incorrect username or password|no basic auth credentials/i.test(
      output,
    )
  ) {
    return err('unauthorized', MESSAGES.unauthorized(cli));
  }
  if (/x509:|certificate signed by unknown authority|certificate is not valid|tls: failed to verify/i.test(output))
    return err('unreachable', MESSAGES.certificate);
  // Only the cause when the CLI did not go on to the http:// endpoint (docker does for loopback/insecure registries,
  // and then that attempt's answer is what matters).
  if (/server gave HTTP response to HTTPS client/i.test(output) && !TRIED_HTTP.test(output))
    return err('unreachable', MESSAGES.httpToHttps);
  if (
    /connection refused|no such host|i\/o timeout|Client\.Timeout exceeded|context deadline exceeded|TLS handshake timeout|network is unreachable|no route to host|connection reset by peer|Temporary failure in name resolution/i.test(
      output,
    )
  ) {
    return err('unreachable', MESSAGES.unreachable(cli));
  }
  return err('exit', MESSAGES.exit(command, exitCode, last));
}
