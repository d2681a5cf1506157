// Container CLI login messages (failure explanations, login diagnosis) in the display language [vscode].
import * as vscode from 'vscode';
import type { LoginMessageId } from '../login/cliBase';
import type { MessageTable } from './render';

export const loginMessages = {
  'login.invalidHost': (h) =>
    vscode.l10n.t('"{0}" is not a valid registry host (expected a host name or IP address with an optional port).', h),
  'login.invalidUsername': () => vscode.l10n.t('The registry user name is empty or contains characters a container CLI cannot take.'),
  'login.invalidImage': (r) => vscode.l10n.t('"{0}" is not a valid image reference.', r),
  'login.notFound': (cmd, install) =>
    vscode.l10n.t(
      'The container CLI "{0}" was not found. Install {1} or choose another CLI in the settings `ecrExplorer.containerCli` / `ecrExplorer.containerCliPath`.',
      cmd,
      install,
    ),
  'login.dockerInstall': () => vscode.l10n.t('Docker (https://docs.docker.com/get-docker/)'),
  'login.notExecutable': (cmd) =>
    vscode.l10n.t('"{0}" cannot be run (permission denied). Check the file or the setting `ecrExplorer.containerCliPath`.', cmd),
  'login.spawnFailed': (cmd, reason) => vscode.l10n.t('Could not start "{0}": {1}.', cmd, reason),
  'login.timeout': (cmd, s) =>
    vscode.l10n.t(
      '"{0}" did not finish within {1} s and was stopped. Check that the registry is reachable, or raise `ecrExplorer.login.timeoutSeconds`.',
      cmd,
      s,
    ),
  'login.cancelled': (cmd) => vscode.l10n.t('"{0}" was cancelled and stopped.', cmd),
  'login.dockerDaemon': () =>
    vscode.l10n.t('The Docker daemon is not running (this command needs it). Start Docker Desktop or the docker service and try again.'),
  'login.engineNotRunning': (cli, start) => vscode.l10n.t('The {0} engine/VM is not running. Start it (e.g. `{1}`) and try again.', cli, start),
  'login.unauthorized': (cli) =>
    vscode.l10n.t(
      'The registry refused the credentials (401 Unauthorized). For ECR, fetch a fresh token by logging in again; check that the AWS profile may call ecr:GetAuthorizationToken for this registry. ({0})',
      cli,
    ),
  'login.expiredToken': () =>
    vscode.l10n.t('The registry says the authorization token has expired. Log in again to get a new 12-hour token.'),
  'login.forbidden': (cli) =>
    vscode.l10n.t(
      'The registry denied access (403 Forbidden). For ECR this usually means the registry token has expired: log in again (or renew the login) to get a new 12-hour token. If it persists, check that the AWS identity may pull from this registry. ({0})',
      cli,
    ),
  'login.unreachable': (cli) =>
    vscode.l10n.t(
      'The registry could not be reached ({0}): connection refused, unknown host or a network timeout. Check the registry address, your network, VPN or proxy.',
      cli,
    ),
  'login.certificate': () =>
    vscode.l10n.t(
      "The registry's TLS certificate is not trusted. Install its CA certificate for the CLI (for podman: `--cert-dir`; for docker: /etc/docker/certs.d/<host>/ca.crt).",
    ),
  'login.httpToHttps': () =>
    vscode.l10n.t(
      'The registry speaks plain HTTP but the CLI tried HTTPS. Configure it as an insecure registry for the CLI (loopback registries are handled automatically).',
    ),
  'login.wincred': () =>
    vscode.l10n.t(
      'The Windows credential store rejected the token ("The stub received bad data"): ECR tokens are longer than Windows Credential Manager accepts. Use the Amazon ECR credential helper instead: install `docker-credential-ecr-login` and set `"credHelpers": {"<registry host>": "ecr-login"}` in ~/.docker/config.json (then no docker login is needed).',
    ),
  'login.helperNotFound': (helper) =>
    vscode.l10n.t(
      'The CLI\'s credential helper "docker-credential-{0}" is configured but was not found on PATH. Install it or remove it from the CLI\'s config.json.',
      helper,
    ),
  'login.helperCannotStore': () =>
    vscode.l10n.t(
      'The "ecr-login" credential helper is configured for this registry; it cannot store logins ("not implemented"). No login is needed: the helper fetches tokens itself.',
    ),
  'login.nonTty': () =>
    vscode.l10n.t(
      'The CLI received no password on stdin ("Cannot perform an interactive login from a non TTY device"). This is a bug in the caller; please report it.',
    ),
  'login.exitWithLine': (cmd, code, line) => vscode.l10n.t('"{0}" failed with exit code {1}: {2}', cmd, code, line),
  'login.exit': (cmd, code) => vscode.l10n.t('"{0}" failed with exit code {1}.', cmd, code),
  'login.diag.theCliConfig': () => vscode.l10n.t('the CLI config'),
  'login.diag.noConfigFile': (where, target) =>
    vscode.l10n.t('No CLI config file ({0}) yet: there is no stored login for {1}. The first login creates it.', where, target),
  'login.diag.notObject': (where) =>
    vscode.l10n.t('{0} is not a JSON object; the CLI will fail to read it. Fix or delete the file, then log in again.', where),
  'login.diag.ecrLoginHelper': (target) =>
    vscode.l10n.t(
      '{0} uses the Amazon ECR credential helper (credHelpers → "ecr-login"): the CLI fetches tokens itself with your AWS credentials, so a login is not necessary (and `docker login` fails with "not implemented").',
      target,
    ),
  'login.diag.helper': (target, helper, where) =>
    vscode.l10n.t(
      '{0} uses the credential helper "docker-credential-{1}" (credHelpers): logins are stored by that helper, not in {2}.',
      target,
      helper,
      where,
    ),
  'login.diag.staleAuthsWithHelper': (where, target) =>
    vscode.l10n.t(
      '{0} also has an "auths" entry with credentials for {1}; the credential helper takes precedence, so that entry is stale and only causes confusion. Remove it (`docker logout {1}` or edit the file).',
      where,
      target,
    ),
  'login.diag.credsStore': (store, where) =>
    vscode.l10n.t('Logins are kept in the credential store "docker-credential-{0}" (credsStore), not in {1}.', store, where),
  'login.diag.ecrLoginStoreEcr': () =>
    vscode.l10n.t('credsStore is "ecr-login": the ECR credential helper serves every registry, so no login is needed for ECR.'),
  'login.diag.ecrLoginStoreOther': (target) =>
    vscode.l10n.t(
      'credsStore is "ecr-login", which serves ECR only: logins to {0} cannot be stored. Use credHelpers for ECR hosts instead of credsStore.',
      target,
    ),
  'login.diag.plainTextWithStore': (where, target) =>
    vscode.l10n.t(
      '{0} also holds plain-text credentials for {1} in "auths" although a credential store is configured; they are probably left over from before. Log out and in again to move them to the store.',
      where,
      target,
    ),
  'login.diag.duplicates': (where, count, keys, target) =>
    vscode.l10n.t(
      '{0} has {1} "auths" entries for the same registry ({2}); the CLI may use a stale one. Keep only "{3}".',
      where,
      count,
      keys,
      target,
    ),
  'login.diag.storedLogin': (where, target) =>
    vscode.l10n.t('{0} has a stored login for {1} ("auths"; base64, not encrypted).', where, target),
  'login.diag.tokenExpired': (target, at) => vscode.l10n.t('The stored ECR token for {0} expired at {1}. Log in again.', target, at),
  'login.diag.tokenValid': (target, until, left) =>
    vscode.l10n.t('The stored ECR token for {0} is valid until {1} ({2} left).', target, until, left),
  'login.diag.fileAge': (age) =>
    vscode.l10n.t(
      "The file was last changed {0} ago, so the entry is at most that old (the CLI does not record when a login happened; the file's age is the best estimate).",
      age,
    ),
  'login.diag.fileAgeExpired': (fileAge) =>
    vscode.l10n.t('{0} ECR tokens last 12 h, so this login has probably expired. Log in again.', fileAge),
  'login.diag.entryWithoutCredentials': (where, target) =>
    vscode.l10n.t('{0} has an "auths" entry for {1} without credentials; log in again.', where, target),
  'login.diag.noStoredLogin': (target, where) => vscode.l10n.t('There is no stored login for {0} in {1}.', target, where),
  'login.diag.containerCli': (exe) => vscode.l10n.t('Container CLI: {0}.', exe),
  'login.diag.foundInstead': (clis) => vscode.l10n.t('Found on PATH instead: {0} (setting `ecrExplorer.containerCli`).', clis),
  'login.diag.credentialConfig': (file, source) => vscode.l10n.t('Credential config: {0} ({1}).', file, source),
  'login.diag.notJson': (file) => vscode.l10n.t('{0} is not valid JSON.', file),
  'login.diag.cannotRead': (file, reason) => vscode.l10n.t('{0} cannot be read: {1}', file, reason),
} satisfies MessageTable<LoginMessageId>;
