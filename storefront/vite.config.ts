import { execFileSync } from 'node:child_process';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Every tenant has its own host name, so the dev and preview servers must accept any subdomain
// of the storefront base domain (Vite refuses unknown Host headers to stop DNS rebinding).
const baseDomain = process.env.STOREFRONT_BASE_DOMAIN || 'localhost';
// STOREFRONT_DEV_HOSTS adds others (comma-separated, `.` in front for a whole domain): an
// organizer's custom domain pointed at a developer's machine.
const devHosts = (process.env.STOREFRONT_DEV_HOSTS ?? '')
  .split(',')
  .map((host) => host.trim())
  .filter(Boolean);
const tenantHosts = ['.localhost', '.example.test', `.${baseDomain}`, ...devHosts];

// The interface words: messages/*.json compiled into typed message functions.
const catalogues = { project: './project.inlang', outdir: './src/lib/paraglide', emitTsDeclarations: true };
// Under Vitest they are compiled once up front instead, in a process of its own: the plugin (and
// the compiler run in this process) leaves the inlang project open, and Vitest would not exit.
if (process.env.VITEST) execFileSync('pnpm', ['run', '--silent', 'i18n'], { stdio: 'inherit' });

export default defineConfig({
  plugins: [...(process.env.VITEST ? [] : [paraglideVitePlugin(catalogues)]), sveltekit()],
  server: { allowedHosts: tenantHosts },
  preview: { allowedHosts: tenantHosts },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    // Polls wait up to 10 s: the machine running the tests is shared, and a browser's answer can
    // take more than the default second.
    expect: { poll: { timeout: 10_000 } },
    // Two files at a time even on two cores: a browser test spends much of its time waiting on
    // the API, the storefront and Chromium, each a process of its own.
    maxWorkers: 2,
    projects: [
      // Pure helpers in plain Node.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      // The running storefront in Chromium, against one API and dev server started for the run.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // In CI a test that failed is tried once more, on a machine shared with everything else
          // the run starts; one that passes only then is named at the end of the run.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
