// ESLint flat config: type-aware TypeScript rules and the dependency rules of docs/ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  {
    // The dependency rule: pure folders never import vscode.
    files: [
      'src/aws/**/*.ts',
      'src/registry/**/*.ts',
      'src/model/**/*.ts',
      'src/login/cliLogin.ts',
      'src/login/credHelperBase.ts',
      'src/login/credHelperConfig.ts',
      'src/login/credHelperHosts.ts',
      'src/login/credHelperSetup.ts',
      'src/login/credHelperState.ts',
      'src/login/credHelperTool.ts',
      'src/login/configFile.ts',
      'src/token/tokenCache.ts',
      'src/token/expiry.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Pure modules never import vscode (docs/ARCHITECTURE.md).' }] },
      ],
    },
  },
);
