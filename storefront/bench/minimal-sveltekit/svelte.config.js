// The baseline of `pnpm bench storefront`: SvelteKit itself, built and served as the storefront is
// (adapter-node, into SVELTEKIT_BUILD_DIR), with nothing of ours in it.
import adapter from '@sveltejs/adapter-node';

const buildDir = process.env.SVELTEKIT_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(buildDir ? { out: `${buildDir}/build` } : {}),
    ...(buildDir ? { outDir: `${buildDir}/.svelte-kit` } : {}),
  },
};
