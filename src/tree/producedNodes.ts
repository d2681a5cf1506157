// The nodes the tree handed out [pure], by id: the only ones command handlers accept (a hand-built object with a
// node's shape is refused), and the instances of registry and repository rows that onDidChangeTreeData and reveal
// must name (VS Code matches rows by object).
import type { Node } from '../model/types';
import { nodeId } from './nodeIds';

export class ProducedNodes {
  /** Registry and repository rows shown, by id: change events and reveals use these same instances. */
  private readonly instances = new Map<string, Node>();
  /** Every node handed out, by id. */
  private readonly produced = new Map<string, Node>();

  /** Rows returned to VS Code by getChildren. */
  shown<T extends Node>(children: T[]): T[] {
    for (const child of children) {
      const id = nodeId(child);
      if (child.kind === 'registry' || child.kind === 'repository') this.instances.set(id, child);
      this.produced.set(id, child);
    }
    return children;
  }

  /** Nodes of the tree's own listings (rows, or quick-pick items made from them): accepted as command arguments. */
  remember<T extends Node>(nodes: T[]): T[] {
    for (const n of nodes) this.produced.set(nodeId(n), n);
    return nodes;
  }

  /** The node the tree produced with the id of `arg`, or undefined for anything else. */
  lookup(arg: unknown): Node | undefined {
    if (!arg || typeof arg !== 'object' || typeof (arg as { kind?: unknown }).kind !== 'string') return undefined;
    let id: string;
    try {
      id = nodeId(arg as Node);
    } catch {
      return undefined; // not a node's shape (or a cyclic object)
    }
    return this.produced.get(id);
  }

  /** The instance shown for a registry or repository row (the node itself for other kinds or when not shown). */
  canonical(node: Node): Node | undefined {
    return node.kind === 'registry' || node.kind === 'repository' ? this.instances.get(nodeId(node)) : node;
  }

  /** The registry or repository row shown with this id. */
  instance(id: string): Node | undefined {
    return this.instances.get(id);
  }

  /**
   * Forgets the instances shown (everything is listed again). The produced nodes stay: a row shown before a refresh
   * is still one the tree produced (ids are stable, so the map is bounded by the distinct rows ever shown, and a
   * re-listing replaces the entry).
   */
  clearShown(): void {
    this.instances.clear();
  }
}
