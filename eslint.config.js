// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules that only exist in the main process or a driver: never in pure code, never in the renderer. */
const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'electron', 'better-sqlite3', 'serialport', 'usb', 'ws', 'pdfkit'];

/** Folders whose code must stay pure: no Node, Electron or DOM (also checked by tsconfig.pure.json). */
const pureFolders = ['common/**', 'main/ekg/**', 'main/domain/**', 'drivers/protocols/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: pureFolders,
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeOnly, message: 'Pure code: no Node, Electron or native modules. Put I/O at the edge.' },
          { group: ['react', 'react-dom', 'react-dom/*'], message: 'Pure code: no UI.' },
          { group: ['**/main/hosts/**', '**/main/services/**', '**/main/storage/**', '**/drivers/transports/**', '**/renderer/**'], message: 'Pure code may import only other pure code.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname', 'setTimeout', 'setInterval'],
      'no-console': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeOnly, message: 'The renderer runs sandboxed: talk to main through the IPC contract.' },
          { group: ['**/main/**', '**/drivers/**'], message: 'renderer/ never imports main/ or drivers/: use common/ and the IPC client.' },
        ],
      }],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
