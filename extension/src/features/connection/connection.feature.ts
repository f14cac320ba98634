/**
 * Connection: reads the settings, the project and the token (secret storage, one entry per server URL,
 * never settings), starts the session after activation without blocking it, follows setting changes,
 * signs in and out, offers to sign in when the server refuses the token, and — when nothing answers at
 * a loopback URL — offers (or, with autoStartLocalServer, does) start a local coordinator shared by every
 * window: by default the server bundled in the .vsix, run by VS Code's own executable (local-server.ts).
 * Keeps the context keys the offline views' welcome buttons depend on (connection-actions.ts).
 */
import * as vscode from 'vscode';
import { createApi, normalizeServerUrl, probeHealth } from '../../common/coordinator-api.ts';
import type { CoordinatorSession, SessionSettings } from '../../common/coordinator-session.ts';
import { COMMANDS, CONFIG_SECTION, TOKEN_SECRET_KEY } from '../../common/commands.ts';
import { isTokenSecretKey, signIn, signOut, signOutMessage, tokenSecretKey } from '../../common/sign-in.ts';
import { resolveUserName } from '../../common/identity.ts';
import { connectionActions, connectionContextKeys, validateServerUrl, type ConnectionAction } from '../../common/connection-actions.ts';
import {
  ensureLocalServer,
  isLoopbackUrl,
  LocalServerError,
  noCommandReason,
  planLocalServerCommand,
  portOf,
  type BundledServer,
  type LocalStartOutcome,
} from '../../common/local-server.ts';
import { registerCommands } from '../../platform/commands.ts';
import { workspaceRoots } from '../../platform/workspace.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:7421';
/** The account name last signed in with, offered next time (never the password). */
const LAST_ACCOUNT_KEY = 'agentCoordinator.lastAccount';
/** After a drop, offer a local server only once reconnecting has failed this often (≈ 15 s with the default backoff). */
const OFFER_AFTER_DROP_ATTEMPTS = 6;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function configuredServerUrl(): string {
  return normalizeServerUrl(config().get<string>('serverUrl') || DEFAULT_SERVER_URL);
}

export function configuredProject(): string | undefined {
  return config().get<string>('project')?.trim() || undefined;
}

/** The token for `url`; a token kept by an older version (one entry for every server) moves to this server's entry. */
async function readToken(context: vscode.ExtensionContext, url: string): Promise<string | undefined> {
  const token = await context.secrets.get(tokenSecretKey(url));
  if (token) return token;
  const legacy = await context.secrets.get(TOKEN_SECRET_KEY);
  if (!legacy) return undefined;
  await context.secrets.store(tokenSecretKey(url), legacy);
  await context.secrets.delete(TOKEN_SECRET_KEY);
  return legacy;
}

async function readSettings(context: vscode.ExtensionContext): Promise<SessionSettings> {
  const url = configuredServerUrl();
  const token = await readToken(context, url);
  const userName = await resolveUserName(config().get<string>('userName') ?? '', workspaceRoots()[0]);
  return { endpoint: { url, token, project: configuredProject() }, userName };
}

/** Where to save the project: this workspace when one is open, else the user's settings. */
const projectTarget = (): vscode.ConfigurationTarget =>
  vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;

/** The server bundle the .vsix carries (scripts/build.ts copies it), run by this extension host's executable. */
function bundledServer(context: vscode.ExtensionContext): BundledServer {
  return { entry: vscode.Uri.joinPath(context.extensionUri, 'dist', 'server', 'agent-coordinator.js').fsPath, runtime: process.execPath, nodeVersion: process.versions.node };
}

const ACTION_LABELS: Readonly<Record<ConnectionAction, string>> = {
  reconnect: '$(refresh) Reconnect',
  startLocalServer: '$(play) Start Local Server',
  setServerUrl: '$(server) Set Server URL…',
  signIn: '$(account) Sign In',
  signOut: '$(sign-out) Sign Out',
  setToken: '$(key) Set Server Token',
  createTask: '$(add) Create Task',
  connectClaudeCode: '$(plug) Connect Claude Code',
  showLog: '$(output) Show Log',
  settings: '$(gear) Settings',
};

const ACTION_COMMANDS: Readonly<Record<ConnectionAction, string>> = {
  reconnect: COMMANDS.reconnect,
  startLocalServer: COMMANDS.startLocalServer,
  setServerUrl: COMMANDS.setServerUrl,
  signIn: COMMANDS.signIn,
  signOut: COMMANDS.signOut,
  setToken: COMMANDS.setToken,
  createTask: COMMANDS.createTask,
  connectClaudeCode: COMMANDS.connectClaudeCode,
  showLog: COMMANDS.showLog,
  settings: 'workbench.action.openSettings',
};

