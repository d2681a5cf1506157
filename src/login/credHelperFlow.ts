// The credential-helper commands and the helper's part of Log In and Diagnose Docker Login [vscode]. They live in
// the credential-helper bundle (dist/credhelper.js, loaded on first use by src/login/credHelperLoad.ts), so the
// main bundle carries only the state the tree and the status bar show (src/login/credHelperWatch.ts).
//
// Use Credential Helper… switches ECR registries (a registry row, or several picked from the palette) to the
// Amazon ECR credential helper: `"credHelpers": {"<host>": "ecr-login"}` in the chosen CLI's config, after
// checking that docker-credential-ecr-login is installed and asking before replacing another helper or removing
// stale logins. What was added is remembered so that Stop Using Credential Helper takes back exactly that (an
// entry set up by hand, or changed since, is left alone).
import * as vscode from 'vscode';
import { credHelperErrorText } from '../l10n/credHelperMessages';
import { renderMessage } from '../l10n/render';
import type { EcrRegistry, Registry } from '../model/types';
import type { Services } from '../services/services';
import type { PickItem } from '../services/ui';
import { ECR_LOGIN_EXECUTABLE } from './credHelperBase';
import { credHelperTarget, helperKey } from './credHelperHosts';
import { applyUseHelper, planUseHelper, stopUsingHelper, type StopResult, type UseAnswers, type UseResult } from './credHelperSetup';
import { diagnoseHelper } from './credHelperState';
import { checkHelperEnvironment, findEcrLoginHelper, installHints, readOsIds } from './credHelperTool';
import { workspaceDirs } from '../services/executables';
import { registriesFromArgs } from './loginFlow';

