// The credential-helper state of this window [vscode]: which registry hosts the Amazon ECR credential helper serves
// for the chosen CLI (read from its config file, re-read when the file changes), and the markers that remember
// what this extension added (globalState: host names and paths only, never credentials).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CliKind } from './cliBase';
import { validMarkers, type CredHelperMarker, type CredHelperMarkers } from './credHelperBase';
import { NO_HELPER_STATE, readHelperState, servedBy, type CredHelperApi, type HelperState } from './credHelperHosts';

const MARKERS_KEY = 'ecrExplorer.credHelperMarkers';

export class CredHelperWatch implements CredHelperApi, vscode.Disposable {
  private current: HelperState = NO_HELPER_STATE;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watcher: vscode.Disposable | undefined;
  private watchedFile = '';
  private reading: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly cli: () => CliKind,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ecrExplorer.containerCli')) void this.refresh();
      }),
      // Another program (or window) may have changed the file while VS Code was in the background.
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused) void this.refresh();
      }),
    );
  }

  get state(): HelperState {
    return this.current;
  }

  servedBy(host: string): 'credHelpers' | 'credsStore' | undefined {
    return servedBy(this.current, host);
  }

  hosts(): ReadonlySet<string> {
    return this.current.hosts;
  }

  /** Reads the config once; concurrent callers share the read. Fires onDidChange when what is served changed. */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const next = await readHelperState(this.cli(), this.env);
    this.watch(next.file);
    const same =
      next.file === this.current.file &&
      next.storeIsEcrLogin === this.current.storeIsEcrLogin &&
      next.hosts.size === this.current.hosts.size &&
      [...next.hosts].every((h) => this.current.hosts.has(h));
    this.current = next;
    if (!same) this.changed.fire();
  }

  private watch(file: string): void {
    if (file === this.watchedFile) return;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.watchedFile = file;
    if (!file) return;
    try {
      const w = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
      );
      const again = (): void => void this.refresh();
      this.watcher = vscode.Disposable.from(w, w.onDidChange(again), w.onDidCreate(again), w.onDidDelete(again));
    } catch {
      // No watcher (e.g. a virtual workspace host): window focus and our own changes still refresh.
    }
  }

  markers(): CredHelperMarkers {
    return validMarkers(this.globalState.get<unknown>(MARKERS_KEY));
  }

  async setMarker(file: string, marker: CredHelperMarker | undefined): Promise<void> {
    const all = this.markers();
    if (marker && marker.entries.length > 0) all[file] = marker;
    else delete all[file];
    await this.globalState.update(MARKERS_KEY, Object.keys(all).length > 0 ? all : undefined);
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
