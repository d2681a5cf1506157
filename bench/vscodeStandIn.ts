// A minimal stand-in for the `vscode` module, just enough for activate() in plain Node (the activation bench).
// Settings answer with the defaults contributed in package.json, like a fresh VS Code profile. Anything activate()
// touches that is not here is recorded in `gaps` (and answered with a no-op), so the bench can say so.
import * as fs from 'node:fs';
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

export interface StandIn {
  /** The object `require('vscode')` returns. */
  module: Record<string, unknown>;
  /** A fresh ExtensionContext for activate(). */
  context: Record<string, unknown> & { subscriptions: Array<{ dispose(): unknown }> };
  /** Members that were used but are not implemented here. */
  gaps: Set<string>;
}

class Disposable {
  private fn: (() => unknown) | undefined;
  constructor(fn: () => unknown) {
    this.fn = fn;
  }
  static from(...items: Array<{ dispose(): unknown } | undefined>): Disposable {
    return new Disposable(() => {
      for (const d of items) d?.dispose();
    });
  }
  dispose(): void {
    const fn = this.fn;
    this.fn = undefined;
    fn?.();
  }
}

class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendText(t: string): this {
    this.value += t.replace(/[\\`*_{}[\]()#+\-.!]/g, '\\$&');
    return this;
  }
  appendMarkdown(t: string): this {
    this.value += t;
    return this;
  }
  appendCodeblock(code: string, lang = ''): this {
    this.value += `\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class TreeItem {
  constructor(
    public label: unknown,
    public collapsibleState = 0,
  ) {}
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
    readonly authority = '',
  ) {}
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), u.pathname, u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''), u.host);
  }
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

class Memento {
  private readonly data = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.data.has(key) ? (this.data.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    return Promise.resolve();
  }
  setKeysForSync(): void {
    // not synced
  }
}

function format(message: string, args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

/** Defaults of `contributes.configuration` from package.json, by full key. */
function configurationDefaults(root: string): Map<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes?: {
      configuration?:
        { properties?: Record<string, { default?: unknown }> } | Array<{ properties?: Record<string, { default?: unknown }> }>;
    };
  };
  const blocks = pkg.contributes?.configuration;
  const list = Array.isArray(blocks) ? blocks : blocks ? [blocks] : [];
  const out = new Map<string, unknown>();
  for (const b of list) for (const [k, v] of Object.entries(b.properties ?? {})) out.set(k, v.default);
  return out;
}

/** Wraps a namespace so unknown members are recorded and answered with a no-op that returns a Disposable. */
function watched<T extends object>(name: string, target: T, gaps: Set<string>): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver) as unknown;
      // Probed by module interop and promise checks, not real API use.
      if (prop === 'then' || prop === '__esModule' || prop === 'default' || prop === 'toJSON') return undefined;
      gaps.add(`${name}.${prop}`);
      return () => new Disposable(() => undefined);
    },
  });
}

