// A display language for the test host without downloading a language pack (CONTRIBUTING.md, "The test
// host"): VS Code honours `--locale ja` only when `<user-data-dir>/languagepacks.json` lists a pack for it, so
// this writes a minimal pack extension (empty core translations: the workbench stays English) and that entry.
// The extension under test then gets `env.language === 'ja'`, its l10n/bundle.l10n.ja.json and package.nls.ja.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostDirs } from './codeServer';

const LANGUAGE_NAMES: Record<string, { label: string; name: string }> = {
  ja: { label: '日本語', name: 'Japanese' },
};

/** Writes the pack into the extensions dir and registers it in languagepacks.json; returns the host arguments. */
export function installLanguagePack(dirs: HostDirs, language: string): string[] {
  const names = LANGUAGE_NAMES[language] ?? { label: language, name: language };
  const id = `ecr-explorer-test.language-pack-${language}`;
  const version = '1.0.0';
  const packDir = join(dirs.extensionsDir, `${id}-${version}`);
  const translations = join(packDir, 'translations', 'main.i18n.json');
  mkdirSync(join(packDir, 'translations'), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(
    join(packDir, 'package.json'),
    JSON.stringify(
      {
        name: `language-pack-${language}`,
        publisher: 'ecr-explorer-test',
        version,
        engines: { vscode: '*' },
        categories: ['Language Packs'],
        contributes: {
          localizations: [
            {
              languageId: language,
              languageName: names.name,
              localizedLanguageName: names.label,
              translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
            },
          ],
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dirs.userDataDir, 'languagepacks.json'),
    JSON.stringify(
      {
        [language]: {
          hash: `test-${language}`,
          label: names.label,
          extensions: [{ extensionIdentifier: { id }, version }],
          translations: { vscode: translations },
        },
      },
      null,
      2,
    ),
  );
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'argv.json'), JSON.stringify({ locale: language }));
  return ['--locale', language];
}
