// The dialogs of Push Image, Build and Push, Add Tag and Move Tag [vscode]: local image pick, tag input checked against ECR's rules and the repository's existing tags, the
// run in the push terminal with reveal-after, and the retag (add or move a tag without pulling).
import * as vscode from 'vscode';
import type { RetagPlan } from '../aws/retag';
import { renderMessage } from '../l10n/messages';
import type { Repository, Tag } from '../model/types';
import { errorWithLog } from '../services/errors';
import type { ExplorerServices } from '../services/services';
import type { PickItem } from '../services/ui';
import { formatSize } from '../tree/format';
import { CliError } from './cliBase';
import { runUserCli } from './userCli';
import { parseLocalImages, type LocalImage } from './localImages';
import { buildImagesCommand } from './pushCommands';
import { planJob, pushErrorText, runPushInTerminal, targetRef, type PushJob } from './pushTerminal';

/** The CLI's local images, named first and dangling last; undefined (after saying why) when there are none. */
export async function pickLocalImage(services: ExplorerServices): Promise<LocalImage | undefined> {
  const s = services.settings();
  let images: LocalImage[];
  try {
    images = await services.ui.withProgress(
      vscode.l10n.t('Listing local images ({0})…', s.containerCli),
      async (signal) => {
        const cmd = buildImagesCommand({ cli: s.containerCli, executable: s.containerCliPath, extraArgs: s.containerCliArgs });
        const r = await runUserCli(cmd, undefined, { cli: s.containerCli, signal, timeoutMs: 60_000 });
        return parseLocalImages(s.containerCli, r.output);
      },
      vscode.ProgressLocation.Window,
    );
  } catch (err) {
    services.log.error(`Listing local images failed: ${pushErrorText(err)}`);
    const choose = vscode.l10n.t('Choose Container CLI');
    const choice = await errorWithLog(services, vscode.l10n.t('Could not list the local images: {0}', pushErrorText(err)), {
      before: err instanceof CliError && err.code === 'notFound' ? [choose] : [],
    });
    if (choice === choose) await vscode.commands.executeCommand('ecrExplorer.chooseContainerCli');
    return undefined;
  }
  if (images.length === 0) {
    const build = vscode.l10n.t('Build and Push…');
    const choice = await services.ui.info(
      vscode.l10n.t('{0} has no local images to push. Build one first, or choose another container CLI.', s.containerCli),
      build,
    );
    if (choice === build) await vscode.commands.executeCommand('ecrExplorer.buildAndPush');
    return undefined;
  }
  const lang = vscode.env.language;
  const items: Array<PickItem<LocalImage>> = images.map((img) => ({
    label: img.dangling ? vscode.l10n.t('<untagged> {0}', img.id.slice(0, 12)) : img.ref,
    description: [img.sizeBytes !== undefined ? formatSize(img.sizeBytes, lang) : undefined, img.createdAt?.toLocaleString(lang)]
      .filter(Boolean)
      .join(' · '),
    detail: img.dangling ? vscode.l10n.t('Dangling image (no name): it is tagged by its id') : undefined,
    value: img,
  }));
  return services.ui.pickOne(items, {
    title: vscode.l10n.t('Push Image (1/3): local image'),
    placeHolder: vscode.l10n.t('Type to filter local images'),
    matchOnDescription: true,
  });
}

/**
 * Asks for the tag (validated with ECR's rules); warns before overwriting an existing tag and refuses early, with
 * the reason, when the repository's tags are immutable.
 */
export async function askTag(services: ExplorerServices, repo: Repository, defaultTag: string, title: string): Promise<string | undefined> {
  const aws = services.aws();
  const invalid = (value: string) => {
    const m = aws.validateImageTag(value.trim());
    return m ? renderMessage(m) : undefined;
  };
  let value = defaultTag;
  for (;;) {
    const entered = await services.ui.input({
      title,
      prompt: vscode.l10n.t('Tag in {0}', repo.uri),
      value,
      validateInput: invalid,
      ignoreFocusOut: true,
    });
    if (entered === undefined) return undefined;
    const tag = entered.trim();
    if (invalid(tag)) return undefined;
    if (repo.parent.type !== 'ecr') return tag;
    const existing = await services.ui
      .withProgress(
        vscode.l10n.t('Checking {0}…', `${repo.uri}:${tag}`),
        (signal) => aws.describeTag(services.ecr(), repo, tag, { signal }),
        vscode.ProgressLocation.Window,
      )
      .catch((err: unknown) => {
        services.log.warn(`Could not check whether ${repo.uri}:${tag} exists: ${pushErrorText(err)}`);
        return undefined;
      });
    if (!existing) return tag;
    if (aws.isImmutable(repo)) {
      await services.ui.error(
        vscode.l10n.t(
          '{0}:{1} already exists and the tags of {0} are immutable: a push cannot overwrite it. Choose another tag.',
          repo.uri,
          tag,
        ),
      );
      value = tag;
      continue;
    }
    const overwrite = vscode.l10n.t('Overwrite');
    const choice = await services.ui.warn(
      vscode.l10n.t('{0}:{1} already exists. Push anyway and move the tag to the new image?', repo.uri, tag),
      { modal: true, detail: vscode.l10n.t('It points at {0} now.', existing.digest) },
      overwrite,
    );
    if (choice === overwrite) return tag;
    value = tag;
  }
}

