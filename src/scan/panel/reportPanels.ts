// The findings report panels [vscode], one per image: HTML with a strict Content-Security-Policy and a nonce,
// local resources limited to the page bundle, typed messages with the page, export through a save dialog, links
// opened with openExternal (https: only, and only links of the report shown). Loaded on first use (dist/scanPanel.js).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isScanProblem } from '../../aws/imageScans';
import type { EcrRegistry, Image, Registry, Repository, Tag } from '../../model/types';
import type { ExplorerServices } from '../../services/services';
import { clean } from '../../model/sanitize';
import { findingsToCsv, reportToJson } from '../export';
import type { Finding, ScanReport } from '../model';
import { safeHttpsUrl } from '../normalize';
import type { FromPage, PersistedReport, ReportKey, ReportSubject, ToPage } from '../reportProtocol';
import { REPORT_VIEW_TYPE, findingKey } from '../reportProtocol';
import { scanningForRepository, type RegistryScanning } from '../scanning';
import { imageRef, scanErrorText } from '../scanFlow';
import { reportStrings, frequencyText } from './reportStrings';

export interface ReportPanelDeps {
  services: ExplorerServices;
  /** Scan Now (the same flow as the Scan Image command); resolves when it is over. */
  scan(image: Image, ref: string, tag?: string): Promise<unknown>;
}

interface OpenReport {
  panel: vscode.WebviewPanel;
  subject: ReportSubject;
  image: Image;
  report?: ScanReport;
  loading?: AbortController;
}

function keyString(k: ReportKey): string {
  return JSON.stringify([k.registry, k.repository, k.digest]);
}

function nonce(): string {
  return randomBytes(18).toString('base64url');
}

export class ReportPanels implements vscode.Disposable {
  private readonly open = new Map<string, OpenReport>();
  private readonly scanning = new Map<string, Promise<RegistryScanning | undefined>>();
  private readonly bundleDir: vscode.Uri;

  constructor(private readonly deps: ReportPanelDeps) {
    this.bundleDir = vscode.Uri.joinPath(deps.services.context.extensionUri, 'dist', 'scanReport');
  }

