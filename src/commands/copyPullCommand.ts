// ECR: Copy Pull Command — `<cli> pull host/repo:tag` for the configured container CLI (a platform row adds
// `--platform os/arch`).
import * as vscode from 'vscode';
import { buildPullCommand } from '../login/cliLogin';
import type { Tag, Platform } from '../model/types';
import { copyGuarded } from './copyText';
import { imageUri, isPlainHttp, shellQuote } from './imageRefs';
import { tagOrPlatformArg } from './nodeArgs';
import type { ExplorerServices } from '../services/services';

export function pullCommandLine(services: ExplorerServices, target: Tag | Platform): string {
  const s = services.settings();
  const cmd = buildPullCommand({
    cli: s.containerCli,
    executable: s.containerCliPath,
    extraArgs: s.containerCliArgs,
    imageRef: imageUri(target.kind === 'platform' ? target.parent : target),
    plainHttp: isPlainHttp(target.kind === 'platform' ? target.parent.parent.parent : target.parent.parent),
    platform: target.kind === 'platform' ? [target.os, target.architecture, target.variant].filter((x) => x).join('/') : undefined,
  });
  return [cmd.command, ...cmd.args].map(shellQuote).join(' ');
}

export function copyPullCommand(services: ExplorerServices, node?: unknown): Promise<string | undefined> {
  return copyGuarded(services, vscode.l10n.t('pull command'), async () => {
    const target = await tagOrPlatformArg(services, node);
    return target ? pullCommandLine(services, target) : undefined;
  });
}
