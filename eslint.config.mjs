import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Banned in the journey core: it must stay pure so the editor, API and worker share it. */
const serverOnly = ['@temporalio/*', 'mongoose', '@nestjs/*', 'express', 'react', 'react-dom', '@xyflow/*', 'node:*', 'fs', 'path', 'http', 'https', 'child_process'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'test-output/**', '.nx/**', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:journey', onlyDependOnLibsWithTags: [], bannedExternalImports: serverOnly },
            { sourceTag: 'scope:nodes', onlyDependOnLibsWithTags: ['scope:journey'], bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', '@xyflow/*'] },
            { sourceTag: 'scope:runtime', onlyDependOnLibsWithTags: ['scope:journey', 'scope:nodes'], bannedExternalImports: ['@nestjs/*', 'react', 'react-dom', '@xyflow/*'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:journey', 'scope:nodes', 'scope:runtime'], bannedExternalImports: ['react', 'react-dom', '@xyflow/*'] },
            { sourceTag: 'scope:editor', onlyDependOnLibsWithTags: ['scope:journey'], bannedExternalImports: ['@temporalio/*', 'mongoose', '@nestjs/*', 'express'] },
          ],
        },
      ],
    },
  },
);
