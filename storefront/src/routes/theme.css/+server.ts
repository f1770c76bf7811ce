import { themeIn, themeOf } from '$lib/server/theme';
import type { RequestHandler } from './$types';

/**
 * The organizer's theme stylesheet, cleaned by the API when published: a file of its own, so the
 * pages' policy admits stylesheets from this storefront only and never inline ones. With a
 * preview link's cookie, the draft's.
 */
export const GET: RequestHandler = async (request) => {
  const { locals, url } = request;
  const state = locals.tenant.status === 'found' ? await themeOf(request, locals.tenant.organizer) : null;
  const theme = state ? themeIn(state) : null;
  const css = theme?.css ?? '';
  // A published version keeps its content for good; the draft is the organizer's alone.
  const cacheControl = theme?.preview
    ? 'private, no-store'
    : theme?.version !== undefined && url.searchParams.get('v') === String(theme.version)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache';
  return new Response(css, {
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': cacheControl, vary: 'Cookie' },
  });
};
