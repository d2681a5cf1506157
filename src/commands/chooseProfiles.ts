// ECR: Choose AWS Profiles — multi-select of the profiles in ~/.aws/config and ~/.aws/credentials, saved to the
// user setting ecrExplorer.profiles (nothing selected = the default credential chain).
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import { profileItems } from '../services/profilePicks';
import type { ExplorerServices } from '../services/services';

export async function chooseProfiles(services: ExplorerServices): Promise<string[] | undefined> {
  try {
    const current = services.settings().profiles;
    const items = await profileItems(services, current);
    if (items.length === 0) {
      const open = vscode.l10n.t('Open AWS Setup Guide');
      const choice = await services.ui.info(
        vscode.l10n.t(
          'No AWS profiles were found in ~/.aws/config or ~/.aws/credentials. Configure one with `aws configure` or `aws configure sso`.',
        ),
        open,
      );
      if (choice === open)
        void vscode.env.openExternal(vscode.Uri.parse('https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html'));
      return undefined;
    }
    const picked = await services.ui.pickMany(items, {
      title: vscode.l10n.t('AWS profiles to show registries for'),
      placeHolder: vscode.l10n.t('None selected: AWS_PROFILE or the default credential chain'),
    });
    if (picked === undefined) return undefined;
    await vscode.workspace.getConfiguration('ecrExplorer').update('profiles', picked, vscode.ConfigurationTarget.Global);
    return picked;
  } catch (err) {
    services.log.error('Listing AWS profiles failed', err);
    void services.ui.error(vscode.l10n.t('Could not read the AWS profiles: {0}', describeError(err)));
    return undefined;
  }
}
