// The one place where model nodes become TreeItems (labels, descriptions, icons, contextValues, commands) and
// where rich tooltips are written. Untrusted text (names, tags, messages from servers) is sanitised and escaped.
import * as vscode from 'vscode';
import { IMAGE_MARK_SCHEME, imageMarkPathOf } from '../policies/policyUri';
import { renderMessage } from '../l10n/render';
import { severityWord } from '../l10n/severityWords';
import type { Image, Node, Platform, Problem, ProblemInfo, Registry, Repository, Severity, Tag } from '../model/types';
import { platformName } from '../registry/imageRefs';
import { clean } from '../model/sanitize';
import { countRows, SEVERITY_CODICON, worstSeverity } from '../model/severity';
import { formatDateTime, formatSize, isMultiArch, relativeTime, shortDigest } from './format';
import { contextValue, nodeId } from './nodeIds';
import type { ImagesStatus } from './repositoryImages';

export interface RowContext {
  lang: string;
  now: number;
  loggedIn(registry: Registry): boolean;
  /** The credential helper serves the registry (no login, no expiry). */
  credHelper?(registry: Registry): boolean;
  /** How far a repository's image listing is (undefined when it was never expanded). */
  imagesStatus?(repo: Repository): (ImagesStatus & { reloading: boolean }) | undefined;
  /** The newest image of a repository among those listed so far (undefined until its images are listed). */
  newestImage?(repo: Repository): Image | undefined;
}

/** A repository row's description: loading progress, the cap, or the counts once known; immutable tags. */
export function repositoryDescription(repo: Repository, status: ImagesStatus | undefined, lang: string): string | undefined {
  const parts: string[] = [];
  const n = (x: number): string => x.toLocaleString(lang);
  if (status?.loading) {
    parts.push(vscode.l10n.t('loading {0} images…', n(status.loaded)));
  } else if (status?.capped) {
    parts.push(vscode.l10n.t('newest of the first {0} images', n(status.loaded)));
  } else if (status?.complete && status.tags !== undefined) {
    parts.push(vscode.l10n.t('{0} images', n(status.loaded)), vscode.l10n.t('{0} tags', n(status.tags)));
    if (status.untagged) parts.push(vscode.l10n.t('{0} untagged', n(status.untagged)));
  }
  if (repo.tagMutability === 'IMMUTABLE') parts.push(vscode.l10n.t('immutable tags'));
  return parts.length ? parts.join(' · ') : undefined;
}

export function registryLabel(registry: Registry): string {
  if (registry.type === 'generic') return clean(registry.host);
  return registry.alias ? `${registry.registryId} (${clean(registry.alias, 64)})` : registry.registryId;
}

export function registryDescription(registry: Registry): string {
  if (registry.type === 'generic') return registry.username ? clean(registry.username, 64) : vscode.l10n.t('anonymous');
  return `${registry.source.region} · ${registry.source.profile ? clean(registry.source.profile, 64) : vscode.l10n.t('default')}`;
}

export function tagLabel(tag: Tag): string {
  return tag.tag !== undefined ? clean(tag.tag, 128) : shortDigest(tag.image.digest);
}

export function imageDescription(image: Image, ctx: RowContext): string {
  const parts: string[] = [];
  if (image.pushedAt) parts.push(relativeTime(image.pushedAt, ctx.now, ctx.lang));
  if (image.sizeBytes !== undefined) parts.push(formatSize(image.sizeBytes, ctx.lang));
  return parts.join(' · ');
}

export function platformLabel(p: Platform): string {
  return clean(platformName(p), 64);
}

/** The theme colour of each severity codicon (model/severity.ts): the Problems panel's. */
const CODICON_COLOR = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
  question: 'problemsInfoIcon.foreground',
} as const;

function severityIcon(severity: Severity): vscode.ThemeIcon {
  const icon = SEVERITY_CODICON[severity];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(CODICON_COLOR[icon]));
}

export function tagIcon(tag: Tag): vscode.ThemeIcon {
  const worst = worstSeverity(tag.image.scan?.counts);
  if (worst) return severityIcon(worst);
  if (tag.image.scan?.status === 'COMPLETE') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  if (isMultiArch(tag.image)) return new vscode.ThemeIcon('layers');
  return new vscode.ThemeIcon(tag.tag === undefined ? 'circle-outline' : 'tag');
}

