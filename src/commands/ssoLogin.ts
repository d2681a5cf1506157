// ECR: Run AWS SSO Login — `aws sso login --profile X` in a terminal (the AWS CLI opens the browser and caches the
// session); the tree refreshes when the terminal closes. A profile named by the caller (a problem row) is used only
// when it is an SSO profile that exists in the AWS config; `aws` is run by absolute path from the home folder.
import * as vscode from 'vscode';
import { processCwd, resolveCommand } from '../services/executables';
import { pickProfile } from '../services/profilePicks';
import type { ExplorerServices } from '../services/services';

export async function ssoLogin(services: ExplorerServices, profile?: unknown): Promise<void> {
  const sso = (await services.aws().listProfiles()).filter((p) => p.kind === 'sso').map((p) => p.name);
  const name = typeof profile === 'string' && sso.includes(profile) ? profile : await pickProfile(services, (p) => p.kind === 'sso');
  if (!name) return;
  const aws = await resolveCommand('aws');
  if (!aws) {
    void services.ui.error(vscode.l10n.t('The AWS CLI (aws) was not found on PATH. Install it, then run the SSO login again.'));
    return;
  }
  // shellPath + shellArgs: no shell parses the profile name.
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('AWS SSO login ({0})', name),
    shellPath: aws,
    shellArgs: ['sso', 'login', '--profile', name],
    cwd: processCwd(),
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
