// The Registry HTTP API v2 client's messages (src/registry/errors.ts) in the display language [vscode].
import * as vscode from 'vscode';
import type { RegistryMessageId } from '../registry/errors';
import type { MessageTable } from './render';

export const registryMessages = {
  'registry.unauthorized': (what, status, detail) =>
    vscode.l10n.t('{0}: access denied by the registry (HTTP {1}){2}. Log in again or check the credentials.', what, status, detail),
  'registry.notFound': (what, detail) => vscode.l10n.t('{0}: not found{1}.', what, detail),
  'registry.tooManyRequests': (what) => vscode.l10n.t('{0}: the registry is throttling requests (HTTP 429). Try again later.', what),
  'registry.tooManyRequestsRetryAfter': (what, seconds) =>
    vscode.l10n.t('{0}: the registry is throttling requests (HTTP 429). Try again in {1} s.', what, seconds),
  'registry.server': (what, status, detail) => vscode.l10n.t('{0}: the registry failed (HTTP {1}){2}. Try again later.', what, status, detail),
  'registry.unexpectedStatus': (what, status, detail) =>
    vscode.l10n.t('{0}: unexpected HTTP {1} from the registry{2}.', what, status, detail),
  'registry.timeout': (what, time) => vscode.l10n.t('{0}: no answer from the registry within {1}.', what, time),
  'registry.cancelled': (what) => vscode.l10n.t('{0}: cancelled.', what),
  'registry.unreachable': (what, reason) => vscode.l10n.t('{0}: cannot reach the registry ({1}).', what, reason),
  'registry.untrustedCertificate': (what, reason) =>
    vscode.l10n.t(
      "{0}: the registry's TLS certificate is not trusted ({1}). Install its CA certificate or use the correct host name.",
      what,
      reason,
    ),
  'registry.connectionDropped': (what) => vscode.l10n.t('{0}: the connection closed before the response was complete.', what),
  'registry.tooLarge': (what, limit) => vscode.l10n.t('{0}: the response is larger than the {1} limit and was not read.', what, limit),
  'registry.notJson': (what) => vscode.l10n.t('{0}: the registry answered with something that is not JSON.', what),
  'registry.malformed': (what, detail) => vscode.l10n.t("{0}: the registry's answer is malformed ({1}).", what, detail),
  'registry.digestMismatch': (what) => vscode.l10n.t('{0}: the manifest does not match the requested digest; it was rejected.', what),
  'registry.paginationLoop': (what) => vscode.l10n.t('{0}: the registry sent the same next page twice; paging stopped.', what),
  'registry.foreignLink': (what, origin) =>
    vscode.l10n.t('{0}: the registry pointed the next page at another server ({1}); it was not followed.', what, origin),
  'registry.tokenService': (detail) => vscode.l10n.t('Token service: {0}.', detail),
  'registry.untrustedRealm': (realm) =>
    vscode.l10n.t('The registry asked for credentials to be sent to {0} over plain HTTP on another host; they were not sent.', realm),
  'registry.realmDeclined': (realm) =>
    vscode.l10n.t(
      'The registry asked for your credentials to be sent to another host ({0}); they were not sent. Allow that host when asked, or add the registry again.',
      realm,
    ),
  'registry.invalidRepositoryNames': (count, host) =>
    vscode.l10n.t('{0} repository names from {1} are not valid names and are not listed.', count, host),
  'registry.invalidTags': (count) => vscode.l10n.t('{0} tags from the registry are not valid tags and are not listed.', count),
  'registry.invalidNamesAction': () => vscode.l10n.t('The registry sent names no client can use; see its logs.'),
  'registry.internalRealm': (realm) =>
    vscode.l10n.t(
      'The registry pointed its token service at a loopback, private or link-local address ({0}) it is not on itself; it was not contacted.',
      realm,
    ),
  'registry.badBaseUrl': (url) =>
    vscode.l10n.t('Not a registry URL: "{0}". Use https://host[:port] (or http:// for a local registry).', url),
  'registry.credentialsInUrl': () => vscode.l10n.t('Put registry credentials in the login settings, not in the URL.'),
  'registry.badRepository': (name) =>
    vscode.l10n.t(
      'Not a valid repository name: "{0}". Use lowercase letters, digits and separators (. _ -), with / between path components.',
      name,
    ),
  'registry.badTag': (tag) =>
    vscode.l10n.t('Not a valid tag: "{0}". A tag has up to 128 letters, digits, _ . -, and does not start with . or -.', tag),
  'registry.badDigest': (digest) =>
    vscode.l10n.t('Not a valid digest: "{0}". Expected sha256: followed by 64 lowercase hex digits.', digest),
  'registry.badReference': (ref) =>
    vscode.l10n.t('Not a valid image reference: "{0}". Expected repository[:tag][@sha256:digest].', ref),
  'registry.badHost': (host) => vscode.l10n.t('Not a valid registry host: "{0}".', host),
  'registry.badPageSize': (n) => vscode.l10n.t('Page size must be a positive whole number, not {0}.', n),
  'registry.deleteNeedsDigest': (ref) =>
    vscode.l10n.t('Cannot delete "{0}": the registry deletes manifests by digest (sha256:…), not by tag.', ref),
  'registry.what.check': () => vscode.l10n.t('Registry check'),
  'registry.what.repositoryList': () => vscode.l10n.t('Repository list'),
  'registry.what.tags': (repo) => vscode.l10n.t('Tags of {0}', repo),
  'registry.what.manifest': (ref) => vscode.l10n.t('Manifest {0}', ref),
  'registry.what.delete': (ref) => vscode.l10n.t('Delete {0}', ref),
  'registry.what.tokenService': () => vscode.l10n.t('Token service'),
  'registry.detail.tooManyPages': (n) => vscode.l10n.t('more than {0} pages', n),
  'registry.detail.notAList': (field) => vscode.l10n.t('"{0}" is not a list of names', field),
  'registry.detail.badNextLink': () => vscode.l10n.t('an unreadable next-page link'),
  'registry.detail.tooManyRedirects': () => vscode.l10n.t('too many redirects'),
  'registry.detail.realmNotUrl': () => vscode.l10n.t('the token realm is not a URL'),
  'registry.detail.noToken': () => vscode.l10n.t('the answer holds no usable token'),
  'registry.detail.notObject': () => vscode.l10n.t('not a JSON object'),
  'registry.detail.indexWithoutManifests': () => vscode.l10n.t('an index without a manifests list'),
  'registry.detail.indexEntryNotObject': () => vscode.l10n.t('an index entry is not an object'),
  'registry.detail.indexEntryNoDigest': () => vscode.l10n.t('an index entry has no valid digest'),
  'registry.net.connectionRefused': (code) => vscode.l10n.t('connection refused, {0}', code),
  'registry.net.connectionReset': (code) => vscode.l10n.t('connection reset, {0}', code),
  'registry.net.hostNotFound': (code) => vscode.l10n.t('host name not found, {0}', code),
  'registry.net.lookupFailed': (code) => vscode.l10n.t('host name lookup failed, {0}', code),
  'registry.net.hostUnreachable': (code) => vscode.l10n.t('host unreachable, {0}', code),
  'registry.net.networkUnreachable': (code) => vscode.l10n.t('network unreachable, {0}', code),
  'registry.net.connectTimeout': (code) => vscode.l10n.t('connection timed out, {0}', code),
  'registry.net.socketClosed': (code) => vscode.l10n.t('connection closed by the server, {0}', code),
  'registry.net.headersTimeout': (code) => vscode.l10n.t('no response headers in time, {0}', code),
  'registry.net.bodyTimeout': (code) => vscode.l10n.t('response body stalled, {0}', code),
  'registry.net.tlsProtocol': (code) => vscode.l10n.t('TLS protocol error (is this an HTTP port?), {0}', code),
  'registry.failed': (detail) => vscode.l10n.t('The registry request failed: {0}', detail),
  'registry.action.logInAgain': () => vscode.l10n.t('Log in again.'),
  'registry.action.addAgain': () => vscode.l10n.t('Remove the registry and add it again with the right credentials.'),
  'registry.action.refresh': () => vscode.l10n.t('Refresh the view.'),
  'registry.action.waitRetry': () => vscode.l10n.t('Wait a moment, then retry.'),
  'registry.action.raiseTimeout': () => vscode.l10n.t('Retry, or raise ecrExplorer.requestTimeoutSeconds.'),
  'registry.action.retry': () => vscode.l10n.t('Retry.'),
  'registry.action.checkUrl': () => vscode.l10n.t('Check the registry URL and your network, then retry.'),
  'registry.action.retryOrLog': () => vscode.l10n.t('Retry, or see the log.'),
  'registry.settingNotUrl': (url) => vscode.l10n.t('Not a registry URL: {0}', url),
  'registry.action.fixSetting': () => vscode.l10n.t('Fix ecrExplorer.genericRegistries in your user settings.'),
} satisfies MessageTable<RegistryMessageId>;
