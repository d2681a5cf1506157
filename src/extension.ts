// Activation wires things together and nothing else: no listing, no AWS SDK (it loads on first use).
import * as vscode from 'vscode';
import { ExtensionServices } from './commands/extensionServices';
import { registerCommands } from './commands/registerCommands';
import { VscodeUi } from './commands/ui';
import { LoginStore } from './token/loginStore';
import { RegistryTreeProvider } from './tree/registryTree';

/** What activate() returns: used by the integration tests (and nothing else). */
export interface ExtensionApi {
  readonly services: ExtensionServices;
  readonly tree: RegistryTreeProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('ECR Explorer', { log: true });
  const logins = new LoginStore(context.globalState);
  const services = new ExtensionServices(context, log, new VscodeUi(), logins);
  const tree = new RegistryTreeProvider(services);
  services.attachTree(tree);
  context.subscriptions.push(log, logins, services, tree.register(), registerCommands(services));
  return { services, tree };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
