// ECR: Run AWS SSO Login — `aws sso login --profile X` in a terminal (the AWS CLI opens the browser and caches the
// session); the tree refreshes when the terminal closes.
import * as vscode from 'vscode';
import { pickProfile } from '../services/profilePicks';
import type { ExplorerServices } from '../services/services';

export async function ssoLogin(services: ExplorerServices, profile?: unknown): Promise<void> {
  const name = typeof profile === 'string' && profile !== '' ? profile : await pickProfile(services, (p) => p.kind === 'sso');
  if (!name) return;
  // shellPath + shellArgs: no shell parses the profile name.
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('AWS SSO login ({0})', name),
    shellPath: 'aws',
    shellArgs: ['sso', 'login', '--profile', name],
    isTransient: true,
  });
  terminal.show();
  const sub = vscode.window.onDidCloseTerminal((closed) => {
    if (closed !== terminal) return;
    sub.dispose();
    if (closed.exitStatus?.code === 0) services.tree.refresh();
  });
  services.context.subscriptions.push(sub);
}
