// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'storage/**',
      'public/vendor/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      // The web console and the protocol module it shares with the server are linted like the TypeScript.
      '!public/console/**/*.js',
      '!src/common/protocol.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      // Nest's DI needs classes imported as values; decorators read their metadata.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // The web console: browser ES modules type-checked through JSDoc by their own project (DOM, no Node).
    files: ['public/console/**/*.js', 'public/console/**/*.d.ts'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      parserOptions: {
        projectService: false,
        project: './public/console/tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // TypeScript resolves every name against the browser's globals (lib DOM) and globals.d.ts
      // (socket.io, Twilio), and refuses Node's: no-undef would only repeat it, without those types.
      'no-undef': 'off',
    },
  },
  {
    // The pure routing core must not reach infrastructure (STYLE.md: dependency direction by a tool).
    files: ['src/routing/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'socket.io', 'twilio', 'nodemailer', 'pg', 'node:*'],
              message: 'the routing domain is pure: no framework, no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
