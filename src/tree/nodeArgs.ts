// Turns a command's optional node argument into the node it needs, asking with quick picks when the command
// runs from the palette (or from a row one level up). Only nodes the tree produced are accepted (by id).
import type { Node, Platform, Repository, Tag } from '../model/types';
import { pickRepository, pickTag } from './pickNode';
import type { ExplorerServices } from '../services/services';

/** The tree's own node for a command argument (never the argument itself), or undefined. */
export function treeNode(services: ExplorerServices, arg: unknown): Node | undefined {
  return arg === undefined ? undefined : services.tree.node(arg);
}

export async function tagArg(services: ExplorerServices, arg: unknown): Promise<Tag | undefined> {
  const node = treeNode(services, arg);
  if (!node) return pickTag(services);
  switch (node.kind) {
    case 'tag':
      return node;
    case 'platform':
      return node.parent;
    case 'repository':
      return pickTag(services, node);
    case 'untaggedGroup':
      return pickTag(services, node.parent);
    case 'registry':
      return pickTag(services, await pickRepository(services, node));
    default:
      return pickTag(services);
  }
}

export async function tagOrPlatformArg(services: ExplorerServices, arg: unknown): Promise<Tag | Platform | undefined> {
  const node = treeNode(services, arg);
  return node?.kind === 'platform' ? node : tagArg(services, node);
}

export async function repositoryArg(services: ExplorerServices, arg: unknown): Promise<Repository | undefined> {
  const node = treeNode(services, arg);
  if (!node) return pickRepository(services);
  switch (node.kind) {
    case 'repository':
      return node;
    case 'tag':
    case 'untaggedGroup':
      return node.parent;
    case 'platform':
      return node.parent.parent;
    case 'registry':
      return pickRepository(services, node);
    default:
      return pickRepository(services);
  }
}
