import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the multi-process fault and load tests (test/faults). They start PostgreSQL
 * clusters and service processes of their own and take minutes, so they run alone, one file at a time,
 * after the other tests (scripts/test.mjs, the end of `npm test`).
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
});
