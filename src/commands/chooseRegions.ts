// ECR: Choose Regions — multi-select of the ECR regions, saved to the user setting ecrExplorer.regions
// (nothing selected = the profile's region, then AWS_REGION).
import * as vscode from 'vscode';
import { ECR_REGIONS } from '../aws/ecrRegions';
import type { ExplorerServices } from '../services/services';

export async function chooseRegions(services: ExplorerServices): Promise<string[] | undefined> {
  const current = services.settings().regions;
  const all = [...current.filter((r) => !ECR_REGIONS.includes(r)), ...ECR_REGIONS];
  const picked = await services.ui.pickMany(
    all.map((r) => ({ label: r, picked: current.includes(r), value: r })),
    {
      title: vscode.l10n.t('AWS regions to show registries in'),
      placeHolder: vscode.l10n.t('None selected: the profile region, then AWS_REGION'),
    },
  );
  if (picked === undefined) return undefined;
  await vscode.workspace.getConfiguration('ecrExplorer').update('regions', picked, vscode.ConfigurationTarget.Global);
  return picked;
}
