// The hover of an image reference as Markdown [pure]: what ECR says about the image, in the display language
// (messages rendered by the caller), with links to the extension's own commands only. Every piece of text that comes
// from the file or the server is sanitised and Markdown-escaped; the vscode side wraps the result in an untrusted
// MarkdownString that enables exactly the commands listed in `commands`.
import { message, type Message } from '../model/message';
import { sanitizeText } from '../model/sanitize';
import { countRows, worstSeverity } from '../model/severity';
import { formatDateTime, formatSize, isMultiArch, relativeTime } from '../tree/format';
import { referenceCommandArgs } from './commandArgs';
import type { ImageReference } from './imageReference';
import { shortDigestOf } from './referenceProblems';
import type { ImageInfo, ReferenceResolution } from './batches';

/** Command ids the hover may link to; a missing id means the link is not offered. */
export interface HoverCommands {
  readonly reveal?: string;
  readonly copyPinned?: string;
  readonly showFindings?: string;
  readonly chooseProfiles?: string;
}

export interface HoverInput {
  readonly ref: ImageReference;
  /** undefined: not looked up (yet), e.g. the lookup is still running or failed to start. */
  readonly resolution: ReferenceResolution | undefined;
  readonly now: number;
  readonly lang?: string;
  readonly render: (m: Message) => string;
  readonly commands: HoverCommands;
}

export interface HoverContent {
  readonly markdown: string;
  /** The command ids the Markdown links to (for `isTrusted: { enabledCommands }`). */
  readonly commands: readonly string[];
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&$:@]/g;

