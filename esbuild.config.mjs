// Builds the bundles: dist/extension.js (activation path, no AWS SDK), dist/aws.js (the AWS SDK and everything
// that needs it) and dist/registry.js (the Registry v2 client), the last two required lazily on first use
// (docs/ARCHITECTURE.md). `--production` minifies, `--watch` rebuilds.
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
  external: ['vscode', '@aws-sdk/signature-v4-crt', './aws.js', './registry.js'],
  define: { __ECR_AWS_BUNDLE__: '"./aws.js"', __ECR_REGISTRY_BUNDLE__: '"./registry.js"' },
};

const entries = {
  extension: 'src/extension.ts',
  aws: 'src/aws/index.ts',
  registry: 'src/registry/index.ts',
};

function report(result) {
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  const rows = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
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

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('esbuild: watching for changes');
} else {
  await esbuild.build(options);
}
