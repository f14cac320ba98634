/**
 * The VS Code side of repository paths: a file URI to the coordinator's repository-relative path and
 * back, taking each workspace folder as a repository root (see common/workspace-paths.ts).
 */
import * as vscode from 'vscode';
import { fromRepoPath, toRepoPath } from '../common/workspace-paths.ts';

const roots = (): string[] => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);

export const workspaceRoots = roots;

/** The repository path of a file URI, or null outside the workspace folders. */
export function repoPathOf(uri: vscode.Uri): string | null {
  if (uri.scheme !== 'file') return null;
  return toRepoPath(uri.fsPath, roots());
}

/** File URIs for a repository path: one per workspace folder (usually one). */
export function urisOf(repoPath: string): vscode.Uri[] {
  return roots().map((root) => vscode.Uri.file(fromRepoPath(repoPath, root)));
}

/** The file URI of a repository path in the first workspace folder that has it (else the first folder). */
export async function uriOf(repoPath: string): Promise<vscode.Uri | undefined> {
  const candidates = urisOf(repoPath);
  for (const uri of candidates) {
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not in this folder
    }
  }
  return candidates[0];
}