/** Untrusted text as inert Markdown: sanitised (no control or bidi characters), every Markdown character escaped. */
export function escapeMarkdown(text: string, maxLength = 200): string {
  return sanitizeText(text, maxLength).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A `command:` link; arguments are JSON, URI-encoded (VS Code parses them as JSON, never as code). */
function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${escapeMarkdown(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

function when(date: Date, now: number, lang: string | undefined): string {
  return `${relativeTime(date, now, lang)} (${formatDateTime(date, lang)})`;
}

function scanText(image: ImageInfo, input: HoverInput): string {
  const scan = image.scan;
  const t = input.render;
  if (!scan) return t(message('references.hover.notScanned'));
  // Worst first, as the tree's tooltip and the report list them (not in the server's key order).
  const counts = countRows(scan.counts)
    .map(([sev, n]) => `${sev} ${n}`)
    .join(' · ');
  const status = scan.status && scan.status !== 'COMPLETE' && scan.status !== 'ACTIVE' ? ` (${escapeMarkdown(scan.status)})` : '';
  const at = image.scannedAt ? ` — ${t(message('references.hover.scannedAt', when(image.scannedAt, input.now, input.lang)))}` : '';
  return `${counts || t(message('references.hover.noFindings'))}${status}${at}`;
}

function hasFindings(image: ImageInfo): boolean {
  return worstSeverity(image.scan?.counts) !== undefined;
}

export function hoverContent(input: HoverInput): HoverContent {
  const { ref, resolution, render: t } = input;
  const lines: string[] = [];
  const commands = new Set<string>();
  const row = (label: Message, value: string): void => {
    lines.push(`**${escapeMarkdown(t(label))}** ${value}`);
  };
  // The reference is read from the file and matched the image grammar (no backticks), so a code span is safe.
  lines.push(`**${escapeMarkdown(t(message('references.hover.title')))}** \`${ref.uri}\``);
  if (ref.ecr.kind === 'public') {
    lines.push(escapeMarkdown(t(message('references.hover.public'))));
    return { markdown: lines.join('  \n'), commands: [] };
  }
  const args = referenceCommandArgs(ref);
  if (!resolution) {
    lines.push(escapeMarkdown(t(message('references.hover.notLookedUp'))));
  } else if (resolution.state === 'unavailable') {
    lines.push(escapeMarkdown(t(message('references.hover.unavailable', ref.ecr.registryId, ref.ecr.region))));
    lines.push(escapeMarkdown(t(resolution.problem.message), 300));
    if (input.commands.chooseProfiles) {
      commands.add(input.commands.chooseProfiles);
      lines.push(commandLink(t(message('references.hover.chooseProfiles')), input.commands.chooseProfiles, []));
    }
  } else if (resolution.state === 'repositoryMissing') {
    lines.push(escapeMarkdown(t(message('references.repositoryNotFound', ref.repository, ref.ecr.registryId))));
  } else {
    const image = resolution.digestImage ?? resolution.tagImage;
    if (resolution.tagMissing && ref.tag !== undefined)
      lines.push(escapeMarkdown(t(message('references.tagNotFound', ref.tag, ref.repository))));
    if (resolution.digestMissing && ref.digest !== undefined) {
      lines.push(escapeMarkdown(t(message('references.digestNotFound', shortDigestOf(ref.digest), ref.repository))));
    }
    if (image) {
      row(message('references.hover.digest'), escapeMarkdown(shortDigestOf(image.digest)));
      if (ref.tag !== undefined && ref.digest !== undefined && resolution.tagImage) {
        lines.push(
          escapeMarkdown(
            t(
              resolution.digestMismatch
                ? message('references.hover.tagMoved', ref.tag, shortDigestOf(resolution.tagImage.digest))
                : message('references.hover.tagMatches', ref.tag),
            ),
          ),
        );
      }
      if (image.pushedAt) row(message('references.hover.pushed'), escapeMarkdown(when(image.pushedAt, input.now, input.lang)));
      if (image.sizeBytes !== undefined) row(message('references.hover.size'), escapeMarkdown(formatSize(image.sizeBytes, input.lang)));
      row(
        message('references.hover.platforms'),
        escapeMarkdown(t(message(isMultiArch(image) ? 'references.hover.multiArch' : 'references.hover.singlePlatform'))),
      );
      row(message('references.hover.scan'), scanText(image, input));
      const others = image.tags.filter((tag) => tag !== ref.tag).slice(0, 10);
      if (others.length) row(message('references.hover.otherTags'), others.map((o) => escapeMarkdown(o, 128)).join(', '));
    }
    if (resolution.newestTag && resolution.newestTag.tag !== ref.tag) {
      const pushed = resolution.newestTag.image.pushedAt;
      const suffix = pushed ? ` (${escapeMarkdown(relativeTime(pushed, input.now, input.lang))})` : '';
      row(message('references.hover.newestTag'), `${escapeMarkdown(resolution.newestTag.tag, 128)}${suffix}`);
    }
    if (resolution.newerInLine) row(message('references.hover.newerInLine'), escapeMarkdown(resolution.newerInLine.tag, 128));
    if (resolution.partial) lines.push(escapeMarkdown(t(message('references.hover.partial'))));
    const links: string[] = [];
    if (args && input.commands.reveal) {
      commands.add(input.commands.reveal);
      links.push(commandLink(t(message('references.hover.reveal')), input.commands.reveal, [args]));
    }
    const pinDigest = resolution.tagImage?.digest ?? resolution.digestImage?.digest;
    if (pinDigest && input.commands.copyPinned) {
      commands.add(input.commands.copyPinned);
      links.push(commandLink(t(message('references.hover.copyPinned')), input.commands.copyPinned, [referenceCommandArgs(ref, pinDigest)]));
    }
    if (image && hasFindings(image) && input.commands.showFindings && args) {
      // The report of the image shown (the pinned digest's when there is one); the tag is named only when it points there.
      const { tag, ...rest } = args;
      const sameImage = tag !== undefined && resolution.tagImage?.digest === image.digest;
      commands.add(input.commands.showFindings);
      links.push(
        commandLink(t(message('references.hover.showFindings')), input.commands.showFindings, [
          { ...rest, ...(sameImage ? { tag } : {}), digest: image.digest },
        ]),
      );
    }
    if (links.length) lines.push(links.join(' · '));
  }
  return { markdown: lines.join('  \n'), commands: [...commands] };
}
