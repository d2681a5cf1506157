// Display text of the image references feature (src/references/): problems, quick fixes and hover labels.
import * as vscode from 'vscode';
import type { MessageTable } from './render';

export type ReferencesMessageId =
  | 'references.repositoryNotFound'
  | 'references.tagNotFound'
  | 'references.digestNotFound'
  | 'references.digestMismatch'
  | 'references.vulnerable'
  | 'references.newerTag'
  | 'references.tooManyReferences'
  | 'references.fix.pinDigest'
  | 'references.fix.updateTag'
  | 'references.fix.updateDigest'
  | 'references.fix.removeDigest'
  | 'references.hover.title'
  | 'references.hover.public'
  | 'references.hover.notLookedUp'
  | 'references.hover.unavailable'
  | 'references.hover.chooseProfiles'
  | 'references.hover.digest'
  | 'references.hover.tagMoved'
  | 'references.hover.tagMatches'
  | 'references.hover.pushed'
  | 'references.hover.size'
  | 'references.hover.platforms'
  | 'references.hover.multiArch'
  | 'references.hover.singlePlatform'
  | 'references.hover.scan'
  | 'references.hover.notScanned'
  | 'references.hover.noFindings'
  | 'references.hover.scannedAt'
  | 'references.hover.otherTags'
  | 'references.hover.newestTag'
  | 'references.hover.newerInLine'
  | 'references.hover.partial'
  | 'references.hover.reveal'
  | 'references.hover.copyPinned'
  | 'references.hover.showFindings';

export const referencesMessages = {
  'references.repositoryNotFound': (repo, registry) =>
    vscode.l10n.t('Repository {0} was not found in registry {1}.', repo, registry),
  'references.tagNotFound': (tag, repo) => vscode.l10n.t('Tag {0} was not found in repository {1}.', tag, repo),
  'references.digestNotFound': (digest, repo) => vscode.l10n.t('Digest {0} was not found in repository {1}.', digest, repo),
  'references.digestMismatch': (tag, current, pinned) =>
    vscode.l10n.t('Tag {0} now points to {1}, not to the pinned digest {2}.', tag, current, pinned),
  'references.vulnerable': (count, threshold, summary) =>
    vscode.l10n.t('Findings of severity {1} or higher: {0} ({2}).', count, threshold, summary),
  'references.newerTag': (newer, current) => vscode.l10n.t('A newer tag in the same line is available: {0} (this is {1}).', newer, current),
  'references.tooManyReferences': (limit) =>
    vscode.l10n.t('Only the first {0} image references of this file are checked.', limit),
  'references.fix.pinDigest': (digest) => vscode.l10n.t('Pin to digest {0}', digest),
  'references.fix.updateTag': (tag) => vscode.l10n.t('Update to newest tag {0}', tag),
  'references.fix.updateDigest': (tag, digest) => vscode.l10n.t("Pin to the current digest of {0} ({1})", tag, digest),
  'references.fix.removeDigest': () => vscode.l10n.t('Remove stale digest'),
  'references.hover.title': () => vscode.l10n.t('ECR image'),
  'references.hover.public': () => vscode.l10n.t('An ECR Public image: not looked up.'),
  'references.hover.notLookedUp': () => vscode.l10n.t('Not looked up yet.'),
  'references.hover.unavailable': (account, region) =>
    vscode.l10n.t('No usable AWS credentials for registry {0} in {1}.', account, region),
  'references.hover.chooseProfiles': () => vscode.l10n.t('Choose AWS Profiles…'),
  'references.hover.digest': () => vscode.l10n.t('Digest:'),
  'references.hover.tagMoved': (tag, digest) => vscode.l10n.t('Tag {0} no longer points to the pinned digest (now {1}).', tag, digest),
  'references.hover.tagMatches': (tag) => vscode.l10n.t('Tag {0} still points to the pinned digest.', tag),
  'references.hover.pushed': () => vscode.l10n.t('Pushed:'),
  'references.hover.size': () => vscode.l10n.t('Size:'),
  'references.hover.platforms': () => vscode.l10n.t('Platforms:'),
  'references.hover.multiArch': () => vscode.l10n.t('multi-platform (image index)'),
  'references.hover.singlePlatform': () => vscode.l10n.t('single platform'),
  'references.hover.scan': () => vscode.l10n.t('Scan:'),
  'references.hover.notScanned': () => vscode.l10n.t('not scanned'),
  'references.hover.noFindings': () => vscode.l10n.t('no findings'),
  'references.hover.scannedAt': (when) => vscode.l10n.t('scanned {0}', when),
  'references.hover.otherTags': () => vscode.l10n.t('Other tags on this digest:'),
  'references.hover.newestTag': () => vscode.l10n.t('Newest tag in the repository:'),
  'references.hover.newerInLine': () => vscode.l10n.t('Newer tag in this line:'),
  'references.hover.partial': () => vscode.l10n.t('A large repository: newest tags are among the images listed so far.'),
  'references.hover.reveal': () => vscode.l10n.t('Reveal in ECR Explorer'),
  'references.hover.copyPinned': () => vscode.l10n.t('Copy Pinned URI'),
  'references.hover.showFindings': () => vscode.l10n.t('Show Vulnerabilities'),
} satisfies MessageTable<ReferencesMessageId>;
