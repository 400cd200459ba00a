import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.open-next/**', '.cache/**', '.karma/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The pure folders (ARCHITECTURE.md, code layout): no I/O, no server, store or framework modules. Types from the ports are fine.
    files: ['lib/model/**/*.ts', 'lib/graph/**/*.ts', 'lib/drift/**/*.ts', 'lib/changes/**/*.ts', 'lib/json/**/*.ts', 'lib/schemas/**/*.ts', 'lib/color/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net'], message: 'A pure module does no I/O: pass the data in.' },
            { group: ['server-only', 'next', 'next/*', 'react', 'react-dom', 'gremlin', '@aws-sdk/*'], message: 'A pure module stands on no server, framework or SDK.' },
            {
              group: ['@/lib/server/*', '@/lib/store/*', '@/lib/params/*', '@/lib/workflow/*', '@/lib/gitconfig/*', '@/lib/client/*', '@/components/*', '@/app/*'],
              allowTypeImports: true,
              message: 'A pure module imports only types from the adapters, the server, the workflow and the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    // Components run in the browser (or render on the server from data they are given): no adapters, no server modules.
    files: ['components/**/*.ts', 'components/**/*.tsx', 'lib/client/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'fs/*', 'child_process', 'server-only', 'gremlin', '@aws-sdk/*'], message: 'UI code runs in the browser: no Node or server modules.' },
            {
              group: ['@/lib/server/*', '@/lib/store/*', '@/lib/params/*', '@/lib/workflow/*'],
              allowTypeImports: true,
              message: 'UI code gets data from the API; only types come from the server side.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
