/**
 * A tree view over the planning side of the session (missions, coverage, approvals): rebuilt when the
 * parts it shows change, kept current only while visible (PlanSync reloads what visible views want), and
 * a message above it while it cannot show the live data.
 */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../common/coordinator-session.ts';
import type { PlanPart } from '../common/plan-state.ts';
import type { ViewNode } from '../common/view-node.ts';
import { connectionMessage } from '../common/view-message.ts';
import { NodeTreeProvider } from './node-tree.ts';

export interface PlanViewOptions {
  readonly id: string;
  /** The parts the view shows: wanted while it is visible, and rebuilt when they change. */
  readonly parts: readonly PlanPart[];
  /** Also rebuilt when these change, without wanting them (names looked up, for example). */
  readonly alsoOn?: readonly PlanPart[];
  /** Rebuilt on task changes too. */
  readonly tasks?: boolean;
  readonly build: () => readonly ViewNode[];
}

export interface PlanView {
  readonly provider: NodeTreeProvider;
  readonly view: vscode.TreeView<ViewNode>;
}

export function registerPlanView(context: vscode.ExtensionContext, session: CoordinatorSession, options: PlanViewOptions): PlanView {
  const provider = new NodeTreeProvider(options.build);
  const view = vscode.window.createTreeView(options.id, { treeDataProvider: provider, showCollapseAll: true });
  const watched = new Set<PlanPart>([...options.parts, ...(options.alsoOn ?? [])]);
  const updateMessage = (): void => {
    const connection = connectionMessage(session.connection.status, session.state.loaded, session.serverUrl);
    const failed = options.parts.map((p) => session.plan.error(p)).find((e) => e !== null);
    const loading = provider.roots.length === 0 && !options.parts.every((p) => session.plan.state.loaded(p));
    view.message = connection ?? (failed ? `Could not load: ${failed}` : loading ? 'Loading…' : undefined);
  };
  let interest: vscode.Disposable | null = null;
  const follow = (visible: boolean): void => {
    if (visible && !interest) interest = session.plan.want(options.parts);
    if (!visible && interest) {
      interest.dispose();
      interest = null;
    }
    if (visible) updateMessage();
  };
  follow(view.visible);
  updateMessage();
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((e) => follow(e.visible)),
    { dispose: () => interest?.dispose() },
    session.plan.onDidChange((parts) => {
      if ([...parts].some((p) => watched.has(p))) provider.refresh();
    }),
    provider.onDidChangeTreeData(updateMessage),
    session.connection.onDidChangeState((change) => {
      if (options.tasks && change.tasks) provider.refresh();
    }),
    session.connection.onDidChangeStatus(updateMessage),
    session.onDidChangeIdentity(() => provider.refresh()),
  );
  return { provider, view };
}
