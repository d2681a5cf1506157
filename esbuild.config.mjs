// Builds the bundles: dist/extension.js (activation path, no AWS SDK), dist/aws.js (the AWS SDK and everything
// that needs it) and the lazily loaded feature bundles (dist/registry.js, dist/policies.js, dist/scanPanel.js,
// dist/credhelper.js, dist/references.js), required on first use (docs/ARCHITECTURE.md), and the findings report page
// (dist/scanReport/: a browser bundle with its CSS and the codicon font, loaded only by the webview).
// `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // The SDK's optional CRT signer is never installed; leave the require in place.
  external: [
    'vscode',
    '@aws-sdk/signature-v4-crt',
    './aws.js',
    './registry.js',
    './policies.js',
    './scanPanel.js',
    './credhelper.js',
    './references.js',
  ],
  define: {
    __ECR_AWS_BUNDLE__: '"./aws.js"',
    __ECR_REGISTRY_BUNDLE__: '"./registry.js"',
    __ECR_POLICIES_BUNDLE__: '"./policies.js"',
    __ECR_SCAN_PANEL_BUNDLE__: '"./scanPanel.js"',
    __ECR_CREDHELPER_BUNDLE__: '"./credhelper.js"',
    __ECR_REFERENCES_BUNDLE__: '"./references.js"',
    __ECR_COMMANDS_BUNDLE__: '"./commands.js"',
  },
};

const entries = {
  extension: 'src/extension.ts',
  aws: 'src/aws/index.ts',
  registry: 'src/registry/index.ts',
  // Policy documents and the lifecycle preview: loaded when a policy is first opened, previewed or changed.
  policies: 'src/policies/index.ts',
  // The findings report panels (extension side), required on first use.
  scanPanel: 'src/scan/panel/index.ts',
  credhelper: 'src/login/credHelperBundle.ts',
  references: 'src/references/index.ts',
  // Every command's implementation: loaded on the first command a user runs (activation registers the ids only).
  commands: 'src/commands/index.ts',
};

function report(result, metaFile = 'dist/meta.json') {
  mkdirSync('dist', { recursive: true });
  writeFileSync(metaFile, JSON.stringify(result.metafile));
  const rows = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js') || file.endsWith('.css'))
    .map(([file, out]) => `${file.padEnd(24)} ${(out.bytes / 1024).toFixed(1).padStart(8)} KB`);
  console.log(`esbuild (${production ? 'production' : 'development'}):\n  ${rows.join('\n  ')}`);
}

const options = {
  ...common,
  entryPoints: entries,
  outdir: 'dist',
  plugins: [
    {
      name: 'report',
      setup(build) {
        // In watch mode, the lines the `$esbuild-watch` problem matcher (.vscode/tasks.json) waits for: a build
        // begins and ends. esbuild itself prints each error as `✘ [ERROR] …` with its file:line:column.
        if (watch) build.onStart(() => console.log('[watch] build started'));
        build.onEnd((result) => {
          if (result.errors.length === 0 && result.metafile) report(result);
          if (watch) console.log('[watch] build finished');
        });
      },
    },
  ],
};

/** The report page: its own browser bundle, so nothing of it is loaded at activation. */
const webviewOptions = {
  bundle: true,
  platform: 'browser',
  target: ['chrome114'],
  format: 'iife',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  entryPoints: { scanReport: 'src/scan/webview/main.ts' },
  outdir: 'dist/scanReport',
  // The codicon font is copied beside the CSS under a fixed name (the CSP allows only the bundle directory).
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
  plugins: [
    {
      name: 'report',
      setup(build) {
        build.onEnd((result) => {
          if (result.errors.length === 0 && result.metafile) report(result, 'dist/meta.scanReport.json');
        });
      },
    },
  ],
};

if (watch) {
  for (const o of [options, webviewOptions]) await (await esbuild.context(o)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
}
