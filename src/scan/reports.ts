// The findings report panels as the rest of the extension sees them [vscode]: open a report, reload it after a
// scan, and the WebviewPanelSerializer registered at activation. The panels' code loads on first use.
import * as vscode from 'vscode';
import { lazyBundle } from '../model/lazyBundle';
import type { Image, Tag } from '../model/types';
import type { ExplorerServices } from '../services/services';
import type * as PanelModule from './panel/index';
import { REPORT_VIEW_TYPE } from './reportProtocol';
import { runScan, type ScanOutcome } from './scanFlow';

declare const __ECR_SCAN_PANEL_BUNDLE__: string | undefined;
const target = typeof __ECR_SCAN_PANEL_BUNDLE__ === 'string' ? __ECR_SCAN_PANEL_BUNDLE__ : './panel/index';
// A variable, not a literal: esbuild leaves the require alone and the panel stays out of the main bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundle = lazyBundle(() => require(target) as typeof PanelModule);

export class ScanReports implements vscode.Disposable {
  private panels?: PanelModule.ReportPanels;

  constructor(private readonly services: ExplorerServices) {}

  /** Registers the serializer (restores open reports after a window reload); the Disposable goes into subscriptions. */
  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.impl().restore(panel, state),
      }),
      this,
    );
  }

  show(tag: Tag): void {
    this.impl().show(tag);
  }

  /** Scan Now for an image; reloads its open report when the scan is over. */
  async scan(image: Image, ref: string, tag?: string): Promise<ScanOutcome> {
    const outcome = await runScan(this.services, image, ref, tag);
    if (outcome === 'complete') this.panels?.reload(image);
    return outcome;
  }

  /** True once the panels' code was loaded (it must not be at activation). */
  get loaded(): boolean {
    return bundle.loaded;
  }

  private impl(): PanelModule.ReportPanels {
    this.panels ??= new (bundle.load().ReportPanels)({
      services: this.services,
      scan: (image, ref, tag) => runScan(this.services, image, ref, tag),
    });
    return this.panels;
  }

  dispose(): void {
    this.panels?.dispose();
    this.panels = undefined;
  }
}
