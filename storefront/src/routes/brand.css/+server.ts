import { brandStylesheet } from '$lib/server/brand-css';
import type { RequestHandler } from './$types';

/** The organizer's colors and font (see brand-css.ts); empty on a host that is no organizer's. */
export const GET: RequestHandler = ({ locals, url }) => {
  const sheet = locals.tenant.status === 'found' ? brandStylesheet(locals.tenant.organizer.branding) : null;
  const css = sheet?.css ?? '';
  // The layout links it with its fingerprint: that address keeps its content for good.
  const current = sheet !== null && url.searchParams.get('v') === sheet.version;
  return new Response(css, {
    headers: {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
};
