// Layering rules in the style of VS Code: shared <- main/renderer <- electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Bare Node module names are matched exactly (`paths`), so a local './path' module is not caught.
const nodeModules = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'url', 'crypto', 'stream', 'util', 'events', 'zlib', 'readline'];
const restrict = (patterns, why, names = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: names.map((name) => ({ name, message: why })), patterns: [{ group: patterns, message: why }] },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'tests/output/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      ...restrict(
        ['**/main/**', '**/renderer/**', '**/electron/**', 'node:*'],
        'shared/ is pure TypeScript: no Node, DOM or Electron imports, and nothing from main/renderer/electron.',
        ['electron', 'react', 'react-dom', ...nodeModules],
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/electron/**'], 'main/ imports only shared/ (and Node).', ['electron']),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict(['**/main/**', '**/electron/**', 'node:*'], 'renderer/ imports only shared/ and talks to a Host.', [
      'electron',
      ...nodeModules,
    ]),
  },
);
