// Flat ESLint config for every workspace: JS recommended + typescript-eslint recommended (not type-checked: fast).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/node_modules/', '**/dist/', '**/.turbo/', '**/*.vsix', 'test/artifacts/', '**/.data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // SQL only in repositories (issue #19): statements are built or written in a `*.repository.ts` (shared
    // fragments in a module's `*.rows.ts`), and everything else depends on repository methods. db/ is the
    // connection layer itself.
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.rows.ts', '**/*.entity.ts', 'server/src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['selectFrom', 'selectNoFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'executeQuery'].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `SQL only in repositories: move this statement (${name}) into a *.repository.ts method.`,
        })),
        {
          selector: "ImportDeclaration[source.value='kysely']",
          message: 'SQL only in repositories: Kysely (query builder, sql templates) is imported by *.repository.ts, *.rows.ts and db/ only.',
        },
      ],
    },
  },
);
