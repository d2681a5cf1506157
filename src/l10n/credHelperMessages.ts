// Display text of the credential-helper modules' messages (src/login/credHelperBase.ts lists the ids) [vscode].
import * as vscode from 'vscode';
import { CredHelperConfigError, type CredHelperMessageId } from '../login/credHelperBase';
import { errorText } from './localize';
import { renderMessage, type MessageTable } from './render';

export const credHelperMessages = {
  chConfigSyntax: (file, line, column, text) =>
    vscode.l10n.t(
      '{0} is not valid JSON (line {1}, column {2}: "{3}"). It was left unchanged; fix the file (or move it away) and try again.',
      file,
      line,
      column,
      text,
    ),
  chConfigNotObject: (file) => vscode.l10n.t('{0} does not hold a JSON object, so it was left unchanged.', file),
  chConfigFieldNotObject: (file, key) =>
    vscode.l10n.t('"{1}" in {0} is not a JSON object, so the file was left unchanged. Fix that entry and try again.', file, key),
  chConfigReadOnly: (file) =>
    vscode.l10n.t('{0} is marked read-only, so it was left unchanged. Make it writable (e.g. chmod u+w) if it should be changed.', file),
  chConfigNotWritable: (file, reason) => vscode.l10n.t('{0} cannot be written ({1}); it was left unchanged.', file, reason),
  chConfigUnreadable: (file, reason) => vscode.l10n.t('{0} cannot be read ({1}).', file, reason),
  chConfigNotFile: (file) => vscode.l10n.t('{0} is not a regular file, so it was left unchanged.', file),
  chConfigChanged: (file) => vscode.l10n.t('{0} changed while it was being edited (another program wrote it). Nothing was written; try again.', file),
  chCliFinch: (file, line) =>
    vscode.l10n.t(
      'Finch runs credential helpers inside its virtual machine and does not use the Amazon ECR credential helper installed on this computer. Add "{1}" to {0} instead, then restart the Finch VM.',
      file,
      line,
    ),
  chCliPodmanFiles: (file) =>
    vscode.l10n.t(
      'podman reads credential helpers from its auth files (containers-auth.json); the helper goes in {0}, which survives a logout.',
      file,
    ),
  chHelperMissing: (name) =>
    vscode.l10n.t('The Amazon ECR credential helper ({0}) was not found on PATH. Install it, then try again.', name),
  chInstallDebian: (cmd) => vscode.l10n.t('Debian/Ubuntu: {0}', cmd),
  chInstallFedora: (cmd) => vscode.l10n.t('Fedora/Amazon Linux: {0}', cmd),
  chInstallMac: (cmd) => vscode.l10n.t('Homebrew: {0}', cmd),
  chInstallWindows: (name, url) => vscode.l10n.t('Windows: download {0} from {1} and put its folder on PATH', name, url),
  chInstallOther: (url, name) => vscode.l10n.t('Any platform: the release binaries at {0} (put {1} on PATH)', url, name),
  chHelperFound: (file, version) => vscode.l10n.t('Amazon ECR credential helper: {0} (version {1}).', file, version),
  chHelperVersionUnknown: (file) => vscode.l10n.t('Amazon ECR credential helper: {0} (its version could not be read).', file),
  chEnvProfileMatches: (host, profile) =>
    vscode.l10n.t('The helper uses the AWS profile "{1}" for {0}, the same as ECR Explorer.', host, profile),
  chEnvProfileDiffers: (host, envProfile, profile) =>
    vscode.l10n.t(
      'ECR Explorer lists {0} with the AWS profile "{2}", but AWS_PROFILE is "{1}" in VS Code\'s environment. The helper runs inside the container CLI and uses the CLI\'s environment, not the profile chosen here, so it would use "{1}".',
      host,
      envProfile,
      profile,
    ),
  chEnvProfileUnset: (host, profile) =>
    vscode.l10n.t(
      'ECR Explorer lists {0} with the AWS profile "{1}", but AWS_PROFILE is not set in VS Code\'s environment. The helper runs inside the container CLI and uses the CLI\'s environment, so it would use the default profile.',
      host,
      profile,
    ),
  chEnvRegionNote: (envRegion, region) =>
    vscode.l10n.t(
      'AWS_REGION is "{0}" in VS Code\'s environment and the registry is in {1}; that is fine: the helper takes the region from the registry host.',
      envRegion,
      region,
    ),
  chEnvHowToSetPosix: (cmd, setting) =>
    vscode.l10n.t(
      'To make the CLI use that profile, run "{0}" in the shell (or add it to ~/.bashrc, ~/.zshrc), or set AWS_PROFILE in the setting {1} for VS Code\'s terminals.',
      cmd,
      setting,
    ),
  chEnvHowToSetWindows: (cmd, setting) =>
    vscode.l10n.t(
      'To make the CLI use that profile, run "{0}" and open a new terminal, or set AWS_PROFILE in the setting {1} for VS Code\'s terminals.',
      cmd,
      setting,
    ),
  chHostServed: (host, file) =>
    vscode.l10n.t('{0} uses the Amazon ECR credential helper ("credHelpers" in {1}): no login is needed.', host, file),
  chHostServedByStore: (host, file) =>
    vscode.l10n.t('{0} uses the Amazon ECR credential helper for every registry ("credsStore" in {1}).', host, file),
  chHostOtherHelper: (host, helper) => vscode.l10n.t('{0} already uses the credential helper "docker-credential-{1}".', host, helper),
  chHostStaleAuth: (host, file) =>
    vscode.l10n.t('{1} still holds an old login for {0} ("auths"); the credential helper makes it unnecessary.', host, file),
} satisfies MessageTable<CredHelperMessageId>;

/** The text of a failure: a config problem in the display language, anything else as it comes. */
export function credHelperErrorText(err: unknown): string {
  return err instanceof CredHelperConfigError ? renderMessage(err.problem) : errorText(err);
}
