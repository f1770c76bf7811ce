import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// A production build in a folder of its own (the browser tests make one while dev servers run).
const buildDir = process.env.SVELTEKIT_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(buildDir ? { out: `${buildDir}/build` } : {}),
    ...(buildDir ? { outDir: `${buildDir}/.svelte-kit` } : {}),
    // SvelteKit's own check refuses a form post whose Origin is not the page's (its default, and
    // only in production builds; tests/csrf.e2e.test.ts checks it): no `csrf` setting here, and
    // no trusted origins.
    // Organizers' staff manage orders and refunds here: scripts come only from the admin itself
    // (SvelteKit gives its inline start-up script a nonce), forms post only here, and no other
    // site may frame a page. Svelte sets style attributes, hence inline styles.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        // Cover images come from the API's image address or the object store's, which differ
        // between installations; images cannot run script.
        'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
