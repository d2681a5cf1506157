// The only place commands are registered. The ids are registered at activation; each handler lives in the lazily
// loaded commands bundle (src/commands/index.ts), required on the first command. The returned Disposable goes into
// context.subscriptions.
import * as vscode from 'vscode';
import type { ExplorerServices } from '../services/services';
import { COMMAND_IDS } from './commandIds';
import type { CommandFeatures, Handler } from './handlers';
import { loadCommands } from './load';

export type { CommandFeatures } from './handlers';

export function registerCommands(services: ExplorerServices, features: CommandFeatures): vscode.Disposable {
  let handlers: Record<string, Handler> | undefined;
  const handler = (id: string): Handler => {
    handlers ??= loadCommands().commandHandlers(features);
    const found = handlers[id];
    if (!found) throw new Error(`No handler for command ${id}`);
    return found;
  };
  return vscode.Disposable.from(
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler(id)(services, ...args))),
  );
}
