// Lint: the dependency rule of DESIGN.md section 1 as import zones, plus a few engine rules.
// model <- engine <- store <- ui ; io sits beside engine (model only); cli uses model, io, engine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

// Files that still cross a boundary; the structure work (issue 13) empties this list.
const legacyBoundaryExceptions = [
  'src/store/selectors.ts',
  'src/ui/canvas/canvas.tsx',
  'src/ui/canvas/flow-model.ts',
  'src/ui/dialogs/export-dialog.tsx',
  'src/ui/inspector/*.tsx',
  'src/ui/palette.tsx',
  'src/ui/panels/findings-panel.tsx',
  'src/ui/use-analysis.ts',
  'src/ui/use-persistence.ts',
  'src/ui/use-shortcuts.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-cli/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      'import-x/no-cycle': ['error', { maxDepth: 4 }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              './src/model',
              ['./src/engine', './src/io', './src/store', './src/ui', './src/cli'],
              'model imports nothing of ours',
            ),
            zone(
              './src/engine',
              ['./src/io', './src/store', './src/ui', './src/cli'],
              'engine imports only model',
            ),
            zone(
              './src/io',
              ['./src/engine', './src/store', './src/ui', './src/cli'],
              'io imports only model',
            ),
            zone('./src/store', ['./src/ui', './src/cli'], 'store never imports ui or cli'),
            zone(
              './src/store',
              './src/engine',
              'store reaches the engine through client, protocol and view only',
              ['./client.ts', './protocol.ts', './analyze.ts', './view'],
            ),
            zone(
              './src/ui',
              ['./src/engine', './src/io', './src/cli'],
              'ui reaches engine and io through the store',
            ),
            zone('./src/cli', ['./src/store', './src/ui'], 'cli runs without the store or React'),
          ],
        },
      ],
    },
  },
  { files: ['scripts/**', '*.config.*', 'e2e/**'], languageOptions: { globals: globals.node } },
  { files: legacyBoundaryExceptions, rules: { 'import-x/no-restricted-paths': 'off' } },
  {
    // Tests may build fixtures with io and compare against the engine from any folder.
    files: ['**/*.test.ts', 'src/testing/**', 'e2e/**', 'scripts/**'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
);