/** The command that fixes a problem, when there is one. */
export function problemCommand(problem: Problem): vscode.Command | undefined {
  const info = problem.problem;
  const parent = problem.parent;
  switch (info.actionId) {
    case 'login': {
      const registry = parent?.kind === 'registry' ? parent : parent?.kind === 'repository' ? parent.parent : parent?.parent.parent;
      return { command: 'ecrExplorer.login', title: vscode.l10n.t('Log In'), arguments: registry ? [registry] : [] };
    }
    case 'chooseProfile':
      return { command: 'ecrExplorer.chooseProfiles', title: vscode.l10n.t('Choose AWS Profiles') };
    case 'ssoLogin':
      return { command: 'ecrExplorer.ssoLogin', title: vscode.l10n.t('Run AWS SSO Login'), arguments: [info.profile] };
    case 'openSettings':
      return { command: 'workbench.action.openSettings', title: vscode.l10n.t('Open Settings'), arguments: ['ecrExplorer'] };
    case 'showLog':
      return { command: 'ecrExplorer.showLog', title: vscode.l10n.t('Show Log') };
    case 'retry':
      return { command: 'ecrExplorer.refresh', title: vscode.l10n.t('Retry'), arguments: parent ? [parent] : [] };
    default:
      return undefined;
  }
}

export function toTreeItem(node: Node, ctx: RowContext): vscode.TreeItem {
  const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  switch (node.kind) {
    case 'registry': {
      const helper = node.type === 'ecr' && (ctx.credHelper?.(node) ?? false);
      item.label = registryLabel(node);
      item.description = helper ? `${registryDescription(node)} · ${vscode.l10n.t('credential helper')}` : registryDescription(node);
      item.iconPath = new vscode.ThemeIcon(node.type === 'ecr' ? 'database' : 'server');
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
      item.contextValue = contextValue(node, { loggedIn: ctx.loggedIn(node), credHelper: helper });
      item.tooltip =
        node.type === 'ecr'
          ? helper
            ? `${node.uri}\n${vscode.l10n.t('Uses the Amazon ECR credential helper: the container CLI gets tokens itself, no login needed.')}`
            : node.uri
          : node.url;
      break;
    }
    case 'repository': {
      item.label = clean(node.name, 256);
      {
        const status = ctx.imagesStatus?.(node);
        // The worst severity of the newest image's scan, once the images are listed: icon and words (not colour alone).
        const worst = worstSeverity(ctx.newestImage?.(node)?.scan?.counts);
        item.description =
          [repositoryDescription(node, status, ctx.lang), worst ? severityWord(worst) : undefined].filter((x) => x).join(' · ') ||
          undefined;
        item.iconPath =
          status?.loading || status?.reloading
            ? new vscode.ThemeIcon('loading~spin')
            : worst
              ? severityIcon(worst)
              : new vscode.ThemeIcon('repo');
      }
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
      item.contextValue = contextValue(node);
      break;
    }
    case 'tag':
      item.label = tagLabel(node);
      item.description = node.provisional
        ? vscode.l10n.t('{0} · order provisional (still loading)', imageDescription(node.image, ctx))
        : imageDescription(node.image, ctx);
      item.iconPath = tagIcon(node);
      item.collapsibleState = isMultiArch(node.image) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
      item.contextValue = contextValue(node);
      {
        // Lifecycle previews mark image rows through a FileDecorationProvider on this URI (src/policies).
        const markPath = node.image.digest ? imageMarkPathOf(node.parent, node.image.digest) : undefined;
        if (markPath) item.resourceUri = vscode.Uri.from({ scheme: IMAGE_MARK_SCHEME, path: markPath });
      }
      break;
    case 'platform':
      item.label = platformLabel(node);
      // The image's size when known; the manifest document's few hundred bytes would read as the image's.
      item.description = [shortDigest(node.digest), node.sizeBytes !== undefined ? formatSize(node.sizeBytes, ctx.lang) : undefined]
        .filter((x) => x)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon('vm');
      item.contextValue = contextValue(node);
      break;
    case 'untaggedGroup':
      item.label = vscode.l10n.t('Untagged ({0})', node.count.toLocaleString(ctx.lang));
      item.iconPath = new vscode.ThemeIcon('circle-outline');
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
      item.contextValue = contextValue(node);
      item.tooltip = untaggedGroupTooltip();
      break;
    case 'loadMore':
      item.label = node.all ? vscode.l10n.t('Load All') : vscode.l10n.t('Load more…');
      item.description = node.all
        ? vscode.l10n.t('newest of the first {0} images shown', node.shown.toLocaleString(ctx.lang))
        : vscode.l10n.t('{0} shown', node.shown.toLocaleString(ctx.lang));
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = contextValue(node);
      item.command = { command: 'ecrExplorer.loadMore', title: vscode.l10n.t('Load more…'), arguments: [node] };
      break;
    case 'problem':
      item.label = clean(renderMessage(node.problem.message), 300);
      // A registry-level problem (no parent row) names its region, like the registry rows beside it.
      item.description =
        [
          node.parent === undefined && node.problem.region ? clean(node.problem.region, 32) : undefined,
          node.problem.action ? clean(renderMessage(node.problem.action), 200) : undefined,
        ]
          .filter((x) => x)
          .join(' · ') || undefined;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = contextValue(node);
      item.command = problemCommand(node);
      item.tooltip = problemTooltip(node.problem);
      break;
    case 'placeholder':
      item.label = node.message;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = contextValue(node);
      break;
  }
  return item;
}

