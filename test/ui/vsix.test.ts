// The packaged .vsix (`npm run package`, which `npm run test:ui` runs first) holds only what runs — the
// bundles without sourcemaps or meta.json, the icons, the screenshots the READMEs show, the l10n bundles, the
// manifest and its nls files, README (English and Japanese), CHANGELOG, LICENSE — and carries the marketplace
// metadata. Every picture a packaged README shows is inside the package (the Extensions view renders the README
// from the installed extension, so a picture left out is a broken image there).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..', '..');

interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (enough for a .vsix: stored or deflated, no zip64). */
function readZip(file: string): ZipEntry[] {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'corrupt central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({
      name,
      size,
      read: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

interface Manifest {
  name: string;
  version: string;
  main: string;
  l10n: string;
  icon: string;
  license: string;
  repository?: { url?: string };
  bugs?: { url?: string };
  homepage?: string;
  categories?: string[];
  keywords?: string[];
  galleryBanner?: { color?: string; theme?: string };
}

describe('(ui) packaged .vsix', function () {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const vsix = process.env.ECR_EXPLORER_VSIX
    ? resolve(process.env.ECR_EXPLORER_VSIX)
    : join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
  let entries: ZipEntry[];

  before(function () {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package\` first (npm run test:ui does)`);
    entries = readZip(vsix);
  });

  it(`is named <name>-<version>.vsix and holds only what runs`, () => {
    const names = entries.map((e) => e.name).sort();
    const allowed = [
      /^extension\.vsixmanifest$/,
      /^\[Content_Types\]\.xml$/,
      /^extension\/package\.json$/,
      /^extension\/package\.nls(\.[a-z]{2}(-[a-z]{2})?)?\.json$/,
      /^extension\/readme\.md$/,
      /^extension\/README\.ja\.md$/,
      /^extension\/changelog\.md$/,
      /^extension\/LICENSE\.txt$/,
      /^extension\/dist\/(extension|aws|registry|commands|policies|scanPanel|credhelper|references)\.js$/,
      /^extension\/dist\/scanReport\/(scanReport\.js|scanReport\.css|codicon\.ttf)$/,
      /^extension\/media\/schemas\/[\w.-]+\.json$/,
      /^extension\/l10n\/bundle\.l10n(\.[a-z]{2}(-[a-z]{2})?)?\.json$/,
      /^extension\/media\/[\w.-]+\.(svg|png)$/,
      /^extension\/media\/screenshots\/[\w.-]+\.png$/,
    ];
    assert.deepEqual(
      names.filter((n) => !allowed.some((re) => re.test(n))),
      [],
      'files that do not belong in the .vsix',
    );
    const required = [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.ja.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/aws.js',
      'extension/dist/registry.js',
      'extension/dist/credhelper.js',
      'extension/dist/commands.js',
      'extension/dist/policies.js',
      'extension/dist/scanPanel.js',
      'extension/dist/references.js',
      'extension/dist/scanReport/scanReport.js',
      'extension/dist/scanReport/scanReport.css',
      'extension/l10n/bundle.l10n.json',
      'extension/l10n/bundle.l10n.ja.json',
      `extension/${manifest.icon}`,
      'extension/media/ecr.svg',
      ...(existsSync(join(ROOT, 'README.ja.md')) ? ['extension/README.ja.md'] : []),
    ];
    assert.deepEqual(
      required.filter((n) => !names.includes(n)),
      [],
      'files missing from the .vsix',
    );
  });

  it('ships the same manifest, translations and production bundles as the repository', () => {
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const file of ['package.json', 'package.nls.json', 'package.nls.ja.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ja.json']) {
      const entry = byName.get(`extension/${file}`);
      assert.ok(entry, file);
      assert.deepEqual(
        JSON.parse(entry.read().toString('utf8')),
        JSON.parse(readFileSync(join(ROOT, file), 'utf8')),
        `${file} in the .vsix differs from the repository`,
      );
    }
    const main = byName.get(`extension/${manifest.main.replace(/^\.\//, '')}`);
    assert.ok(main, `main ${manifest.main} is not in the .vsix`);
    const code = main.read().toString('utf8');
    assert.doesNotMatch(code, /sourceMappingURL/, 'the packaged bundle points at a sourcemap (not a production build)');
    assert.ok(code.split('\n').length < 50, 'the packaged bundle is not minified (not a production build)');
    assert.equal(manifest.l10n, './l10n');
  });

  it('ships every picture its READMEs show, and no screenshot that none shows', () => {
    const names = new Set(entries.map((e) => e.name));
    const readmes = entries.filter((e) => /^extension\/readme(\.[a-z]{2})?\.md$/i.test(e.name));
    assert.ok(readmes.length >= 2, `READMEs in the .vsix: ${readmes.map((e) => e.name).join(', ')}`);
    const shown = new Set<string>();
    for (const readme of readmes) {
      const text = readme.read().toString('utf8');
      const images = [
        ...[...text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
        ...[...text.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]),
      ];
      assert.ok(images.length >= 1, `${readme.name} shows no picture`);
      for (const src of images) {
        assert.doesNotMatch(src, /^[a-z][a-z0-9+.-]*:/i, `${readme.name}: ${src} is not a path inside the package`);
        const entry = `extension/${src.replace(/^\.\//, '')}`;
        assert.ok(names.has(entry), `${readme.name} shows ${src}, which is not in the .vsix`);
        shown.add(entry);
      }
    }
    const screenshots = [...names].filter((n) => n.startsWith('extension/media/screenshots/'));
    assert.deepEqual(
      screenshots.filter((n) => !shown.has(n)),
      [],
      'screenshots in the .vsix that no README shows',
    );
  });

  it('carries marketplace metadata: repository, categories, keywords, icon, gallery banner, license', () => {
    assert.match(manifest.repository?.url ?? '', /^https:\/\//, 'repository.url');
    // repository, bugs and homepage name one project.
    const project = (manifest.repository?.url ?? '').replace(/\.git$/, '');
    assert.equal(manifest.bugs?.url, `${project}/issues`);
    assert.equal(manifest.homepage, `${project}#readme`);
    const categories = [
      'Programming Languages',
      'Snippets',
      'Linters',
      'Themes',
      'Debuggers',
      'Formatters',
      'Keymaps',
      'SCM Providers',
      'Other',
      'Extension Packs',
      'Language Packs',
      'Data Science',
      'Machine Learning',
      'Visualization',
      'Notebooks',
      'Education',
      'Testing',
      'AI',
      'Chat',
      'Azure',
    ];
    assert.ok(
      (manifest.categories ?? []).length > 0 && (manifest.categories ?? []).every((c) => categories.includes(c)),
      `categories: ${String(manifest.categories)}`,
    );
    assert.ok((manifest.keywords ?? []).length >= 3 && (manifest.keywords ?? []).length <= 30, 'keywords (3–30)');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-fA-F]{6}$/);
    assert.match(manifest.galleryBanner?.theme ?? '', /^(dark|light)$/);
    assert.equal(manifest.license, 'MIT');
    const icon = entries.find((e) => e.name === `extension/${manifest.icon}`)?.read();
    assert.ok(icon, 'icon');
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', 'the icon is a PNG');
    const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
    assert.ok(width >= 128 && width === height, `icon is ${width}×${height}; the marketplace wants at least 128×128, square`);
    const vsixManifest =
      entries
        .find((e) => e.name === 'extension.vsixmanifest')
        ?.read()
        .toString('utf8') ?? '';
    assert.match(vsixManifest, /<Tags>[^<]*ecr[^<]*<\/Tags>/);
    assert.match(vsixManifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    // The manifest's %description% resolved to the English text.
    assert.match(vsixManifest, /<Description xml:space="preserve">Browse Amazon ECR/);
  });
});