export interface ConnectionFeature {
  /** What the last local-server start did (for the status menu and the tests). */
  lastLocalStart(): LocalStartOutcome | null;
}

export function registerConnection(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): ConnectionFeature {
  let offered = false;
  let lastLocalStart: LocalStartOutcome | null = null;
  let starting: Promise<void> | null = null;

  /** Context keys for the views' `when` clauses; set again whenever something they depend on changes. */
  const updateContext = (): void => {
    const keys = connectionContextKeys({ status: session.connection.status, serverUrl: session.serverUrl, hasToken: Boolean(session.settings.endpoint.token), starting: starting !== null });
    for (const [key, value] of Object.entries(keys)) void vscode.commands.executeCommand('setContext', key, value);
  };
  updateContext();

  const apply = async (): Promise<void> => {
    const settings = await readSettings(context);
    session.configure(settings);
    const project = settings.endpoint.project ? ` in project ${settings.endpoint.project}` : '';
    log.info(`server ${settings.endpoint.url} as "${settings.userName}"${settings.endpoint.token ? ' with a token' : ''}${project}`);
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
      const bundled = bundledServer(context);
      const command = planLocalServerCommand({ setting: config().get<string>('localServerCommand') ?? '', roots: workspaceRoots(), port, bundled });
      if (!command) {
        const pick = await vscode.window.showWarningMessage(`Agent Coordinator: cannot start a local coordinator — ${noCommandReason(bundled)}.`, 'Open Setting');
        if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.localServerCommand`);
        return;
      }
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Agent Coordinator: starting a local server on port ${port}` },
        () => ensureLocalServer(port, command, { probe: () => probeHealth(url), log: (line) => log.info(line) }),
      );
      lastLocalStart = outcome;
      log.info(`local server: ${outcome.kind}`);
      if (outcome.kind === 'started' && command.kind === 'exec') {
        // The data folder is the server's per-user default: say where, once, so it can be backed up or removed.
        const where = `Agent Coordinator: started a local coordinator at ${url}, shared by all VS Code windows on this machine; its data lives in ${command.dataDir}.`;
        log.info(`${where} Server log: ${outcome.logFile}`);
        void vscode.window.showInformationMessage(where, 'Show Log').then((pick) => pick && log.show());
      }
      session.connection.reconnect();
    })()
      .catch((error: unknown) => {
        const message = error instanceof LocalServerError ? error.message : String(error);
        log.error(message);
        void vscode.window.showErrorMessage(`Agent Coordinator: ${message}`, 'Show Log').then((pick) => pick && log.show());
      })
      .finally(() => {
        starting = null;
        updateContext();
      });
    updateContext();
    return starting;
  };

  /** Servers this window has reached: when one drops, it is probably restarting — give it time before offering a new one. */
  const reached = new Set<string>();
  /** The refusal already shown, so each is told once (until the connection comes up or the settings change). */
  let toldRefusal: string | null = null;
  const tellRefusal = async (code: 'UNAUTHENTICATED' | 'FORBIDDEN', error: string): Promise<void> => {
    if (toldRefusal === code) return;
    toldRefusal = code;
    const actions = code === 'UNAUTHENTICATED' ? ['Sign In', 'Set Server Token'] : ['Set Project', 'Sign In'];
    const pick = await vscode.window.showWarningMessage(`Agent Coordinator: ${error}`, ...actions);
    if (pick === 'Sign In') await vscode.commands.executeCommand(COMMANDS.signIn);
    if (pick === 'Set Server Token') await vscode.commands.executeCommand(COMMANDS.setToken);
    if (pick === 'Set Project') await vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.project`);
  };
  context.subscriptions.push(
    session.onDidChangeSettings(() => {
      toldRefusal = null;
      updateContext();
    }),
    session.connection.onDidChangeStatus(updateContext),
    session.connection.onDidChangeStatus((status) => {
      if (status.kind === 'refused') {
        void tellRefusal(status.code, status.error);
        return;
      }
      if (status.kind === 'connected') {
        offered = false;
        toldRefusal = null;
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
      if (['serverUrl', 'userName', 'project'].some((key) => event.affectsConfiguration(`${CONFIG_SECTION}.${key}`))) void apply();
    }),
    context.secrets.onDidChange((event) => {
      if (isTokenSecretKey(event.key)) void apply();
    }),
  );

  registerCommands(context, log, {
    [COMMANDS.reconnect]: () => session.connection.reconnect(),
    [COMMANDS.refresh]: () => session.connection.reload(),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.startLocalServer]: () => startLocal(true),
    [COMMANDS.setServerUrl]: async () => {
      const value = await vscode.window.showInputBox({
        title: 'Agent Coordinator: server URL',
        prompt: 'The coordinator to connect to (http:// or https://). A loopback URL with nothing behind it can start a local coordinator.',
        value: session.serverUrl,
        ignoreFocusOut: true,
        validateInput: validateServerUrl,
      });
      if (value === undefined) return;
      const url = normalizeServerUrl(value);
      // Written where the URL in force comes from: the workspace's setting when it has one, else the user's.
      const target = config().inspect<string>('serverUrl')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config().update('serverUrl', url, target);
      offered = false;
      await apply();
      session.connection.reconnect();
    },
    [COMMANDS.setToken]: async () => {
      const url = session.serverUrl;
      const token = await vscode.window.showInputBox({
        title: 'Agent Coordinator: server token',
        prompt: `Token for ${url} (kept in VS Code's secret storage for this server only)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (token === undefined) return;
      if (token.trim() === '') await context.secrets.delete(tokenSecretKey(url));
      else await context.secrets.store(tokenSecretKey(url), token.trim());
    },
    [COMMANDS.clearToken]: async () => {
      await context.secrets.delete(tokenSecretKey(session.serverUrl));
      void vscode.window.showInformationMessage(`Agent Coordinator: the token for ${session.serverUrl} is removed.`);
    },
    [COMMANDS.signIn]: async () => {
      const url = session.serverUrl;
      const name = await vscode.window.showInputBox({
        title: `Agent Coordinator: sign in to ${url}`,
        prompt: 'Account name',
        value: context.globalState.get<string>(LAST_ACCOUNT_KEY) ?? '',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'the account name' : undefined),
      });
      if (name === undefined) return;
      const password = await vscode.window.showInputBox({ title: `Agent Coordinator: sign in to ${url}`, prompt: `Password of ${name.trim()}`, password: true, ignoreFocusOut: true });
      if (password === undefined || password === '') return;
      // A client without the old token: logging in needs none, and a stale one must not be sent.
      const api = createApi({ url });
      const signedIn = await signIn((input) => api.login.mutate(input), url, configuredProject(), name, password);
      await context.globalState.update(LAST_ACCOUNT_KEY, name.trim());
      await context.secrets.store(tokenSecretKey(url), signedIn.token);
      log.info(`Sign In: ${signedIn.message}`);
      if (signedIn.chooseProject === null) {
        void vscode.window.showInformationMessage(`Agent Coordinator: ${signedIn.message}.`);
        return;
      }
      const project = await vscode.window.showQuickPick([...signedIn.chooseProject], { title: `Agent Coordinator: ${signedIn.message}`, placeHolder: 'Project for this workspace' });
      if (project) await config().update('project', project, projectTarget());
    },
    [COMMANDS.signOut]: async () => {
      const url = session.serverUrl;
      const token = await context.secrets.get(tokenSecretKey(url));
      if (!token) {
        void vscode.window.showInformationMessage(`Agent Coordinator: not signed in to ${url}.`);
        return;
      }
      const api = createApi({ url, token });
      const outcome = await signOut(() => api.logout.mutate());
      await context.secrets.delete(tokenSecretKey(url));
      const message = signOutMessage(outcome, url);
      log.info(`Sign Out: ${message}`);
      if (outcome.kind === 'not-told') void vscode.window.showWarningMessage(`Agent Coordinator: ${message}`);
      else void vscode.window.showInformationMessage(`Agent Coordinator: ${message}.`);
    },
    [COMMANDS.showMenu]: async () => {
      const status = session.connection.status;
      type Item = vscode.QuickPickItem & { readonly run?: () => unknown };
      const items: Item[] = [
        {
          label: `$(server) ${session.serverUrl}`,
          description: `${status.kind}${session.settings.endpoint.project ? ` · project ${session.settings.endpoint.project}` : ''}`,
          detail: status.kind === 'refused' ? status.error : session.me ? `you are "${session.me.name}"` : 'not registered yet',
        },
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        ...connectionActions({ status, serverUrl: session.serverUrl, hasToken: Boolean(session.settings.endpoint.token), starting: starting !== null }).map(
          (action): Item => ({
            label: ACTION_LABELS[action],
            run: () => (action === 'settings' ? vscode.commands.executeCommand(ACTION_COMMANDS[action], CONFIG_SECTION) : vscode.commands.executeCommand(ACTION_COMMANDS[action])),
          }),
        ),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: 'Agent Coordinator' });
      await pick?.run?.();
    },
  });
  return { lastLocalStart: () => lastLocalStart };
}
