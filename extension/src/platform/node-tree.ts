/**
 * A TreeDataProvider over plain ViewNodes built by common code: one rebuild per change (coalesced within a
 * frame), rows keep their ids so VS Code keeps expansion and selection, and clicks open files or tasks.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../common/commands.ts';
import type { ViewNode } from '../common/view-node.ts';
import { urisOf } from './workspace.ts';

export class NodeTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  readonly #build: () => readonly ViewNode[];
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #parents = new Map<string, ViewNode>();
  #roots: readonly ViewNode[] = [];
  #scheduled: ReturnType<typeof setTimeout> | null = null;

  readonly onDidChangeTreeData = this.#emitter.event;

  constructor(build: () => readonly ViewNode[]) {
    this.#build = build;
    this.#rebuild();
  }

  get roots(): readonly ViewNode[] {
    return this.#roots;
  }

  /** Rebuilds soon (several changes in one burst cost one rebuild). */
  refresh(): void {
    if (this.#scheduled) return;
    this.#scheduled = setTimeout(() => {
      this.#scheduled = null;
      this.#rebuild();
      this.#emitter.fire();
    }, 16);
  }

  /** Rebuilds at once (before revealing a row that was just added). */
  refreshNow(): void {
    if (this.#scheduled) clearTimeout(this.#scheduled);
    this.#scheduled = null;
    this.#rebuild();
    this.#emitter.fire();
  }

  find(predicate: (node: ViewNode) => boolean): ViewNode | undefined {
    const stack = [...this.#roots];
    while (stack.length > 0) {
      const node = stack.shift();
      if (!node) break;
      if (predicate(node)) return node;
      stack.push(...(node.children ?? []));
    }
    return undefined;
  }

  #rebuild(): void {
    this.#roots = this.#build();
    this.#parents.clear();
    const index = (nodes: readonly ViewNode[], parent: ViewNode | undefined): void => {
      for (const node of nodes) {
        if (parent) this.#parents.set(node.id, parent);
        if (node.children) index(node.children, node);
      }
    };
    index(this.#roots, undefined);
  }

  getChildren(element?: ViewNode): ViewNode[] {
    return [...(element ? (element.children ?? []) : this.#roots)];
  }

  getParent(element: ViewNode): ViewNode | undefined {
    return this.#parents.get(element.id);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const collapsible =
      node.children && node.children.length > 0
        ? node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.contextValue !== undefined) item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.action?.kind === 'openFile') {
      const uri = urisOf(node.action.path)[0];
      if (uri) {
        item.resourceUri = uri;
        item.command = { command: 'vscode.open', title: 'Open File', arguments: [uri] };
      }
    } else if (node.action?.kind === 'openTask') {
      item.command = { command: COMMANDS.openTask, title: 'Open Task', arguments: [node.action.taskId] };
    }
    return item;
  }

  dispose(): void {
    if (this.#scheduled) clearTimeout(this.#scheduled);
    this.#emitter.dispose();
  }
}
