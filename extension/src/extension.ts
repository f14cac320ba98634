/**
 * VS Code extension entry point. A placeholder until the extension issue: the real activation composes
 * the features (tasks tree, lock decorations, agent registration, LM tools, status bar).
 * Typed structurally so this package does not depend on `vscode` yet.
 */

/** The part of `vscode.ExtensionContext` the placeholder needs. */
export interface ExtensionContextLike {
  readonly subscriptions: { dispose(): unknown }[];
}

export function activate(_context: ExtensionContextLike): void {}

export function deactivate(): void {}
