/**
 * Language-model tools for Copilot agent mode (names and input schemas from the shared catalogue, see the
 * manifest): they act as this window's Copilot agent, ask for confirmation before changing anything, and
 * fail with messages that tell the model what to do next.
 */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { confirmation, invocationMessage, LM_TOOL_NAMES, runLmTool, toolErrorText, type LmToolName } from '../../common/lm-tools.ts';

type ToolInput = Record<string, unknown>;

/** The agent the tools act as: one per user, kind copilot, next to the human. */
export const copilotAgentName = (userName: string): string => `${userName} (Copilot)`.slice(0, 100);

export function registerLmTools(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): readonly LmToolName[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  for (const name of LM_TOOL_NAMES) {
    const tool: vscode.LanguageModelTool<ToolInput> = {
      prepareInvocation(options) {
        const confirm = confirmation(name, options.input);
        return {
          invocationMessage: invocationMessage(name, options.input),
          ...(confirm ? { confirmationMessages: { title: confirm.title, message: new vscode.MarkdownString(confirm.message) } } : {}),
        };
      },
      async invoke(options) {
        try {
          const agent = await session.ensureAgent(copilotAgentName(session.settings.userName), 'copilot');
          const text = await runLmTool(session.api, agent.agent_id, name, options.input);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
        } catch (error) {
          const text = toolErrorText(error, session.serverUrl);
          log.warn(`tool ${name} failed: ${text}`);
          // Thrown errors reach the model as the tool's result; the text says what to do next.
          throw new Error(text, { cause: error });
        }
      },
    };
    context.subscriptions.push(vscode.lm.registerTool(name, tool));
  }
  return LM_TOOL_NAMES;
}
