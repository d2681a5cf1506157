// Display text of the push, build and retag messages (src/login/pushCommands.ts, src/aws/retag.ts) [vscode].
import * as vscode from 'vscode';
import type { RetagMessageId } from '../aws/retag';
import type { PushCommandMessageId } from '../login/pushCommands';
import type { MessageTable } from './render';

export const pushMessages = {
  'push.invalidImageRef': (r) => vscode.l10n.t('"{0}" is not a valid image reference.', r),
  'push.invalidPath': (p) => vscode.l10n.t('"{0}" is not an absolute path a container CLI can take.', p),
  'push.invalidPlatform': (p) => vscode.l10n.t('"{0}" is not a platform (expected os/architecture, e.g. linux/arm64).', p),
  'push.invalidBuildArgName': (n) =>
    vscode.l10n.t('The build argument name "{0}" in the setting ecrExplorer.build.args is not valid (letters, digits and _).', n),
  'push.invalidBuildArgValue': (n) =>
    vscode.l10n.t('The value of the build argument {0} in the setting ecrExplorer.build.args contains a line break or NUL.', n),
  'push.noTags': () => vscode.l10n.t('A build needs at least one tag.'),
  'push.tagEmpty': () => vscode.l10n.t('Enter a tag.'),
  'push.tagTooLong': (max, n) => vscode.l10n.t('A tag can have at most {0} characters (this one has {1}).', max, n),
  'push.tagBadStart': (c) => vscode.l10n.t('A tag must start with a letter, a digit or _ (not "{0}").', c),
  'push.tagBadChar': (c) => vscode.l10n.t('A tag can only contain letters, digits, _ . and - ("{0}" is not allowed).', c),
  'push.imageGone': (repo, digest) => vscode.l10n.t('The image {1} is no longer in {0}. Refresh the repository.', repo, digest),
  'push.tagImmutable': (tag, repo) =>
    vscode.l10n.t('The tag "{0}" already exists in {1}, whose tags are immutable: it cannot be moved or overwritten.', tag, repo),
  'push.notEcr': () => vscode.l10n.t('Tags can only be added without pulling in Amazon ECR repositories.'),
} satisfies MessageTable<PushCommandMessageId | RetagMessageId>;