  /** Opens (or reveals) the report of a tag's image. */
  show(tag: Tag): void {
    const registry = tag.parent.parent;
    if (registry.type !== 'ecr') return;
    const key: ReportKey = {
      registry: registry.id,
      repository: tag.parent.name,
      digest: tag.image.digest,
      ...(tag.tag ? { tag: tag.tag } : {}),
    };
    const existing = this.open.get(keyString(key));
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, this.title(tag), vscode.ViewColumn.Active, this.options());
    this.attach(panel, key, registry, tag.image, imageRef(tag));
  }

  /** Reloads the report of an image if its panel is open (after a scan). */
  reload(image: Image): void {
    for (const open of this.open.values()) {
      if (open.image.digest === image.digest && open.subject.key.repository === image.parent.name) void this.load(open);
    }
  }

  /** WebviewPanelSerializer: after a window reload, the panel finds its image again from the state its page kept. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const key = (state as PersistedReport | undefined)?.key;
    const valid =
      key &&
      typeof key.registry === 'string' &&
      typeof key.repository === 'string' &&
      typeof key.digest === 'string' &&
      /^sha256:[0-9a-f]{64}$/.test(key.digest) &&
      (key.tag === undefined || typeof key.tag === 'string');
    // Only a registry the tree lists now (from the user's settings) is used: the state names it, never an endpoint.
    const registries = valid ? await this.deps.services.tree.registries().catch(() => [] as Registry[]) : [];
    const registry = valid ? registries.find((r): r is EcrRegistry => r.type === 'ecr' && r.id === key.registry) : undefined;
    if (!key || !registry || this.open.has(keyString(key))) {
      panel.dispose();
      return;
    }
    const repo: Repository = {
      kind: 'repository',
      parent: registry,
      name: clean(key.repository, 256),
      uri: `${registry.host}/${key.repository}`,
    };
    const image: Image = { kind: 'image', parent: repo, digest: key.digest, tags: key.tag ? [clean(key.tag, 128)] : [] };
    const tag: Tag = { kind: 'tag', parent: repo, image, ...(key.tag ? { tag: clean(key.tag, 128) } : {}) };
    panel.title = this.title(tag);
    panel.webview.options = this.options();
    this.attach(panel, { ...key, repository: repo.name, ...(tag.tag ? { tag: tag.tag } : {}) }, registry, image, imageRef(tag));
  }

  private title(tag: Tag): string {
    return vscode.l10n.t('Vulnerabilities: {0}', imageRef(tag));
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [this.bundleDir] };
  }

  private attach(panel: vscode.WebviewPanel, key: ReportKey, registry: EcrRegistry, image: Image, label: string): void {
    const open: OpenReport = {
      panel,
      image,
      subject: { key, label, region: registry.source.region, registryId: registry.registryId },
    };
    const id = keyString(key);
    this.open.set(id, open);
    panel.webview.html = this.html(panel.webview);
    const subs = [
      panel.webview.onDidReceiveMessage((m: FromPage) => this.onMessage(open, m)),
      panel.onDidDispose(() => {
        open.loading?.abort();
        this.open.delete(id);
        for (const s of subs) s.dispose();
      }),
    ];
  }

  private html(webview: vscode.Webview): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, 'scanReport.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.bundleDir, 'scanReport.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${n}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    const lang = vscode.env.language.replace(/[^A-Za-z0-9-]/g, '') || 'en';
    return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  private post(open: OpenReport, message: ToPage): void {
    void open.panel.webview.postMessage(message);
  }

  private async load(open: OpenReport): Promise<void> {
    const { services } = this.deps;
    open.loading?.abort();
    const controller = new AbortController();
    open.loading = controller;
    const strings = reportStrings();
    const locale = vscode.env.language;
    this.post(open, { type: 'loading', subject: open.subject, strings, locale });
    try {
      const ecr = services.ecr();
      const registry = open.image.parent.parent as EcrRegistry;
      const [report, scanning] = await Promise.all([
        ecr.scans.findings(open.image, { signal: controller.signal, tag: open.subject.key.tag }),
        this.registryScanning(registry),
      ]);
      if (controller.signal.aborted) return;
      open.report = report;
      const frequency = scanning
        ? frequencyText(scanningForRepository(scanning, open.image.parent.name, open.image.parent.scanOnPush))
        : undefined;
      this.post(open, {
        type: 'report',
        subject: open.subject,
        report,
        canScan: report.scanType === 'BASIC' && scanning?.scanType !== 'ENHANCED',
        ...(frequency ? { frequency } : {}),
        strings,
        locale,
      });
    } catch (err) {
      if (controller.signal.aborted) return;
      services.log.error(`Reading the findings of ${open.subject.label} failed`, err);
      open.report = undefined;
      const neverScanned = isScanProblem(err) && err.issue.kind === 'neverScanned';
      this.post(open, { type: 'problem', subject: open.subject, message: scanErrorText(err), canScan: neverScanned, strings, locale });
    } finally {
      if (open.loading === controller) open.loading = undefined;
    }
  }

  /** The registry's scanning configuration, once per registry (best effort: without the permission, no frequency). */
  private registryScanning(registry: EcrRegistry): Promise<RegistryScanning | undefined> {
    let pending = this.scanning.get(registry.id);
    if (!pending) {
      pending = this.deps.services
        .ecr()
        .scans.registryScanning(registry)
        .catch((err: unknown) => {
          this.deps.services.log.warn(`GetRegistryScanningConfiguration failed for ${registry.registryId}: ${String(err)}`);
          this.scanning.delete(registry.id);
          return undefined;
        });
      this.scanning.set(registry.id, pending);
    }
    return pending;
  }

  private async onMessage(open: OpenReport, m: FromPage): Promise<void> {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
      case 'refresh':
        await this.load(open);
        break;
      case 'scan': {
        const ref = open.subject.label;
        await this.deps.scan(open.image, ref, open.subject.key.tag);
        await this.load(open);
        break;
      }
      case 'copyId': {
        const id = typeof m.id === 'string' ? clean(m.id, 128) : '';
        if (!id || !open.report?.findings.some((f) => f.id === id)) return;
        await this.deps.services.ui.writeClipboard(id);
        this.deps.services.ui.flash(vscode.l10n.t('Copied {0}', id), undefined, 'copy');
        this.post(open, { type: 'copied', id });
        break;
      }
      case 'openLink': {
        // Only an https: link the report itself carries: the page cannot make the extension open anything else.
        const url = safeHttpsUrl(m.url);
        if (url && open.report?.findings.some((f) => f.references.includes(url))) {
          await vscode.env.openExternal(vscode.Uri.parse(url, true));
        }
        break;
      }
      case 'export':
        await this.export(open, m.format === 'json' ? 'json' : 'csv', Array.isArray(m.keys) ? m.keys : undefined);
        break;
      default:
        break;
    }
  }

  private async export(open: OpenReport, format: 'csv' | 'json', keys: string[] | undefined): Promise<void> {
    const report = open.report;
    if (!report) return;
    let findings: Finding[] = report.findings;
    if (keys) {
      const byKey = new Map(report.findings.map((f, i) => [findingKey(f, i), f]));
      findings = keys.map((k) => byKey.get(k)).filter((f): f is Finding => f !== undefined);
    }
    const base = open.subject.label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${base}-findings.${format}`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export findings of {0}', open.subject.label),
      saveLabel: vscode.l10n.t('Export'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: format === 'csv' ? { [vscode.l10n.t('CSV files')]: ['csv'] } : { [vscode.l10n.t('JSON files')]: ['json'] },
    });
    if (!target) return;
    const key = open.subject.key;
    const text =
      format === 'csv'
        ? findingsToCsv(findings)
        : reportToJson(
            report,
            {
              repository: key.repository,
              ...(key.tag ? { tag: key.tag } : {}),
              digest: key.digest,
              registryId: open.subject.registryId,
              region: open.subject.region,
            },
            findings,
          );
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      this.deps.services.ui.flash(
        vscode.l10n.t('Exported {0} findings to {1}', findings.length, clean(target.path.split('/').pop() ?? '', 200)),
        undefined,
        'save',
      );
    } catch (err) {
      this.deps.services.log.error('Export failed', err);
      void this.deps.services.ui.error(vscode.l10n.t('Could not export the findings: {0}', scanErrorText(err)));
    }
  }

  dispose(): void {
    for (const open of [...this.open.values()]) open.panel.dispose();
    this.open.clear();
  }
}
