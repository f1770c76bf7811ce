import { execFileSync } from 'node:child_process';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// The interface words: messages/<area>/*.json compiled into typed message functions.
const catalogues = { project: './project.inlang', outdir: './src/lib/paraglide', emitTsDeclarations: true };
// Under Vitest they are compiled once up front instead, in a process of its own: the plugin (and
// the compiler run in this process) leaves the inlang project open, and Vitest would not exit.
if (process.env.VITEST) execFileSync('pnpm', ['run', '--silent', 'i18n'], { stdio: 'inherit' });

export default defineConfig({
  plugins: [...(process.env.VITEST ? [] : [paraglideVitePlugin(catalogues)]), sveltekit()],
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
          // In CI a test that failed is tried once more, on a machine shared with everything else
          // the run starts; one that passes only then is named at the end of the run.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
