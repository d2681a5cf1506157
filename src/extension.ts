// Activation wires things together and nothing else: no listing, no AWS SDK (it loads on first use).
import * as vscode from 'vscode';
import { isAwsLoaded } from './aws/load';
// Adds the renderer tables of the pure modules' messages (once, before anything renders).
import './l10n/messages';
import { renewRecord } from './login/renew';
import { ExtensionServices } from './services/extensionServices';
import { registerCommands } from './commands/registerCommands';
import './l10n/messages';
import { PolicyHost } from './policies/policyHost';
import { ScanReports } from './scan/reports';
import { CredHelperWatch } from './login/credHelperWatch';
import { readSettings } from './services/settings';
import { VscodeUi } from './services/ui';
import { ExpiryStatusBar, type StatusSnapshot } from './status/expiryStatusBar';
import { LoginStore } from './token/loginStore';
import { ReferencesShell } from './references/registerReferences';
import { RegistryTreeProvider } from './tree/registryTree';

/** What activate() returns: used by the integration tests (and nothing else). */
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
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const steps: Record<string, number> = {};
  const mark = (step: string): void => {
    steps[step] = performance.now() - started;
  };
  const log = vscode.window.createOutputChannel('ECR Explorer', { log: true });
  mark('log');
  const logins = new LoginStore(context.globalState);
  // The CLI setting is read when the helper state is first read (after activation), not now.
  const credHelpers = new CredHelperWatch(context.globalState, () => readSettings().containerCli);
  const services = new ExtensionServices(context, log, new VscodeUi(), logins, credHelpers);
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
    renew: (rec) => renewRecord(services, rec, { reveal: false }),
    credHelpers,
    log,
  });
  context.subscriptions.push(statusBar);
  mark('status');
  // Reading the CLI config is file I/O: after activate() returns, like the status bar's first draw.
  setTimeout(() => void credHelpers.refresh(), 0);
  const references = new ReferencesShell(services);
  services.attachReferences(references);
  context.subscriptions.push(references.register());
  mark('references');
  const activationMs = performance.now() - started;
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
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
