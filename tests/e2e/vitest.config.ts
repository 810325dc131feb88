// `npm run test:e2e`: only the browser/Electron end-to-end suites, one file at a time (each drives a
// real Chromium; the 2-core machine cannot run several at once without timing noise).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts', 'tests/electron/electron-app.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
