// ECR: Pull Image — `<cli> pull <ref>` in a terminal (no shell: the image reference is one argv entry). For an
// ECR registry without a valid recorded login, logs in first in the login terminal (which records the login).
import * as vscode from 'vscode';
import { describeError } from '../services/errors';
import { pullCommandFor } from '../login/commandLines';
import { credentialsFor, runLoginInTerminal } from '../login/loginTerminal';
import { imageUri } from '../registry/imageRefs';
import { tagOrPlatformArg } from '../tree/nodeArgs';
import { CliError, MESSAGES } from '../login/cliBase';
import { processCwd, resolveCommand } from '../services/executables';
import type { ExplorerServices } from '../services/services';

export async function pullImage(services: ExplorerServices, node?: unknown): Promise<vscode.Terminal | undefined> {
  const target = await tagOrPlatformArg(services, node);
  if (!target) return undefined;
  const tag = target.kind === 'platform' ? target.parent : target;
  const registry = tag.parent.parent;
  try {
    if (registry.type === 'ecr') {
      const rec = services.logins.get(registry.id);
      if (!rec || rec.expiresAt <= Date.now()) {
        // Log in first, in the login terminal (password to the CLI's stdin only); the login is recorded there.
        const credentials = await credentialsFor(services, registry);
        const outcome = await runLoginInTerminal(services, registry, credentials);
        if (!outcome.ok) {
          // The reason too: the login terminal may never have been shown (Restricted Mode).
          const why = outcome.error ? describeError(outcome.error) : '';
          void services.ui.warn(
            why
              ? vscode.l10n.t('Not pulling {0}: the login to {1} failed: {2}', imageUri(tag), registry.host, why)
              : vscode.l10n.t('Not pulling {0}: the login to {1} did not succeed.', imageUri(tag), registry.host),
            {},
          );
          return undefined;
        }
      }
    }
    const cmd = pullCommandFor(services.settings(), target);
    // The terminal runs the same absolute path a login would (never one planted in the workspace), in the home folder.
    const shellPath = await resolveCommand(cmd.command);
    if (!shellPath) throw new CliError('notFound', MESSAGES.notFound(cmd.command, services.settings().containerCli));
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('Pull {0}', imageUri(tag)),
      shellPath,
      shellArgs: cmd.args,
      cwd: processCwd(),
    });
    terminal.show();
    services.log.info(`Pulling ${imageUri(tag)} with ${shellPath}`);
    return terminal;
  } catch (err) {
    services.log.error(`Pulling ${imageUri(tag)} failed`, err);
    void services.ui.error(vscode.l10n.t('Could not pull {0}: {1}', imageUri(tag), describeError(err)));
    return undefined;
  }
}
