// Activation wires things together and nothing else: no listing, no AWS SDK (it loads on first use).
import * as vscode from 'vscode';
import { isAwsLoaded } from './aws/load';
// Adds the renderer tables of the pure modules' messages (once, before anything renders).
import './l10n/messages';
import { renewRecord } from './login/renew';
import { ExtensionServices } from './services/extensionServices';
import { registerCommands } from './commands/registerCommands';
import { VscodeUi } from './services/ui';
import { ExpiryStatusBar, type StatusSnapshot } from './status/expiryStatusBar';
import { LoginStore } from './token/loginStore';
import { RegistryTreeProvider } from './tree/registryTree';

/** What activate() returns: used by the integration tests (and nothing else). */
export interface ExtensionApi {
  readonly services: ExtensionServices;
  readonly tree: RegistryTreeProvider;
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
  const services = new ExtensionServices(context, log, new VscodeUi(), logins);
  const tree = new RegistryTreeProvider(services);
  services.attachTree(tree);
  mark('services');
  const treeRegistration = tree.register();
  mark('tree');
  const commandRegistration = registerCommands(services);
  mark('commands');
  context.subscriptions.push(log, logins, services, treeRegistration, commandRegistration);
  const statusBar = new ExpiryStatusBar({
    logins,
    settings: () => services.settings(),
    renew: (rec) => renewRecord(services, rec, { reveal: false }),
    log,
  });
  context.subscriptions.push(statusBar);
  mark('status');
  const activationMs = performance.now() - started;
  return {
    services,
    tree,
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