export function createStandIn(root: string): StandIn {
  const gaps = new Set<string>();
  const defaults = configurationDefaults(root);
  const event = <T>(): ((l: Listener<T>) => Disposable) => new EventEmitter<T>().event;
  const commands = new Map<string, (...args: unknown[]) => unknown>();

  const getConfiguration = (section?: string) => {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const v = defaults.get(full(key)) as T | undefined;
        return v === undefined ? fallback : v;
      },
      has: (key: string) => defaults.has(full(key)),
      inspect<T>(key: string) {
        return { key: full(key), defaultValue: defaults.get(full(key)) as T | undefined };
      },
      update: () => Promise.resolve(),
    };
  };

  const outputChannel = (name: string) => {
    const lines: string[] = [];
    const log =
      (level: string) =>
      (message: string, ...args: unknown[]) => {
        lines.push(`[${level}] ${message}${args.length ? ' ' + args.map(String).join(' ') : ''}`);
      };
    return {
      name,
      logLevel: 2,
      onDidChangeLogLevel: event<number>(),
      append: (v: string) => lines.push(v),
      appendLine: (v: string) => lines.push(v),
      replace: () => undefined,
      clear: () => (lines.length = 0),
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
      trace: log('trace'),
      debug: log('debug'),
      info: log('info'),
      warn: log('warning'),
      error: (e: unknown, ...args: unknown[]) => log('error')(String(e), ...args),
    };
  };

  const window = {
    state: { focused: true, active: true },
    createOutputChannel: outputChannel,
    createStatusBarItem: (id?: string, alignment = 1, priority?: number) => ({
      id,
      alignment,
      priority,
      name: undefined as string | undefined,
      text: '',
      tooltip: undefined as unknown,
      color: undefined as unknown,
      backgroundColor: undefined as unknown,
      command: undefined as unknown,
      accessibilityInformation: undefined as unknown,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    }),
    createTreeView: (_id: string, _opts: unknown) => ({
      visible: true,
      selection: [] as unknown[],
      message: undefined as string | undefined,
      title: undefined as string | undefined,
      description: undefined as string | undefined,
      badge: undefined as unknown,
      onDidExpandElement: event(),
      onDidCollapseElement: event(),
      onDidChangeSelection: event(),
      onDidChangeVisibility: event(),
      onDidChangeCheckboxState: event(),
      reveal: () => Promise.resolve(),
      dispose: () => undefined,
    }),
    registerTreeDataProvider: () => new Disposable(() => undefined),
    onDidChangeWindowState: event<{ focused: boolean }>(),
    onDidCloseTerminal: event(),
    onDidOpenTerminal: event(),
    onDidChangeActiveTextEditor: event(),
    showInformationMessage: () => Promise.resolve(undefined),
    showWarningMessage: () => Promise.resolve(undefined),
    showErrorMessage: () => Promise.resolve(undefined),
    showQuickPick: () => Promise.resolve(undefined),
    showInputBox: () => Promise.resolve(undefined),
    setStatusBarMessage: () => new Disposable(() => undefined),
    withProgress: <R>(_o: unknown, task: (p: unknown, token: unknown) => Promise<R>) =>
      task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: event() }),
  };

  const module: Record<string, unknown> = {
    version: '1.90.0',
    Disposable,
    EventEmitter,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    TreeItem,
    Uri,
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    UIKind: { Desktop: 1, Web: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    // Values the feature providers read when they register (code action kinds, severities, file types).
    CodeActionKind: { QuickFix: { value: 'quickfix' }, Empty: { value: '' } },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    FileChangeType: { Changed: 1, Created: 2, Deleted: 3 },
    window: watched('window', window, gaps),
    // Namespaces the features register providers with at activation (hover, problems, code actions, links).
    languages: watched('languages', {}, gaps),
    workspace: watched(
      'workspace',
      {
        isTrusted: true,
        workspaceFolders: undefined,
        textDocuments: [],
        getConfiguration,
        onDidChangeConfiguration: event(),
        onDidGrantWorkspaceTrust: event(),
      },
      gaps,
    ),
    commands: watched(
      'commands',
      {
        registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
          commands.set(id, fn);
          return new Disposable(() => commands.delete(id));
        },
        executeCommand: (id: string, ...args: unknown[]) => Promise.resolve(commands.get(id)?.(...args)),
      },
      gaps,
    ),
    l10n: watched(
      'l10n',
      {
        t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]) =>
          typeof message === 'string'
            ? format(
                message,
                args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])
                  ? Object.values(args[0])
                  : args,
              )
            : format(message.message, message.args ?? []),
        bundle: undefined,
        uri: undefined,
      },
      gaps,
    ),
    env: watched(
      'env',
      {
        language: 'en',
        appName: 'Visual Studio Code',
        appHost: 'desktop',
        uiKind: 1,
        remoteName: undefined,
        machineId: 'bench',
        sessionId: 'bench',
        clipboard: { readText: () => Promise.resolve(''), writeText: () => Promise.resolve() },
        openExternal: () => Promise.resolve(true),
      },
      gaps,
    ),
  };

  const secrets = new Map<string, string>();
  const extensionUri = Uri.file(root);
  const context = {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    globalState: new Memento(),
    workspaceState: new Memento(),
    secrets: {
      get: (k: string) => Promise.resolve(secrets.get(k)),
      store: (k: string, v: string) => Promise.resolve(void secrets.set(k, v)),
      delete: (k: string) => Promise.resolve(void secrets.delete(k)),
      onDidChange: event(),
    },
    extensionUri,
    extensionPath: root,
    // ExtensionMode.Test: activate() returns its timings (ExtensionApi) in test mode only, as in the integration tier.
    extensionMode: 3,
    globalStorageUri: Uri.joinPath(extensionUri, '.bench-storage'),
    logUri: Uri.joinPath(extensionUri, '.bench-log'),
    asAbsolutePath: (p: string) => path.join(root, p),
  };
  return { module: watched('vscode', module, gaps), context: watched('context', context, gaps), gaps };
}
