import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // The camera scanner imports jsqr only once the camera starts: bundle it up front, or the dev
  // server finds it then and reloads the page in the middle of a scan.
  optimizeDeps: { include: ['jsqr'] },
  // Unit tests cover pure helpers in plain Node; tests/ drives the running admin in Chromium.
  // Polls wait up to 10 s: the machine running the tests is shared.
  test: {
    environment: 'node',
    testTimeout: 30_000,
    expect: { poll: { timeout: 10_000 } },
    // Two files at a time even on two cores: a browser test spends most of its time waiting on
    // its API, its admin and Chromium, each a process of its own.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      // Every browser test file runs the one production build made for the run.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
