import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Banned in the journey core: it must stay pure so the editor, API and worker share it. */
const boundaries = (extraForTests = []) => [
  { sourceTag: 'scope:journey', onlyDependOnLibsWithTags: [...extraForTests], bannedExternalImports: serverOnly },
  { sourceTag: 'scope:nodes', onlyDependOnLibsWithTags: ['scope:journey', ...extraForTests], bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', '@xyflow/*'] },
  { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:journey', 'scope:nodes', ...extraForTests], bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', '@xyflow/*'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:journey', 'scope:nodes', 'scope:runtime', ...extraForTests], bannedExternalImports: ['react', 'react-dom', '@xyflow/*'] },
  { sourceTag: 'scope:editor', onlyDependOnLibsWithTags: ['scope:journey', ...extraForTests], bannedExternalImports: ['@temporalio/*', 'mongoose', '@nestjs/*', 'express'] },
  // The dev stack and test harness start every part, so they may import every part.
  { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:journey', 'scope:nodes', 'scope:runtime', 'scope:api'] },
];

const serverOnly = ['@temporalio/*', 'mongoose', '@nestjs/*', 'express', 'react', 'react-dom', '@xyflow/*', 'node:*', 'fs', 'path', 'http', 'https', 'child_process'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'test-output/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries() }],
    },
  },
  {
    // Plain-JavaScript entry points and configs run directly by Node.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Integration and browser tests boot the stack through the test harness; production code may not.
    files: ['engine/*/test/**/*.ts', 'editor/e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries(['scope:tooling']) }],
    },
  },
);
