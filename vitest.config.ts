import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Opening PGlite takes seconds on a busy 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The browser tests drive the built UI: rebuilt first when src/web changed.
          globalSetup: ['test/support/web/buildWeb.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites share one PostgreSQL server; each file gets its own database.
          fileParallelism: true,
        },
      },
    ],
  },
});