/** Resolves with what changed (for tests); undefined when nothing was chosen or the user stopped. */
export async function useCredentialHelper(services: Services, registries: EcrRegistry[]): Promise<UseResult | undefined> {
  if (registries.length === 0) return undefined;
  const cli = services.settings().containerCli;
  const target = credHelperTarget(cli, process.env);
  if (!target.supported) {
    void services.ui.warn(renderMessage(target.reason), {});
    return undefined;
  }

  const helperPath = await findEcrLoginHelper(process.env, workspaceDirs());
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

interface Added {
  file: string;
  host: string;
}

function safeKey(host: string): string | undefined {
  try {
    return helperKey(host);
  } catch {
    return undefined;
  }
}

/** Resolves with each file's outcome (for tests); undefined when nothing was chosen. */
export async function stopCredentialHelper(services: Services, node?: unknown, nodes?: unknown): Promise<StopResult[] | undefined> {
  await services.credHelpers.refresh();
  const markers = services.credHelpers.markers();
  const added: Added[] = Object.values(markers).flatMap((m) => m.entries.map((e) => ({ file: m.path, host: e.host })));
  const given: Registry[] = registriesFromArgs(services, node, nodes);
  let chosen: Added[];
  if (given.length > 0) {
    const hosts = new Set(given.map((r) => safeKey(r.host)).filter((h): h is string => !!h));
    chosen = added.filter((a) => hosts.has(a.host));
    const notOurs = [...hosts].filter((h) => !chosen.some((a) => a.host === h) && services.credHelpers.servedBy(h));
    if (notOurs.length > 0) {
      void services.ui.info(
        vscode.l10n.t(
          '{0} was not set up by ECR Explorer ("credHelpers" in {1}), so it is left as it is. Remove that entry from the file to stop using the helper.',
          notOurs.join(', '),
          services.credHelpers.state.file,
        ),
      );
    }
    if (chosen.length === 0) {
      if (notOurs.length === 0) void services.ui.info(vscode.l10n.t('This registry does not use the Amazon ECR credential helper.'));
      return undefined;
    }
  } else if (added.length === 0) {
    void services.ui.info(vscode.l10n.t('ECR Explorer has not set up the credential helper for any registry.'));
    return undefined;
  } else if (added.length === 1) {
    chosen = added;
  } else {
    const items: PickItem<Added>[] = added.map((a) => ({ label: a.host, description: a.file, picked: true, value: a }));
    const picked = await services.ui.pickMany(items, {
      title: vscode.l10n.t('Stop Using Credential Helper'),
      placeHolder: vscode.l10n.t('Choose the registries that should go back to logging in'),
    });
    if (!picked || picked.length === 0) return undefined;
    chosen = picked;
  }

  const results: StopResult[] = [];
  const failures: string[] = [];
  for (const file of [...new Set(chosen.map((c) => c.file))]) {
    const marker = markers[file];
    const hosts = chosen.filter((c) => c.file === file).map((c) => c.host);
    try {
      const result = await stopUsingHelper(marker, hosts);
      await services.credHelpers.setMarker(file, result.marker);
      results.push(result);
      services.log.info(`Credential helper entries removed from ${file}: ${result.removed.map((r) => r.host).join(', ') || 'none'}`);
      for (const c of result.changedSince) {
        services.log.warn(`  ${c.host} no longer said "ecr-login" (${c.now ?? 'removed'}): left as it is`);
      }
      if (result.deletedFile) services.log.info(`  ${file} held nothing else and did not exist before: deleted`);
    } catch (err) {
      const text = credHelperErrorText(err);
      services.log.error(`Removing the credential helper entries from ${file} failed: ${text}`);
      failures.push(text);
    }
  }
  await services.credHelpers.refresh();

  const removed = results.flatMap((r) => r.removed.map((e) => e.host));
  const showLog = vscode.l10n.t('Show Log');
  if (failures.length > 0) {
    const choice = await services.ui.error(vscode.l10n.t('Could not stop using the credential helper: {0}', failures[0]), showLog);
    if (choice === showLog) services.log.show();
  } else if (removed.length > 0) {
    const logIn = vscode.l10n.t('Log In');
    const choice = await services.ui.info(
      removed.length === 1
        ? vscode.l10n.t('{0} no longer uses the credential helper. Log in to use it from the container CLI again.', removed[0])
        : vscode.l10n.t(
            '{0} registries no longer use the credential helper. Log in to use them from the container CLI again.',
            removed.length,
          ),
      logIn,
    );
    if (choice === logIn) await vscode.commands.executeCommand('ecrExplorer.login', ...(given.length > 0 ? [given[0], given] : []));
  } else {
    void services.ui.info(
      vscode.l10n.t('Nothing was removed: the entries were changed since ECR Explorer added them, so they are left as they are.'),
    );
  }
  return results;
}

/** The helper's diagnosis for a registry with the configured container CLI and the open workspace folders. */
function diagnoseFor(services: Services, registry: EcrRegistry): ReturnType<typeof diagnoseHelper> {
  return diagnoseHelper({
    cli: services.settings().containerCli,
    host: registry.host,
    profile: registry.source.profile,
    region: registry.source.region,
    workspaceFolders: workspaceDirs(),
  });
}

/** Log In on registries the credential helper serves: no login is needed; says so, with the helper's diagnosis. */
export async function explainHelperServed(services: Services, served: EcrRegistry[]): Promise<void> {
  const first = served[0];
  let details: string[] = [];
  try {
    const d = await diagnoseFor(services, first);
    details = d.findings.filter((f) => f.message.id !== 'chHostServed').map((f) => renderMessage(f.message));
    for (const f of d.findings) services.log.info(`  ${renderMessage(f.message)}`);
  } catch (err) {
    services.log.warn(`Diagnosing the credential helper failed: ${credHelperErrorText(err)}`);
  }
  const hosts = served.map((r) => r.host).join(', ');
  services.log.info(`No login for ${hosts}: the Amazon ECR credential helper serves it.`);
  const diagnose = vscode.l10n.t('Diagnose');
  const stop = vscode.l10n.t('Stop Using Credential Helper');
  const choice = await services.ui.info(
    [
      served.length === 1
        ? vscode.l10n.t(
            'No login needed for {0}: it uses the Amazon ECR credential helper, so the container CLI gets tokens itself.',
            hosts,
          )
        : vscode.l10n.t(
            'No login needed for {0}: they use the Amazon ECR credential helper, so the container CLI gets tokens itself.',
            hosts,
          ),
      ...details,
    ].join(' '),
    diagnose,
    stop,
  );
  if (choice === diagnose) await vscode.commands.executeCommand('ecrExplorer.diagnoseLogin', first);
  else if (choice === stop) await vscode.commands.executeCommand('ecrExplorer.stopCredentialHelper', first, served);
}

/** The helper's findings for Diagnose Docker Login, in the display language. */
export async function helperFindings(
  services: Services,
  registry: EcrRegistry,
): Promise<Array<{ level: 'info' | 'warning'; message: string }>> {
  const d = await diagnoseFor(services, registry);
  return d.findings.map((f) => ({ level: f.level, message: renderMessage(f.message) }));
}
