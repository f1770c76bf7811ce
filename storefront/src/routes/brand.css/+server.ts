import { brandCss, brandCssVersion } from '$lib/server/brand-css';
import type { RequestHandler } from './$types';

/** The organizer's colors and font (see brand-css.ts); empty on a host that is no organizer's. */
export const GET: RequestHandler = ({ locals, url }) => {
  const css = locals.tenant.status === 'found' ? brandCss(locals.tenant.organizer.branding) : '';
  // The layout links it with its fingerprint: that address keeps its content for good.
  const current = url.searchParams.get('v') === brandCssVersion(css);
  return new Response(css, {
    headers: {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
};
