// Turns a command's optional node argument into the node it needs, asking with quick picks when the command
// runs from the palette (or from a row one level up).
import type { Node, Platform, Repository, Tag } from '../model/types';
import { pickRepository, pickTag } from './pickNode';
import type { ExplorerServices } from '../services/services';

function isNode(value: unknown): value is Node {
  return !!value && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string';
}

export async function tagArg(services: ExplorerServices, node: unknown): Promise<Tag | undefined> {
  if (!isNode(node)) return pickTag(services);
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

export async function tagOrPlatformArg(services: ExplorerServices, node: unknown): Promise<Tag | Platform | undefined> {
  return isNode(node) && node.kind === 'platform' ? node : tagArg(services, node);
}

export async function repositoryArg(services: ExplorerServices, node: unknown): Promise<Repository | undefined> {
  if (!isNode(node)) return pickRepository(services);
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
