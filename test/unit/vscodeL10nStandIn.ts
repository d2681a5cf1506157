// Lets the renderer tables of src/l10n/ load in plain Node: `require('vscode')` answers with a stand-in whose
// l10n.t looks the English template up in a chosen bundle (like VS Code does for the display language) and
// records which templates were used. Import this before anything that imports src/l10n/.
import Module from 'node:module';

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

export const l10nStandIn = {
  /** The bundle of the display language; undefined = English (the templates themselves). */
  bundle: undefined as Record<string, string> | undefined,
  /** Every template l10n.t was called with. */
  used: new Set<string>(),
};

function t(template: string, ...args: unknown[]): string {
  l10nStandIn.used.add(template);
  const text = l10nStandIn.bundle?.[template] ?? template;
  return text.replace(/\{(\d+)\}/g, (m, n: string) => (Number(n) < args.length ? String(args[Number(n)]) : m));
}

const internals = Module as unknown as ModuleInternals;
if (!internals._cache.vscode) {
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    if (request === 'vscode') return 'vscode';
    return original.call(this, request, parent, isMain, options);
  };
  const fake = new Module('vscode');
  fake.filename = 'vscode';
  fake.loaded = true;
  fake.exports = { l10n: { t } };
  internals._cache.vscode = fake;
}
