import { defineConfig } from 'vitest/config';

// Forks, not threads: serialport's native binding crashes V8 when loaded in worker threads.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    // Vitest's default is (cores - 1) workers: one on a 2-core CI machine, which ran the files one
    // after another (410 s). Most long files wait on child processes, ptys, sockets or Chromium
    // rather than compute, so three workers overlap that waiting (232 s measured, same results).
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