/**
 * Runs the job in the push terminal; on success refreshes the repository and reveals and selects the new tag; on
 * failure offers Retry (and Show Log). Returns true when the image was pushed.
 */
export async function pushAndReveal(services: ExplorerServices, job: PushJob): Promise<boolean> {
  let plan;
  try {
    plan = planJob(services, job);
  } catch (err) {
    await errorWithLog(services, vscode.l10n.t('Cannot push {0}: {1}', targetRef(job.repo, job.tag), pushErrorText(err)));
    return false;
  }
  for (;;) {
    const outcome = await runPushInTerminal(services, job, plan);
    if (outcome.ok) {
      // revealTag re-lists the repository (and its registry's listing when a new repository was created).
      const shown = await services.tree.revealTag(job.repo, job.tag).catch(() => false);
      services.ui.flash(vscode.l10n.t('Pushed {0}', outcome.ref), undefined, 'check');
      if (!shown) services.log.info(`Pushed ${outcome.ref}; its row is not listed yet`);
      return true;
    }
    if (outcome.exitCode === 130) return false;
    const retry = vscode.l10n.t('Retry');
    const choice = await errorWithLog(services, outcome.summary, { before: [retry] });
    if (choice !== retry) return false;
  }
}

// ---- retag ----------------------------------------------------------------------------------------------------

/**
 * Puts `newTag` on the image of `row` without pulling (BatchGetImage + PutImage). A tag on another image is moved
 * only after the user agrees (unless `confirmedMove`); an immutable repository's taken tag is refused with the
 * reason and nothing else is offered.
 */
export async function retag(
  services: ExplorerServices,
  row: Tag,
  newTag: string,
  opts: { confirmedMove?: boolean } = {},
): Promise<boolean> {
  const repo = row.parent;
  const aws = services.aws();
  const ecr = services.ecr();
  const where = `${repo.uri}:${newTag}`;
  try {
    const plan: RetagPlan = await services.ui.withProgress(vscode.l10n.t('Reading {0}…', row.image.digest), (signal) =>
      aws.prepareRetag(ecr, repo, row.image.digest, newTag, { signal }),
    );
    if (plan.blocked) {
      await services.ui.error(renderMessage(plan.blocked));
      return false;
    }
    if (plan.alreadyTagged) {
      services.ui.flash(vscode.l10n.t('{0} already names this image', where));
      return true;
    }
    if (plan.movesFrom && !opts.confirmedMove) {
      const move = vscode.l10n.t('Move Tag');
      const choice = await services.ui.warn(
        vscode.l10n.t('{0} is on another image. Move it to this image?', where),
        { modal: true, detail: vscode.l10n.t('It points at {0} now; after the move it points at {1}.', plan.movesFrom, plan.digest) },
        move,
      );
      if (choice !== move) return false;
    }
    const result = await services.ui.withProgress(vscode.l10n.t('Tagging {0}…', where), (signal) => aws.applyRetag(ecr, plan, { signal }));
    services.log.info(`Tagged ${repo.uri}@${result.digest} as ${newTag} (${result.outcome}, ${result.mediaType ?? 'unknown media type'})`);
    services.tree.refresh(repo);
    await services.tree.revealTag(repo, newTag).catch(() => false);
    services.ui.flash(
      result.outcome === 'moved' ? vscode.l10n.t('Moved {0}', where) : vscode.l10n.t('Tagged {0}', where),
      undefined,
      'check',
    );
    return true;
  } catch (err) {
    services.log.error(`Tagging ${where} failed: ${pushErrorText(err)}`);
    await errorWithLog(services, vscode.l10n.t('Could not tag {0}: {1}', where, pushErrorText(err)));
    services.tree.refresh(repo);
    return false;
  }
}
