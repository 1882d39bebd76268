import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Deprecated APIs fail `npm test` (the next Electron deprecation, like safeStorage's
    // synchronous API in 45, is caught before the release that removes it). The rule needs
    // type information, so it runs with the TypeScript projects of the shipped code.
    files: ['src-core/**/*.ts', 'electron/**/*.ts', 'electron/**/*.cts', 'renderer/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-deprecated': 'error' },
  },
  {
    // The dependency rule (DESIGN.md): the core never touches Electron.
    files: ['src-core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron-store', 'electron-log', 'electron-log/*', '../electron/*', '../renderer/*'], message: 'src-core must not depend on Electron' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../src-core/*', '../../src-core/*'], allowTypeImports: true, message: 'the renderer imports only types from src-core' }] },
      ],
    },
  },
);
