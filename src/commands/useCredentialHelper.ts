// ECR: Use Credential Helper… — switches ECR registries (a registry row, or several picked from the palette) to the
// Amazon ECR credential helper (`credHelpers` in the container CLI's config). The change itself is made by
// src/login/credHelperFlow.ts, in the bundle loaded on first use.
import * as vscode from 'vscode';
import { loadCredHelper } from '../login/credHelperLoad';
import type { UseResult } from '../login/credHelperSetup';
import { knownRegistries, registriesFromArgs } from '../login/loginFlow';
import type { EcrRegistry, Registry } from '../model/types';
import type { Services } from '../services/services';
import type { PickItem } from '../services/ui';
import { registryDescription, registryLabel } from '../tree/treeItems';

async function chooseRegistries(services: Services, node: unknown, nodes: unknown): Promise<EcrRegistry[] | undefined> {
  const given = registriesFromArgs(services, node, nodes);
  const isEcr = (r: Registry): r is EcrRegistry => r.type === 'ecr';
  if (given.length > 0) {
    const ecr = given.filter(isEcr);
    if (ecr.length === 0) void services.ui.info(vscode.l10n.t('The Amazon ECR credential helper serves Amazon ECR registries only.'));
    return ecr.length > 0 ? ecr : undefined;
  }
  const known = await knownRegistries(services);
  if (!known) return undefined;
  const ecr = known.filter(isEcr);
  if (ecr.length === 0) {
    void services.ui.info(vscode.l10n.t('The Amazon ECR credential helper serves Amazon ECR registries only, and none is listed.'));
    return undefined;
  }
  if (ecr.length === 1) return ecr;
  const items: PickItem<EcrRegistry>[] = ecr.map((r) => ({
    label: registryLabel(r),
    description: registryDescription(r),
    detail: services.credHelpers.servedBy(r.host) ? `${r.host} — ${vscode.l10n.t('uses the credential helper')}` : r.host,
    value: r,
  }));
  const picked = await services.ui.pickMany(items, {
    title: vscode.l10n.t('Use Credential Helper'),
    placeHolder: vscode.l10n.t('Choose the ECR registries the container CLI should get tokens for by itself'),
  });
  return picked && picked.length > 0 ? picked : undefined;
}

/** Resolves with what changed (for tests); undefined when nothing was chosen or the user stopped. */
export async function useCredentialHelper(services: Services, node?: unknown, nodes?: unknown): Promise<UseResult | undefined> {
  const registries = await chooseRegistries(services, node, nodes);
  return registries ? loadCredHelper().useCredentialHelper(services, registries) : undefined;
}
