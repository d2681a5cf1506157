// Child process of the bench (bundled by esbuild, run by plain node, one fresh process per sample): require of the
// shipped dist/extension.js plus activate() with a stand-in `vscode` module; prints one JSON line.
//   node activationProbe.js <repo root>
import Module from 'node:module';
import * as path from 'node:path';
import { createStandIn } from './vscodeStandIn';

export interface ActivationSample {
  requireMs: number;
  activateMs: number;
  /** activationMs as activate() measured it itself (ExtensionApi), when exposed. */
  selfReportedMs?: number;
  /** dist/aws.js in require.cache after activate(). */
  sdkLoaded: boolean;
  /** ExtensionApi.awsLoaded, when exposed. */
  apiAwsLoaded?: boolean;
  /** require of dist/aws.js afterwards (what the first ECR call pays once). */
  awsRequireMs: number;
  subscriptions: number;
  gaps: string[];
}

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? '.');
  const standIn = createStandIn(root);
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    if (request === 'vscode') return 'vscode';
    return original.call(this, request, parent, isMain, options);
  };
  const fake = new Module('vscode');
  fake.filename = 'vscode';
  fake.loaded = true;
  fake.exports = standIn.module;
  internals._cache.vscode = fake;

  const req = Module.createRequire(path.join(root, 'package.json'));
  const mainPath = path.join(root, 'dist', 'extension.js');
  const awsPath = path.join(root, 'dist', 'aws.js');

  const t0 = performance.now();
  const ext = req(mainPath) as { activate(context: unknown): unknown };
  const t1 = performance.now();
  const api = ext.activate(standIn.context) as { activationMs?: unknown; awsLoaded?: unknown } | undefined;
  const t2 = performance.now();
  const sdkLoaded = Object.keys(req.cache).some((k) => path.resolve(k) === awsPath);
  const t3 = performance.now();
  req(awsPath);
  const t4 = performance.now();

  const sample: ActivationSample = {
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    sdkLoaded,
    awsRequireMs: sdkLoaded ? 0 : t4 - t3,
    subscriptions: standIn.context.subscriptions.length,
    gaps: [...standIn.gaps].sort(),
  };
  if (api && typeof api.activationMs === 'number') sample.selfReportedMs = api.activationMs;
  if (api && typeof api.awsLoaded === 'boolean') sample.apiAwsLoaded = api.awsLoaded;
  for (const d of standIn.context.subscriptions) {
    try {
      d.dispose();
    } catch {
      // a stand-in gap; already reported
    }
  }
  process.stdout.write(JSON.stringify(sample) + '\n');
  // Timers (the status bar's next redraw) must not keep the probe alive.
  process.exit(0);
}

main();
