// ESLint flat config: type-aware TypeScript rules and the dependency rules of the layout (src/extension.ts wires
// src/commands/; pure modules never import vscode; feature folders never import each other's vscode side; no
// import cycles).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

/** Folders whose every file is pure (loaded by the unit tier in plain Node). */
const PURE_FOLDERS = ['aws', 'registry', 'model'];
/** The pure files of the other folders. */
const PURE_FILES = {
  tree: ['format', 'nodeIds', 'pagedList', 'repositoryImages', 'listings', 'reveal'],
  status: ['statusText'],
  token: ['loginRecords', 'tokenCache', 'expiry', 'genericSecrets'],
  services: ['settingsReader'],
  login: [
    'cliBase',
    'commandLines',
    'cliRunner',
    'cliFailures',
    'cliDiscovery',
    'cliConfig',
    'configFile',
    'credHelperBase',
    'credHelperConfig',
    'credHelperHosts',
    'credHelperLoad',
    'credHelperSetup',
    'credHelperState',
    'credHelperTool',
    'localImages',
    'pushCommands',
    'pushFlow',
    'gitRevision',
  ],
};
/** The vscode side of each feature folder: no other feature folder imports it. */
const FEATURE_VSCODE = {
  tree: ['registryTree', 'sources', 'treeItems', 'pickNode', 'nodeArgs'],
  login: ['loginTerminal', 'loginFlow', 'renew', 'credHelperWatch', 'credHelperFlow', 'credHelperBundle', 'pushTerminal', 'pushUi'],
  status: ['expiryStatusBar', 'statusMessages'],
};
const ALL_FOLDERS = ['aws', 'registry', 'model', 'services', 'token', 'l10n', 'tree', 'login', 'status'];

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

const dependencyRules = ALL_FOLDERS.flatMap((folder) => {
  const pureFiles = PURE_FOLDERS.includes(folder)
    ? [`src/${folder}/**/*.ts`]
    : (PURE_FILES[folder] ?? []).map((f) => `src/${folder}/${f}.ts`);
  const entries = [];
  if (pureFiles.length) entries.push({ files: pureFiles, rules: { 'no-restricted-imports': restrictions(folder, true) } });
  if (!PURE_FOLDERS.includes(folder)) {
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
