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
    // Buyers' pages open with order tokens and take payments: scripts come only from the
    // storefront itself (SvelteKit gives its inline start-up script a nonce) and Stripe.js, forms
    // post only here, and no other site may frame a page. The Stripe sources are exactly those
    // Stripe's security guide lists for the Payment Element (docs.stripe.com/security/guide): its
    // script, the frames that hold the card fields and 3-D Secure, and its API; card numbers stay
    // in Stripe's frames. Organizers' event images may be hosted anywhere; Svelte sets style
    // attributes, hence inline styles.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'https://js.stripe.com', 'https://*.js.stripe.com'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https:', 'http:'],
        'font-src': ['self'],
        'connect-src': ['self', 'https://api.stripe.com'],
        'frame-src': ['self', 'https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
