import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Every tenant has its own host name, so the dev and preview servers must accept any subdomain
// of the storefront base domain (Vite refuses unknown Host headers to stop DNS rebinding).
const baseDomain = process.env.STOREFRONT_BASE_DOMAIN || 'localhost';
const tenantHosts = ['.localhost', '.example.test', `.${baseDomain}`];

export default defineConfig({
  plugins: [sveltekit()],
  server: { allowedHosts: tenantHosts },
  preview: { allowedHosts: tenantHosts },
  // Unit tests cover pure helpers in plain Node; tests/ drives the running storefront in Chromium.
  test: { include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
});
