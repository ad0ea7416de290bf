import { defineConfig } from 'vitest/config';

// Forks, not threads: serialport's native binding crashes V8 when loaded in worker threads.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
