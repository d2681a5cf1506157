// Login records (never secrets) in globalState under one key, shared by every window of the profile. Not synced
// with Settings Sync (no setKeysForSync): a login is machine-specific, it lives in this machine's CLI config.
import * as vscode from 'vscode';
import type { LoginRecord } from '../model/types';
import { parseLoginRecords, toLoginRecord } from './loginRecords';

/** Login records (no secrets) in globalState; the status bar and the tree read them. */
export interface LoginStoreApi {
  all(): LoginRecord[];
  get(key: string): LoginRecord | undefined;
  record(rec: LoginRecord): Promise<void>;
  remove(key: string): Promise<void>;
  /** Re-read globalState (another window may have written it). */
  reload(): void;
  readonly onDidChange: vscode.Event<void>;
}

export const LOGIN_STATE_KEY = 'ecrExplorer.logins';

export class LoginStore implements LoginStoreApi, vscode.Disposable {
  private records: LoginRecord[] = [];
  private snapshot = '[]';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange: vscode.Event<void> = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.read();
  }

  all(): LoginRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  get(key: string): LoginRecord | undefined {
    const found = this.records.find((r) => r.key === key);
    return found ? { ...found } : undefined;
  }

  async record(rec: LoginRecord): Promise<void> {
    const clean = toLoginRecord(rec);
    if (!clean) {
      throw new Error(`Invalid login record for ${String((rec as Partial<LoginRecord>).host)}`);
    }
    // Start from what is stored now, so a login recorded by another window is not overwritten.
    this.read();
    await this.write([...this.records.filter((r) => r.key !== clean.key), clean]);
  }

  async remove(key: string): Promise<void> {
    const changedElsewhere = this.read();
    if (this.records.some((r) => r.key === key)) {
      await this.write(this.records.filter((r) => r.key !== key));
    } else if (changedElsewhere) {
      this.changed.fire();
    }
  }

  reload(): void {
    if (this.read()) {
      this.changed.fire();
    }
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Re-reads globalState; true when the records differ from what this window had. */
  private read(): boolean {
    const records = parseLoginRecords(this.state.get<unknown>(LOGIN_STATE_KEY));
    const snapshot = JSON.stringify(records);
    if (snapshot === this.snapshot) {
      return false;
    }
    this.records = records;
    this.snapshot = snapshot;
    return true;
  }

  private async write(records: LoginRecord[]): Promise<void> {
    await this.state.update(LOGIN_STATE_KEY, records);
    this.read();
    this.changed.fire();
  }
}
