// ECR: Diagnose Docker Login — explains how the container CLI's credential config affects a registry (credential
// stores and helpers, stale or duplicate entries, their age) and whether the CLI is installed. Findings go to the
// output channel; a summary message offers "Show Log".
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { diagnoseLoginSetup, type Finding } from '../login/cliConfig';
import type { Registry } from '../model/types';
import { loadCredHelper } from '../login/credHelperLoad';
import { knownRegistries, loginStateText, registriesFromArgs } from '../login/loginFlow';
import { registryDescription, registryLabel } from '../tree/treeItems';
import { describeError } from '../services/errors';
import { workspaceDirs } from '../services/executables';
import type { Services } from '../services/services';

/** One line of the diagnosis in the display language. */
export interface DiagnosisLine {
  level: Finding['level'];
  text: string;
}

async function chooseRegistry(services: Services, node: unknown): Promise<Registry | undefined> {
  const [fromNode] = registriesFromArgs(services, node, undefined);
  if (fromNode) return fromNode;
  const known = await knownRegistries(services);
  if (!known) return undefined;
  if (known.length === 1) return known[0];
  return services.ui.pickOne(
    known.map((r) => ({ label: registryLabel(r), description: registryDescription(r), detail: r.host, value: r })),
    {
      title: vscode.l10n.t('Diagnose Docker Login'),
      placeHolder: vscode.l10n.t('Choose the registry to check the container CLI login for'),
      matchOnDescription: true,
    },
  );
}

export async function diagnoseLogin(services: Services, node?: unknown): Promise<DiagnosisLine[] | undefined> {
  const registry = await chooseRegistry(services, node);
  if (!registry) return undefined;
  const s = services.settings();
  services.logins.reload();
  const rec = registry.type === 'ecr' ? services.logins.get(registry.id) : undefined;
  const host = rec?.host ?? registry.host;
  try {
    const { findings } = await diagnoseLoginSetup(s.containerCli, host, { executable: s.containerCliPath, searchExclude: workspaceDirs() });
    const all: DiagnosisLine[] = [
      { level: 'info', text: vscode.l10n.t('ECR Explorer: {0}.', loginStateText(services, registry)) },
      ...findings.map((f) => ({ level: f.level, text: renderMessage(f.message) })),
    ];
    if (registry.type === 'ecr') {
      // The Amazon ECR credential helper: is it set up for this host, installed (path, version), and does the
      // environment the CLI inherits pick the registry's profile? (already in the display language)
      for (const f of await loadCredHelper().helperFindings(services, registry)) all.push({ level: f.level, text: f.message });
    }
    if (registry.type === 'ecr' && !rec && s.endpoint) {
      all.push({
        level: 'info',
        text: vscode.l10n.t(
          "With an endpoint override the CLI may log in to a different host than {0} (the token's proxyEndpoint); log in once to record it.",
          host,
        ),
      });
    }
    services.log.info(`Diagnosing the ${s.containerCli} login for ${host}:`);
    for (const f of all) {
      if (f.level === 'warning') services.log.warn(`  ${f.text}`);
      else services.log.info(`  ${f.text}`);
    }
    const warnings = all.filter((f) => f.level === 'warning');
    const showLog = vscode.l10n.t('Show Log');
    const choice =
      warnings.length > 0
        ? await services.ui.warn(
            warnings.length === 1
              ? vscode.l10n.t('Docker login check for {0}: {1}', host, warnings[0].text)
              : vscode.l10n.t('Docker login check for {0}: {1} problems found. The first: {2}', host, warnings.length, warnings[0].text),
            {},
            showLog,
          )
        : await services.ui.info(
            vscode.l10n.t('Docker login check for {0}: no problems found. The details are in the log.', host),
            showLog,
          );
    if (choice === showLog) services.log.show();
    return all;
  } catch (err) {
    const message = describeError(err);
    services.log.error(`Diagnosing the login for ${host} failed: ${message}`);
    void services.ui.error(vscode.l10n.t('Could not check the login for {0}: {1}', host, message));
    return undefined;
  }
}
