// The ECR data layer's messages (src/aws/problems.ts, src/aws/mapping.ts) in the display language [vscode].
import * as vscode from 'vscode';
import type { AwsMessageId } from '../aws/problems';
import type { MessageTable } from './render';

export const awsMessages = {
  'aws.profile': (p) => vscode.l10n.t('profile "{0}"', p),
  'aws.defaultChain': () => vscode.l10n.t('the default credential chain'),
  'aws.noCredentials': (who) => vscode.l10n.t('No AWS credentials found for {0}.', who),
  'aws.noCredentialsAction': () =>
    vscode.l10n.t('Choose an AWS profile (setting ecrExplorer.profiles) or configure credentials with `aws configure`.'),
  'aws.profileMissing': (p) => vscode.l10n.t('AWS profile "{0}" was not found in the AWS config or credentials file.', p),
  'aws.profileMissingAction': () =>
    vscode.l10n.t('Choose an existing profile (setting ecrExplorer.profiles) or add it with `aws configure --profile NAME`.'),
  'aws.ssoExpired': (who) => vscode.l10n.t('The AWS SSO session for {0} has expired or is not signed in.', who),
  'aws.ssoActionProfile': (p) => vscode.l10n.t('Run `aws sso login --profile {0}`, then refresh.', p),
  'aws.ssoAction': () => vscode.l10n.t('Run `aws sso login`, then refresh.'),
  'aws.credentialsExpired': (who) => vscode.l10n.t('The AWS credentials for {0} have expired.', who),
  'aws.credentialsExpiredAction': () =>
    vscode.l10n.t('Refresh the credentials (for example re-run the command that issued them), then refresh.'),
  'aws.credentialsInvalid': (who) => vscode.l10n.t('AWS rejected the credentials of {0} (invalid key or signature).', who),
  'aws.credentialsInvalidAction': () => vscode.l10n.t('Check the access key of this profile or choose another profile.'),
  'aws.credentialsFailed': (who, detail) => vscode.l10n.t('Could not get AWS credentials for {0}: {1}', who, detail),
  'aws.accessDeniedFor': (iam, who) => vscode.l10n.t('Access denied for {0} ({1}).', iam, who),
  'aws.accessDenied': (who) => vscode.l10n.t('Access denied ({0}).', who),
  'aws.accessDeniedActionFor': (iam) => vscode.l10n.t('Ask an administrator to allow `{0}` for this identity.', iam),
  'aws.accessDeniedAction': () => vscode.l10n.t('Ask an administrator for the needed ECR permissions.'),
  'aws.repositoryNotFound': () => vscode.l10n.t('The repository does not exist (it may have been deleted).'),
  'aws.registryNotFound': () => vscode.l10n.t('The registry does not exist or is not visible to this identity.'),
  'aws.imageNotFound': () => vscode.l10n.t('The image does not exist (it may have been deleted).'),
  'aws.throttled': () => vscode.l10n.t('AWS is throttling requests (rate exceeded) even after retries.'),
  'aws.throttledAction': () => vscode.l10n.t('Wait a moment, then refresh.'),
  'aws.unreachable': (detail) => vscode.l10n.t('Cannot reach the ECR endpoint ({0}).', detail),
  'aws.unreachableAction': () => vscode.l10n.t('Check the network, proxy and the ecrExplorer.endpoint setting, then retry.'),
  'aws.serverErrorStatusName': (status, name) => vscode.l10n.t('ECR answered with a server error (HTTP {0} {1}) after retries.', status, name),
  'aws.serverErrorStatus': (status) => vscode.l10n.t('ECR answered with a server error (HTTP {0}) after retries.', status),
  'aws.serverError': () => vscode.l10n.t('ECR answered with a server error after retries.'),
  'aws.serverErrorAction': () => vscode.l10n.t('Try again later.'),
  'aws.timeout': () => vscode.l10n.t('The request to ECR timed out.'),
  'aws.timeoutAction': () => vscode.l10n.t('Retry, or raise ecrExplorer.requestTimeoutSeconds.'),
  'aws.badResponseStatus': (status) =>
    vscode.l10n.t('ECR returned a response that could not be read (HTTP {0}); a proxy or the endpoint may be misconfigured.', status),
  'aws.badResponse': () =>
    vscode.l10n.t('ECR returned a response that could not be read; a proxy or the endpoint may be misconfigured.'),
  'aws.badResponseAction': () => vscode.l10n.t('Check the ecrExplorer.endpoint setting and any proxy, then retry.'),
  'aws.repeatingToken': () => vscode.l10n.t('ECR returned the same page token twice; listing stopped to avoid an endless loop.'),
  'aws.foreignProxyEndpoint': (got, expected) =>
    vscode.l10n.t('ECR named {0} as the login host of the registry {1}; the token was not sent there.', got, expected),
  'aws.foreignProxyEndpointAction': () => vscode.l10n.t('Check the ecrExplorer.endpoint setting and any proxy in between, then refresh.'),
  'aws.cancelled': () => vscode.l10n.t('Cancelled.'),
  'aws.unknown': (detail) => vscode.l10n.t('ECR request failed: {0}', detail),
  'aws.retryAction': () => vscode.l10n.t('Retry.'),
  'aws.showLogAction': () => vscode.l10n.t('See the ECR Explorer log for details.'),
  'aws.repositoryNameRules': () =>
    vscode.l10n.t(
      'Use 2–256 characters: lowercase letters, digits and single separators (. _ -) between them, optionally with namespaces separated by "/" (for example team/app-api).',
    ),
  'aws.repositoryNameTooShort': (rules) => vscode.l10n.t('The repository name is too short. {0}', rules),
  'aws.repositoryNameTooLong': (n, rules) => vscode.l10n.t('The repository name is too long ({0} characters). {1}', n, rules),
  'aws.repositoryNameUppercase': (rules) => vscode.l10n.t('The repository name must be lowercase. {0}', rules),
  'aws.repositoryNameInvalid': (name, rules) => vscode.l10n.t('"{0}" is not a valid repository name. {1}', name, rules),
  'aws.enterAnotherName': () => vscode.l10n.t('Enter another name.'),
} satisfies MessageTable<AwsMessageId>;
