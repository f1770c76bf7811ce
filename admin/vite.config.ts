import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // Tests cover pure helpers in plain Node: no browser.
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
