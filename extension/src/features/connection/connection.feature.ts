/**
 * Connection: reads the settings and the token (secret storage, never settings), starts the session
 * after activation without blocking it, follows setting changes, and — when nothing answers at a loopback
 * URL — offers (or, with autoStartLocalServer, does) start a local coordinator shared by every window.
 */
import * as vscode from 'vscode';
import { normalizeServerUrl, probeHealth } from '../../common/coordinator-api.ts';
import type { CoordinatorSession, SessionSettings } from '../../common/coordinator-session.ts';
import { COMMANDS, CONFIG_SECTION, TOKEN_SECRET_KEY } from '../../common/commands.ts';
import { resolveUserName } from '../../common/identity.ts';
import { ensureLocalServer, isLoopbackUrl, LocalServerError, planLocalServerCommand, portOf, type LocalStartOutcome } from '../../common/local-server.ts';
import { registerCommands } from '../../platform/commands.ts';
import { workspaceRoots } from '../../platform/workspace.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:7421';
/** After a drop, offer a local server only once reconnecting has failed this often (≈ 15 s with the default backoff). */
const OFFER_AFTER_DROP_ATTEMPTS = 6;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function configuredServerUrl(): string {
  return normalizeServerUrl(config().get<string>('serverUrl') || DEFAULT_SERVER_URL);
}

async function readSettings(context: vscode.ExtensionContext): Promise<SessionSettings> {
  const token = (await context.secrets.get(TOKEN_SECRET_KEY)) || undefined;
  const userName = await resolveUserName(config().get<string>('userName') ?? '', workspaceRoots()[0]);
  return { endpoint: { url: configuredServerUrl(), token }, userName };
}

export interface ConnectionFeature {
  /** What the last local-server start did (for the status menu and the tests). */
  lastLocalStart(): LocalStartOutcome | null;
}

export function registerConnection(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): ConnectionFeature {
  let offered = false;
  let lastLocalStart: LocalStartOutcome | null = null;
  let starting: Promise<void> | null = null;

  const apply = async (): Promise<void> => {
    const settings = await readSettings(context);
    session.configure(settings);
    log.info(`server ${settings.endpoint.url} as "${settings.userName}"${settings.endpoint.token ? ' with a token' : ''}`);
  };

  // Connecting happens after activation returns: the window never waits for the network.
  void apply().then(
    () => session.start(),
    (error: unknown) => log.error(`reading settings failed: ${String(error)}`),
  );

  const startLocal = (interactive: boolean): Promise<void> => {
    starting ??= (async () => {
      const url = session.serverUrl;
      if (!isLoopbackUrl(url)) {
        if (interactive) void vscode.window.showWarningMessage(`Agent Coordinator: ${url} is not a loopback address; start that server yourself.`);
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Agent Coordinator: starting a local server runs a command; trust this workspace first.');
        return;
      }
      const port = portOf(url);
      const command = planLocalServerCommand(config().get<string>('localServerCommand') ?? '', workspaceRoots(), port);
      if (!command) {
        const pick = await vscode.window.showWarningMessage(
          'Agent Coordinator: no command to start a local coordinator. Install the agent-coordinator CLI, or set agentCoordinator.localServerCommand (for example "npx --yes @agent-coordinator/server serve").',
          'Open Setting',
        );
        if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.localServerCommand`);
        return;
      }
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Agent Coordinator: starting a local server on port ${port}` },
        () => ensureLocalServer(port, command, { probe: () => probeHealth(url), log: (line) => log.info(line) }),
      );
      lastLocalStart = outcome;
      log.info(`local server: ${outcome.kind}`);
      session.connection.reconnect();
    })()
      .catch((error: unknown) => {
        const message = error instanceof LocalServerError ? error.message : String(error);
        log.error(message);
        void vscode.window.showErrorMessage(`Agent Coordinator: ${message}`, 'Show Log').then((pick) => pick && log.show());
      })
      .finally(() => {
        starting = null;
      });
    return starting;
  };

  /** Servers this window has reached: when one drops, it is probably restarting — give it time before offering a new one. */
  const reached = new Set<string>();
  context.subscriptions.push(
    session.connection.onDidChangeStatus((status) => {
      if (status.kind === 'connected') {
        offered = false;
        reached.add(session.serverUrl);
        return;
      }
      if ((status.kind !== 'reconnecting' && status.kind !== 'offline') || offered || starting) return;
      const url = session.serverUrl;
      if (!isLoopbackUrl(url)) return;
      if (reached.has(url) && status.attempt < OFFER_AFTER_DROP_ATTEMPTS) return;
      offered = true;
      void probeHealth(url).then(async (health) => {
        if (health !== 'unreachable') return;
        if (config().get<boolean>('autoStartLocalServer')) {
          await startLocal(false);
          return;
        }
        const pick = await vscode.window.showInformationMessage(
          `Agent Coordinator: nothing answers at ${url}. Start a local coordinator (shared by all VS Code windows)?`,
          'Start Local Server',
          'Always',
          'Settings',
        );
        if (pick === 'Always') await config().update('autoStartLocalServer', true, vscode.ConfigurationTarget.Global);
        if (pick === 'Start Local Server' || pick === 'Always') await startLocal(true);
        if (pick === 'Settings') await vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION);
      });
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIG_SECTION}.serverUrl`) || event.affectsConfiguration(`${CONFIG_SECTION}.userName`)) void apply();
    }),
    context.secrets.onDidChange((event) => {
      if (event.key === TOKEN_SECRET_KEY) void apply();
    }),
  );

  registerCommands(context, log, {
    [COMMANDS.reconnect]: () => session.connection.reconnect(),
    [COMMANDS.refresh]: () => session.connection.reload(),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.startLocalServer]: () => startLocal(true),
    [COMMANDS.setToken]: async () => {
      const token = await vscode.window.showInputBox({
        title: 'Agent Coordinator: server token',
        prompt: `Token for ${session.serverUrl} (kept in VS Code's secret storage)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (token === undefined) return;
      if (token.trim() === '') await context.secrets.delete(TOKEN_SECRET_KEY);
      else await context.secrets.store(TOKEN_SECRET_KEY, token.trim());
    },
    [COMMANDS.clearToken]: async () => {
      await context.secrets.delete(TOKEN_SECRET_KEY);
      void vscode.window.showInformationMessage('Agent Coordinator: token removed.');
    },
    [COMMANDS.showMenu]: async () => {
      const status = session.connection.status;
      type Item = vscode.QuickPickItem & { readonly run?: () => unknown };
      const items: Item[] = [
        { label: `$(server) ${session.serverUrl}`, description: status.kind, detail: session.me ? `you are "${session.me.name}"` : 'not registered yet' },
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(refresh) Reconnect', run: () => session.connection.reconnect() },
        { label: '$(play) Start Local Server', run: () => startLocal(true) },
        { label: '$(add) Create Task', run: () => vscode.commands.executeCommand(COMMANDS.createTask) },
        { label: '$(plug) Connect Claude Code', run: () => vscode.commands.executeCommand(COMMANDS.connectClaudeCode) },
        { label: '$(key) Set Server Token', run: () => vscode.commands.executeCommand(COMMANDS.setToken) },
        { label: '$(output) Show Log', run: () => log.show() },
        { label: '$(gear) Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION) },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: 'Agent Coordinator' });
      await pick?.run?.();
    },
  });
  return { lastLocalStart: () => lastLocalStart };
}
