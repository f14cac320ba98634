/** The plain description of a tree row that the view providers turn into `vscode.TreeItem`s. */

export interface NodeIcon {
  /** A codicon id such as `flame` or `person`. */
  readonly id: string;
  /** A theme colour id such as `charts.red`. */
  readonly color?: string;
}

/** What activating (clicking) the row does. */
export type NodeAction = { readonly kind: 'openFile'; readonly path: string } | { readonly kind: 'openTask'; readonly taskId: string };

/** Ids the row's context-menu commands act on. */
export interface NodeRef {
  readonly taskId?: string;
  readonly lockId?: string;
  readonly agentId?: string;
  readonly path?: string;
  readonly missionId?: string;
  readonly sprintId?: string;
  readonly objectiveId?: string;
  readonly keyResultId?: string;
  readonly requirementId?: string;
  readonly approvalId?: string;
  readonly runId?: string;
}

export interface ViewNode {
  /** Stable across rebuilds, so VS Code keeps expansion and selection. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: NodeIcon;
  /** Space-separated flags matched by `viewItem =~ /\bflag\b/` in the manifest's menus. */
  readonly contextValue?: string;
  readonly children?: readonly ViewNode[];
  /** For rows with children: expanded at first. */
  readonly expanded?: boolean;
  readonly action?: NodeAction;
  readonly ref?: NodeRef;
}

/** Every node of a forest, depth first (tests and look-ups by id). */
export function* walk(nodes: readonly ViewNode[]): Generator<ViewNode> {
  for (const node of nodes) {
    yield node;
    if (node.children) yield* walk(node.children);
  }
}

export const isViewNode = (value: unknown): value is ViewNode => typeof value === 'object' && value !== null && 'id' in value && 'label' in value;

/** The ids a command's first argument names: a tree row's ref (commands invoked from a row get the row). */
export const refOf = (arg: unknown): NodeRef | undefined => (isViewNode(arg) ? arg.ref : undefined);
