/**
 * Just enough of the `vscode` module to run the extension's `activate` under plain Node, recording what
 * it registers (commands, views, tools, providers). Loaded in place of `vscode` by vscode-hook.ts.
 */
type Listener = (...args: unknown[]) => unknown;

export const recorded = {
  commands: new Set<string>(),
  views: [] as string[],
  tools: [] as string[],
  mcpProviders: [] as string[],
  decorationProviders: 0,
  codeLensProviders: 0,
  contentProviders: [] as string[],
  config: new Map<string, unknown>(),
};

const disposable = { dispose: (): void => undefined };
const noEvent = (): typeof disposable => disposable;

export class Disposable {
  readonly #fn: (() => void) | undefined;
  constructor(fn?: () => void) {
    this.#fn = fn;
  }
  dispose(): void {
    this.#fn?.();
  }
}

export class EventEmitter<T> {
  readonly #listeners = new Set<(e: T) => void>();
  readonly event = (listener: (e: T) => void): Disposable => {
    this.#listeners.add(listener);
    return new Disposable(() => this.#listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of this.#listeners) l(e);
  }
  dispose(): void {
    this.#listeners.clear();
  }
}

export class Uri {
  readonly scheme: string;
  readonly path: string;
  readonly query: string;
  private constructor(scheme: string, path: string, query = '') {
    this.scheme = scheme;
    this.path = path;
    this.query = query;
  }
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.replace(':', ''), url.pathname, url.search.slice(1));
  }
  static from(c: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class ThemeColor {
  readonly id: string;
  constructor(id: string) {
    this.id = id;
  }
}
export class ThemeIcon {
  readonly id: string;
  constructor(id: string) {
    this.id = id;
  }
}
export class TreeItem {
  readonly label: string;
  constructor(label: string) {
    this.label = label;
  }
}
export class FileDecoration {
  readonly badge: string | undefined;
  constructor(badge?: string) {
    this.badge = badge;
  }
}
export class MarkdownString {
  readonly value: string;
  constructor(value = '') {
    this.value = value;
  }
}
export class Range {
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = { line: startLine, character: startCharacter };
    this.end = { line: endLine, character: endCharacter };
  }
}
export class CodeLens {
  readonly range: Range;
  readonly command: unknown;
  constructor(range: Range, command?: unknown) {
    this.range = range;
    this.command = command;
  }
}
export class McpHttpServerDefinition {
  readonly label: string;
  readonly uri: Uri;
  constructor(label: string, uri: Uri) {
    this.label = label;
    this.uri = uri;
  }
}
export class LanguageModelTextPart {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}
export class LanguageModelToolResult {
  readonly content: unknown[];
  constructor(content: unknown[]) {
    this.content = content;
  }
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
export const ViewColumn = { Active: -1, Beside: -2, One: 1 } as const;
export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 } as const;
export const QuickPickItemKind = { Separator: -1, Default: 0 } as const;
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 } as const;

const log = { info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined, show: (): void => undefined, dispose: (): void => undefined };

export const window = {
  createOutputChannel: () => log,
  createTreeView: (id: string) => {
    recorded.views.push(id);
    return { message: undefined as string | undefined, badge: undefined as unknown, visible: false, onDidChangeVisibility: noEvent, dispose: (): void => undefined };
  },
  createStatusBarItem: () => ({ text: '', show: (): void => undefined, hide: (): void => undefined, dispose: (): void => undefined }),
  onDidChangeActiveTextEditor: noEvent,
  registerFileDecorationProvider: () => {
    recorded.decorationProviders++;
    return disposable;
  },
  showInformationMessage: async () => undefined,
  showWarningMessage: async () => undefined,
  showErrorMessage: async () => undefined,
  withProgress: async (_o: unknown, task: () => Promise<unknown>) => task(),
  activeTextEditor: undefined,
  visibleTextEditors: [],
};

export const workspace = {
  getConfiguration: () => ({
    get: (key: string, fallback?: unknown) => (recorded.config.has(key) ? recorded.config.get(key) : fallback),
    update: async () => undefined,
  }),
  workspaceFolders: undefined,
  isTrusted: true,
  textDocuments: [],
  onDidChangeConfiguration: noEvent,
  onDidChangeTextDocument: noEvent,
  onDidChangeWorkspaceFolders: noEvent,
  createFileSystemWatcher: () => ({ onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose: (): void => undefined }),
  fs: { readFile: async () => Promise.reject(new Error('no file system in the stub')) },
  registerTextDocumentContentProvider: (scheme: string) => {
    recorded.contentProviders.push(scheme);
    return disposable;
  },
};

export const commands = {
  registerCommand: (id: string, _handler: Listener) => {
    if (recorded.commands.has(id)) throw new Error(`command ${id} registered twice`);
    recorded.commands.add(id);
    return new Disposable(() => recorded.commands.delete(id));
  },
  executeCommand: async () => undefined,
};

export const lm = {
  registerTool: (name: string) => {
    recorded.tools.push(name);
    return disposable;
  },
  registerMcpServerDefinitionProvider: (id: string) => {
    recorded.mcpProviders.push(id);
    return disposable;
  },
};

export const languages = {
  setTextDocumentLanguage: async () => undefined,
  registerCodeLensProvider: () => {
    recorded.codeLensProviders++;
    return disposable;
  },
};
