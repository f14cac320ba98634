/**
 * Registering commands with one error path: a failed command tells the user why, in the coordinator's
 * words — and offers to sign in when the server did not accept the token.
 */
import * as vscode from 'vscode';
import { coordinatorErrorCode, errorMessage } from '../common/coordinator-api.ts';
import { policyNotes, policyText } from '../common/policy-outcome.ts';
import { COMMANDS, type CommandId } from '../common/commands.ts';

export type CommandHandler = (...args: unknown[]) => unknown;

export function registerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, handlers: Partial<Record<CommandId, CommandHandler>>): void {
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          const message = errorMessage(error);
          log.error(`${id} failed: ${message}`);
          if (coordinatorErrorCode(error) === 'UNAUTHENTICATED') {
            void vscode.window.showErrorMessage(`Agent Coordinator: ${message}`, 'Sign In').then((pick) => pick && vscode.commands.executeCommand(COMMANDS.signIn));
          } else {
            void vscode.window.showErrorMessage(`Agent Coordinator: ${message}`);
          }
          return undefined;
        }
      }),
    );
  }
}

/** Tells the user when a policy held a change for approval or let it through with warnings; returns the result. */
export function reportPolicy<T>(result: T): T {
  const notes = policyNotes(result);
  const text = policyText(result);
  if (notes.pending) void vscode.window.showWarningMessage(`Agent Coordinator: ${text}`);
  else if (text) void vscode.window.showInformationMessage(`Agent Coordinator: ${text}`);
  return result;
}
