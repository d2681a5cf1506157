import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The dependency rule (DESIGN.md): pure folders never import vscode.
    files: ['src/aws/**/*.ts', 'src/registry/**/*.ts', 'src/model/**/*.ts', 'src/login/cliLogin.ts', 'src/token/tokenCache.ts', 'src/token/expiry.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure modules never import vscode (DESIGN.md).' }] }],
    },
  },
);