// ---- tooltips (resolveTreeItem) ----

function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** A `**label:** value` line; the label is ours, the value is untrusted and escaped. */
function field(md: vscode.MarkdownString, label: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  md.appendMarkdown(`**${escapeMarkdown(label)}:** `);
  md.appendText(clean(value, 1000));
  md.appendMarkdown('  \n');
}

/** Escapes Markdown punctuation in our own (translated) labels. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function when(date: Date | undefined, ctx: RowContext): string | undefined {
  return date ? `${formatDateTime(date, ctx.lang)} (${relativeTime(date, ctx.now, ctx.lang)})` : undefined;
}

export function problemTooltip(problem: ProblemInfo): vscode.MarkdownString {
  const md = markdown();
  md.appendText(clean(renderMessage(problem.message), 1000));
  md.appendMarkdown('\n\n');
  if (problem.action) {
    md.appendText(clean(renderMessage(problem.action), 500));
    md.appendMarkdown('\n\n');
  }
  field(md, vscode.l10n.t('IAM action'), problem.iamAction);
  field(md, vscode.l10n.t('Profile'), problem.profile);
  field(md, vscode.l10n.t('Region'), problem.region);
  return md;
}

export function registryTooltip(registry: Registry): vscode.MarkdownString {
  const md = markdown();
  if (registry.type === 'ecr') {
    field(md, vscode.l10n.t('Registry'), registry.uri);
    field(md, vscode.l10n.t('Account'), registry.registryId);
    field(md, vscode.l10n.t('Alias'), registry.alias);
    field(md, vscode.l10n.t('Region'), registry.source.region);
    field(md, vscode.l10n.t('Profile'), registry.source.profile ?? vscode.l10n.t('default credential chain'));
    field(md, vscode.l10n.t('Endpoint'), registry.source.endpoint);
    if (!registry.own) field(md, vscode.l10n.t('Access'), vscode.l10n.t('cross-account (ecrExplorer.registryIds)'));
  } else {
    field(md, vscode.l10n.t('Registry'), registry.url);
    field(md, vscode.l10n.t('User'), registry.username ?? vscode.l10n.t('anonymous'));
  }
  return md;
}

export function repositoryTooltip(repo: Repository, ctx: RowContext): vscode.MarkdownString {
  const md = markdown();
  field(md, vscode.l10n.t('Repository'), repo.uri);
  field(md, vscode.l10n.t('ARN'), repo.arn);
  field(md, vscode.l10n.t('Created'), when(repo.createdAt, ctx));
  field(
    md,
    vscode.l10n.t('Tag mutability'),
    repo.tagMutability && repo.mutabilityExclusions?.length
      ? vscode.l10n.t('{0} (except {1})', repo.tagMutability, repo.mutabilityExclusions.join(', '))
      : repo.tagMutability,
  );
  if (repo.scanOnPush !== undefined) field(md, vscode.l10n.t('Scan on push'), repo.scanOnPush ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
  field(md, vscode.l10n.t('Encryption'), repo.encryptionType);
  const newest = ctx.newestImage?.(repo);
  if (newest?.scan) field(md, vscode.l10n.t('Newest image scan'), scanSummaryText(newest, ctx.lang));
  return md;
}

export function scanSummaryText(image: Image, lang?: string): string | undefined {
  const scan = image.scan;
  if (!scan) return undefined;
  const counts = countRows(scan.counts).map(([s, n]) => `${severityWord(s)} ${n.toLocaleString(lang)}`);
  const status = scan.status ?? '';
  return [status, counts.length ? counts.join(', ') : scan.status === 'COMPLETE' ? vscode.l10n.t('no findings') : '']
    .filter((x) => x)
    .join(' — ');
}

export function tagTooltip(tag: Tag, ctx: RowContext, platforms?: Platform[] | string): vscode.MarkdownString {
  const image = tag.image;
  const md = markdown();
  const repo = tag.parent;
  field(
    md,
    vscode.l10n.t('Image'),
    tag.tag !== undefined ? `${repo.uri}:${tag.tag}` : image.digest ? `${repo.uri}@${image.digest}` : repo.uri,
  );
  field(md, vscode.l10n.t('Digest'), image.digest || undefined);
  const others = image.tags.filter((x) => x !== tag.tag);
  if (others.length)
    field(md, vscode.l10n.t('Other tags'), others.slice(0, 20).join(', ') + (others.length > 20 ? ` (+${others.length - 20})` : ''));
  field(md, vscode.l10n.t('Size'), image.sizeBytes !== undefined ? formatSize(image.sizeBytes, ctx.lang) : undefined);
  field(md, vscode.l10n.t('Pushed'), when(image.pushedAt, ctx));
  field(md, vscode.l10n.t('Last pull'), when(image.lastPulledAt, ctx) ?? (image.pushedAt ? vscode.l10n.t('never recorded') : undefined));
  field(md, vscode.l10n.t('Scan'), scanSummaryText(image, ctx.lang));
  field(md, vscode.l10n.t('Scanned'), when(image.scan?.completedAt, ctx));
  field(md, vscode.l10n.t('Media type'), image.mediaType);
  field(md, vscode.l10n.t('Artifact type'), image.artifactMediaType);
  if (typeof platforms === 'string') field(md, vscode.l10n.t('Platforms'), platforms);
  else if (platforms && platforms.length) field(md, vscode.l10n.t('Platforms'), platforms.map(platformLabel).join(', '));
  return md;
}

export function untaggedGroupTooltip(): string {
  return vscode.l10n.t(
    'Images without a tag in this repository. Platform manifests of multi-platform images are not listed here once their image index has been read.',
  );
}

export function platformTooltip(p: Platform, ctx: RowContext): vscode.MarkdownString {
  const md = markdown();
  field(md, vscode.l10n.t('Platform'), platformLabel(p));
  field(md, vscode.l10n.t('Image'), `${p.parent.parent.uri}@${p.digest}`);
  field(md, vscode.l10n.t('Size'), p.sizeBytes !== undefined ? formatSize(p.sizeBytes, ctx.lang) : undefined);
  field(md, vscode.l10n.t('Manifest size'), p.manifestSizeBytes !== undefined ? formatSize(p.manifestSizeBytes, ctx.lang) : undefined);
  field(md, vscode.l10n.t('Media type'), p.mediaType);
  return md;
}

/** The rich tooltip of a row (resolved lazily); `platforms` of a multi-arch tag, or why they could not be read. */
export function tooltipOf(node: Node, ctx: RowContext, platforms?: Platform[] | string): vscode.MarkdownString | string | undefined {
  switch (node.kind) {
    case 'registry':
      return registryTooltip(node);
    case 'repository':
      return repositoryTooltip(node, ctx);
    case 'tag':
      return tagTooltip(node, ctx, platforms);
    case 'platform':
      return platformTooltip(node, ctx);
    case 'problem':
      return problemTooltip(node.problem);
    default:
      return undefined;
  }
}
