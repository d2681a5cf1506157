// ESLint flat config: type-aware TypeScript rules and the dependency rules of the layout (src/extension.ts wires
// src/commands/; pure modules never import vscode; feature folders never import each other's vscode side; no
// import cycles). Which files are pure, and each feature folder's vscode side: eslint.layers.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { FEATURE_VSCODE, PURE_FILES, PURE_FOLDERS, RULED_FOLDERS } from './eslint.layers.mjs';

const vscodeBan = { name: 'vscode', message: 'Pure modules never import vscode (they run in plain Node).' };
const commandsBan = { group: ['**/commands', '**/commands/**'], message: 'Only src/extension.ts imports src/commands/.' };

/** The no-restricted-imports options for the files of `folder` (pure or not). */
function restrictions(folder, pure) {
  const patterns = [commandsBan];
  for (const [other, files] of Object.entries(FEATURE_VSCODE)) {
    if (other === folder) continue;
    patterns.push({
      group: files.map((f) => `**/${other}/${f}`),
      message: `Feature folders never import another feature folder's vscode side (src/${other}/).`,
    });
  }
  return ['error', { paths: pure ? [vscodeBan] : [], patterns }];
}

// The pure files of src/commands/ get the pure rule only (the rule of command files, below, leaves them out).
const dependencyRules = [...new Set([...RULED_FOLDERS, ...Object.keys(PURE_FILES)])].flatMap((folder) => {
  const pureFiles = PURE_FOLDERS.includes(folder)
    ? [`src/${folder}/**/*.ts`]
    : (PURE_FILES[folder] ?? []).map((f) => `src/${folder}/${f}.ts`);
  const entries = [];
  if (pureFiles.length) entries.push({ files: pureFiles, rules: { 'no-restricted-imports': restrictions(folder, true) } });
  if (!PURE_FOLDERS.includes(folder) && RULED_FOLDERS.includes(folder)) {
    entries.push({ files: [`src/${folder}/**/*.ts`], ignores: pureFiles, rules: { 'no-restricted-imports': restrictions(folder, false) } });
  }
  return entries;
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '**/*.js', 'test/host/code-server-host/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...dependencyRules,
  {
    // One command per file: a command never imports another (shared code lives in services/ or a feature folder).
    files: ['src/commands/**/*.ts'],
    // The registration, the handler table, the bundle entry and its loader wire the commands together.
    ignores: [
      'src/commands/registerCommands.ts',
      'src/commands/handlers.ts',
      'src/commands/index.ts',
      'src/commands/load.ts',
      'src/commands/commandIds.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./*'], message: 'A command never imports another command; share code through services/ or a feature folder.' },
          ],
        },
      ],
    },
  },
  {
    // No import cycles, between folders or inside one.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
);
