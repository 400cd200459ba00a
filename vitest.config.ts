import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `server-only` throws outside React Server Components; tests load server
// modules directly, so it resolves to an empty module here.
const alias = {
  '@': path.resolve(import.meta.dirname),
  'server-only': path.resolve(import.meta.dirname, 'scripts/lib/empty-module.js'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'bin/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts', 'deploy/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['lib/**/*.itest.ts', 'tests/integration/**/*.itest.ts'],
          environment: 'node',
          globalSetup: ['scripts/peers/vitest-global-setup.ts'],
          // The lambda build's server function (tests/integration/lambda-handler.itest.ts) is loaded by Node itself, as Lambda's runtime loads it, not transformed.
          server: { deps: { external: [/\/\.open-next\//] } },
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
