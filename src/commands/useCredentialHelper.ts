// ECR: Use Credential Helper… — switches ECR registries (a registry row, or several picked from the palette) to
// the Amazon ECR credential helper: `"credHelpers": {"<host>": "ecr-login"}` in the chosen CLI's config, after
// checking that docker-credential-ecr-login is installed and asking before replacing another helper or removing
// stale logins. What was added is remembered so that Stop Using Credential Helper takes back exactly that.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { credHelperErrorText } from '../l10n/credHelperMessages';
import { ECR_LOGIN_EXECUTABLE } from '../login/credHelperBase';
import { workspaceFolderPaths } from '../login/credHelperWatch';
import { applyUseHelper, credHelperTarget, planUseHelper, type UseAnswers, type UseResult } from '../login/credHelperSetup';
import { checkHelperEnvironment, findEcrLoginHelper, installHints, readOsIds } from '../login/credHelperTool';
import type { EcrRegistry, Registry } from '../model/types';
import { registryDescription, registryLabel } from '../tree/treeItems';
import { knownRegistries, registriesFromArgs } from './login';
import type { Services } from './services';
import type { PickItem } from './ui';

async function chooseRegistries(services: Services, node: unknown, nodes: unknown): Promise<EcrRegistry[] | undefined> {
  const given = registriesFromArgs(node, nodes);
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
  if (!registries) return undefined;
  const cli = services.settings().containerCli;
  const target = credHelperTarget(cli, process.env);
  if (!target.supported) {
    void services.ui.warn(renderMessage(target.reason), {});
    return undefined;
  }

  const helperPath = await findEcrLoginHelper(process.env, workspaceFolderPaths());
  if (!helperPath) {
    const hints = installHints({ platform: process.platform, osIds: process.platform === 'linux' ? await readOsIds() : [] });
    const anyway = vscode.l10n.t('Set Up Anyway');
    const choice = await services.ui.warn(
      vscode.l10n.t('The Amazon ECR credential helper ({0}) was not found on PATH.', ECR_LOGIN_EXECUTABLE),
      {
        modal: true,
        detail: [
          vscode.l10n.t('Install it, then try again:'),
          ...hints.map((h) => `• ${renderMessage(h)}`),
          '',
          vscode.l10n.t('The container CLI looks for the helper on its own PATH; set it up anyway if the helper is there.'),
        ].join('\n'),
      },
      anyway,
    );
    if (choice !== anyway) return undefined;
  }

  const hostsById = new Map(registries.map((r) => [r.host, r]));
  try {
    const plan = await planUseHelper(target, [...hostsById.keys()]);
    const answers: UseAnswers = { replace: new Set(), removeStaleAuths: new Set() };

    const others = plan.hosts.filter((h) => h.state === 'otherHelper');
    if (others.length > 0) {
      const replace = vscode.l10n.t('Replace');
      const keep = vscode.l10n.t('Keep Them');
      const choice = await services.ui.warn(
        vscode.l10n.t('Some registries already use another credential helper. Replace it with the Amazon ECR credential helper?'),
        { modal: true, detail: others.map((h) => `${h.host}: docker-credential-${h.currentHelper ?? ''}`).join('\n') },
        replace,
        keep,
      );
      if (choice === undefined) return undefined;
      if (choice === replace) for (const h of others) (answers.replace as Set<string>).add(h.host);
    }

    const stale = plan.hosts.filter((h) => h.staleAuthKeys.length > 0 && (h.state !== 'otherHelper' || answers.replace?.has(h.host)));
    if (stale.length > 0) {
      const remove = vscode.l10n.t('Remove');
      const keep = vscode.l10n.t('Keep');
      const choice = await services.ui.warn(
        vscode.l10n.t(
          '{0} still holds logins for these registries ("auths"). With the credential helper they are never used again. Remove them?',
          plan.target.path,
        ),
        { modal: true, detail: [...stale.map((h) => h.host), '', vscode.l10n.t('A backup of the file is kept beside it.')].join('\n') },
        remove,
        keep,
      );
      if (choice === undefined) return undefined;
      if (choice === remove) for (const h of stale) (answers.removeStaleAuths as Set<string>).add(h.host);
    }

    const previous = services.credHelpers.markers()[target.path];
    const result = await applyUseHelper(plan, answers, previous);
    if (!result.unchanged) await services.credHelpers.setMarker(target.path, result.marker);
    await services.credHelpers.refresh();

    services.log.info(`Credential helper set up in ${target.path} (${target.source}) for ${cli}:`);
    for (const a of result.added) services.log.info(`  ${a.host}: ecr-login${a.replaced ? ` (replaces ${a.replaced})` : ''}`);
    for (const h of result.already) services.log.info(`  ${h}: already ecr-login`);
    for (const k of result.keptOtherHelper) services.log.info(`  ${k.host}: kept docker-credential-${k.helper}`);
    for (const k of result.removedAuthKeys) services.log.info(`  removed the stale login "${k}" from auths`);
    if (result.backup) services.log.info(`  backup of the original: ${result.backup}`);
    if (plan.credsStore) services.log.info(`  credsStore "${plan.credsStore}" stays for every other registry`);
    for (const s of plan.shadowing) services.log.warn(`  ${s.file} holds a login for ${s.host}, which ${cli} reads first: log out there.`);
    if (helperPath) services.log.info(`  helper: ${helperPath}`);

    const served = [...result.added.map((a) => a.host), ...result.already];
    if (served.length === 0) {
      void services.ui.info(vscode.l10n.t('Nothing was changed: the chosen registries keep their credential helpers.'));
      return result;
    }
    const mismatch = registries
      .filter((r) => served.includes(r.host))
      .map((r) => checkHelperEnvironment(process.env, { profile: r.source.profile, region: r.source.region, host: r.host }))
      .find((c) => !c.matches);
    const showLog = vscode.l10n.t('Show Log');
    const done =
      served.length === 1
        ? vscode.l10n.t('{0} now uses the Amazon ECR credential helper: no login needed, the CLI gets tokens itself.', served[0])
        : vscode.l10n.t(
            '{0} registries now use the Amazon ECR credential helper: no login needed, the CLI gets tokens itself.',
            served.length,
          );
    const shadowed =
      plan.shadowing.length > 0
        ? ` ${vscode.l10n.t('A login in {0} still wins for some of them: see the log.', plan.shadowing[0].file)}`
        : '';
    const choice = mismatch
      ? await services.ui.warn(`${done}${shadowed} ${mismatch.findings.map(renderMessage).join(' ')}`, {}, showLog)
      : await services.ui.info(`${done}${shadowed}`, showLog);
    if (choice === showLog) services.log.show();
    return result;
  } catch (err) {
    const text = credHelperErrorText(err);
    services.log.error(`Setting up the credential helper in ${target.path} failed: ${text}`);
    const showLog = vscode.l10n.t('Show Log');
    const choice = await services.ui.error(vscode.l10n.t('Could not set up the credential helper: {0}', text), showLog);
    if (choice === showLog) services.log.show();
    return undefined;
  }
}
