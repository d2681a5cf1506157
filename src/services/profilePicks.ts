// The AWS profiles as quick-pick items (name, credential kind, region), for choosing profiles and for one profile.
import * as vscode from 'vscode';
import type { ProfileInfo } from '../aws/index';
import type { ExplorerServices } from './services';
import type { PickItem } from './ui';

function kindText(p: ProfileInfo): string {
  const kinds: Record<ProfileInfo['kind'], string> = {
    static: vscode.l10n.t('access keys'),
    sso: vscode.l10n.t('IAM Identity Center (SSO)'),
    process: vscode.l10n.t('credential process'),
    assumeRole: vscode.l10n.t('assume role'),
    web: vscode.l10n.t('web identity'),
    other: vscode.l10n.t('other'),
  };
  return [kinds[p.kind], p.region].filter((x) => x).join(' · ');
}

export async function profileItems(
  services: ExplorerServices,
  selected: string[],
  filter: (p: ProfileInfo) => boolean = () => true,
): Promise<Array<PickItem<string>>> {
  const profiles = (await services.aws().listProfiles()).filter(filter);
  return profiles.map((p) => ({ label: p.name, description: kindText(p), picked: selected.includes(p.name), value: p.name }));
}

/** One profile (e.g. for an SSO login). */
export async function pickProfile(services: ExplorerServices, filter?: (p: ProfileInfo) => boolean): Promise<string | undefined> {
  const items = await profileItems(services, [], filter);
  if (items.length === 0) {
    void services.ui.info(vscode.l10n.t('No matching AWS profile was found in ~/.aws/config or ~/.aws/credentials.'));
    return undefined;
  }
  return services.ui.pickOne(items, { title: vscode.l10n.t('Choose an AWS profile') });
}
