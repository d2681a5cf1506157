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
    ...COMMAND_IDS.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(id)(services, ...args.map((a) => treeArgument(services, a)))),
    ),
  );
}

const NODE_KINDS = new Set(['registry', 'repository', 'tag', 'platform', 'untaggedGroup', 'loadMore', 'problem', 'placeholder']);

/**
 * Every command argument that claims to be a tree node (or a multi-selection of them) is replaced by the node the
 * tree produced with that id, or by undefined: a plain object from executeCommand or a `command:` URI never
 * reaches a handler as a node (it then asks, as from the palette). Other arguments pass unchanged.
 */
function treeArgument(services: ExplorerServices, arg: unknown): unknown {
  const claimsNode = (v: unknown): boolean => !!v && typeof v === 'object' && NODE_KINDS.has(String((v as { kind?: unknown }).kind));
  if (Array.isArray(arg)) return arg.some(claimsNode) ? arg.map((a) => services.tree.node(a)).filter((n) => n !== undefined) : arg;
  return claimsNode(arg) ? services.tree.node(arg) : arg;
}
