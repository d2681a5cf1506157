// ECR: Copy Pull Command — `<cli> pull host/repo:tag` for the configured container CLI (a platform row adds
// `--platform os/arch`).
import * as vscode from 'vscode';
import { pullCommandFor, shellQuote } from '../login/commandLines';
import { copyGuarded } from '../services/copyText';
import type { ExplorerServices } from '../services/services';
import { tagOrPlatformArg } from '../tree/nodeArgs';

export function copyPullCommand(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('pull command'), async () => {
    const target = await tagOrPlatformArg(services, node);
    if (!target) return undefined;
    const cmd = pullCommandFor(services.settings(), target);
    return [cmd.command, ...cmd.args].map(shellQuote).join(' ');
  });
}
