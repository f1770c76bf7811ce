import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // The camera scanner imports jsqr only once the camera starts: bundle it up front, or the dev
  // server finds it then and reloads the page in the middle of a scan.
  optimizeDeps: { include: ['jsqr'] },
  // Unit tests cover pure helpers in plain Node; tests/ drives the running admin in Chromium.
  test: { include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
});
