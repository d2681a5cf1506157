// Activation wires things together and nothing else: no listing, no AWS SDK (it loads on first use).
import * as vscode from 'vscode';
import { isAwsLoaded } from './aws/load';
// Adds the renderer tables of the pure modules' messages (once, before anything renders).
import './l10n/messages';
import { ExtensionServices } from './services/extensionServices';
import { genericRegistry } from './services/genericRegistries';
import { registerCommands } from './commands/registerCommands';
import { loadCommands } from './commands/load';
import { PolicyHost } from './policies/policyHost';
import { ScanReports } from './scan/reports';
import { CredHelperWatch } from './login/credHelperWatch';
import { readSettings } from './services/settings';
import { InertUi, type Ui } from './services/ui';
import { ExpiryStatusBar, type StatusSnapshot } from './status/expiryStatusBar';
import { LoginStore } from './token/loginStore';
import { ReferencesShell } from './references/registerReferences';
import { RegistryTreeProvider } from './tree/registryTree';

/**
 * What activate() returns in ExtensionMode.Test only (the integration tests and the activation bench); in
 * production activate() returns nothing, so no other extension gets a handle to the services, SecretStorage or
 * the ExtensionContext.
 */
export interface ExtensionApi {
  readonly services: ExtensionServices;
  readonly tree: RegistryTreeProvider;
  /** Lifecycle/repository policy documents and the lifecycle preview marks. */
  readonly policies: PolicyHost;
  /** Image references in workspace files (hover, problems, quick fixes, links). */
  readonly references: ReferencesShell;
  /** The token-expiry status bar item as it is shown now. */
  readonly status: StatusSnapshot;
  /** True once the AWS SDK bundle was loaded (activation and the restored status bar must not load it). */
  readonly awsLoaded: boolean;
  /** How long activate() took, in ms. */
  readonly activationMs: number;
  /** Where that time went: ms since the start of activate() at the end of each step (for the bench). */
  readonly activationSteps: Readonly<Record<string, number>>;
  /** Replaces the Ui behind the inert seam (a scripted, recording fake); returns the previous one. */
  useUi(ui: Ui): Ui;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const mark = (step: string): void => {
    steps[step] = performance.now() - started;
  };
  const log = vscode.window.createOutputChannel('ECR Explorer', { log: true });
  mark('log');
  const logins = new LoginStore(context.globalState);
  const ui = new InertUi();
  // The CLI setting is read when the helper state is first read (after activation), not now.
  const credHelpers = new CredHelperWatch(context.globalState, () => readSettings().containerCli);
  const services = new ExtensionServices(context, log, ui, logins, credHelpers);
  const tree = new RegistryTreeProvider(services);
  services.attachTree(tree);
  mark('services');
  const treeRegistration = tree.register();
  mark('tree');
  // The policy documents' file system and the preview marks: registered now, the AWS SDK loads on first use.
  const policies = new PolicyHost(services);
  context.subscriptions.push(policies.register());
  mark('policies');
  const reports = new ScanReports(services);
  const commandRegistration = registerCommands(services, { policies, reports });
  mark('commands');
  context.subscriptions.push(log, logins, credHelpers, services, treeRegistration, commandRegistration, reports.register());
  const statusBar = new ExpiryStatusBar({
    logins,
    settings: () => services.settings(),
    // The login machinery lives in the commands bundle: loaded when a renewal is due, not at activation.
    renew: (rec) => loadCommands().renewRecord(services, rec, { reveal: false }),
    credHelpers,
    log,
    ui,
  });
  context.subscriptions.push(statusBar);
  mark('status');
  // A generic registry removed from the settings by hand leaves its password behind: delete it (after activation).
  setTimeout(() => void pruneGenericSecrets(services), 0);
  // Reading the CLI config is file I/O: after activate() returns, like the status bar's first draw.
  setTimeout(() => void credHelpers.refresh(), 0);
  const references = new ReferencesShell(services);
  services.attachReferences(references);
  context.subscriptions.push(references.register());
  mark('references');
  const activationMs = performance.now() - started;
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    services,
    tree,
    policies,
    references,
    get status() {
      return statusBar.snapshot;
    },
    get awsLoaded() {
      return isAwsLoaded();
    },
    activationMs,
    activationSteps: steps,
    useUi: (fake) => ui.replaceInner(fake),
  };
}

/** Deletes the stored passwords of generic registries that are no longer in the settings. */
export async function pruneGenericSecrets(services: ExtensionServices): Promise<string[]> {
  try {
    const urls = services.settings().genericRegistries.flatMap((entry) => {
      try {
        return [genericRegistry(entry).url];
      } catch {
        return [];
      }
    });
    const pruned = await services.genericSecrets.prune(urls);
    for (const url of pruned) services.log.info(`Deleted the stored password of ${url}: the registry is no longer configured`);
    return pruned;
  } catch (err) {
    services.log.warn('Pruning stored registry passwords failed', err);
    return [];
  }
}

export function deactivate(): void {
  // Everything else is disposed through context.subscriptions; CLI process groups may outlive their runs. Only the
  // lazily loaded bundles start CLIs, and they share one registry of process groups (login/cliRunner.ts).
  const live = (globalThis as Record<symbol, Map<number, unknown> | undefined>)[Symbol.for('ecrExplorer.liveProcessGroups')];
  if (live && live.size > 0) loadCommands().killProcessGroups();
}
