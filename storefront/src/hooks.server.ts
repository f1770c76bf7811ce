import { type Handle, redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { hrefWith } from '$lib/links';
import { pickLocale, textDirection } from '$lib/locale';
import { requestedLocale } from '$lib/locale-path';
import { UI_LOCALES, uiLocale } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { readCustomerToken } from '$lib/server/customer-session';
import { resolveTenant } from '$lib/server/tenant';
import { isThemedRoute, rememberPreview, withStrictStyles } from '$lib/server/theme';

/** Remembers a visitor's explicit language choice (`/am/…`, `?lang=am`) across pages. */
const LANG_COOKIE = 'lang';

export const handle: Handle = async ({ event, resolve }) => {
  // A preview link's token goes into a cookie and out of the address, which is then safe to share
  // or bookmark; the draft stays on every page until the cookie lapses with the link.
  const preview = event.url.searchParams.get('theme_preview');
  if (preview !== null && /^[\w-]{1,100}$/.test(preview)) {
    rememberPreview(event.cookies, preview, event.url.protocol === 'https:');
    redirect(303, hrefWith(event.url, { theme_preview: null }));
  }
  event.locals.tenant = await resolveTenant(() => storefrontApi(event), event.url.host);
  event.locals.customerToken = readCustomerToken(event.cookies);
  const organizer = event.locals.tenant.status === 'found' ? event.locals.tenant.organizer : null;
  const supported = organizer?.locales ?? UI_LOCALES;

  const chosenLocale = requestedLocale(event.url, supported);
  if (chosenLocale) {
    event.cookies.set(LANG_COOKIE, chosenLocale, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  event.locals.locale = pickLocale({
    requested: chosenLocale ?? event.cookies.get(LANG_COOKIE),
    acceptLanguage: event.request.headers.get('accept-language'),
    supported,
    fallback: organizer?.default_locale ?? 'en',
  });

  // The page's own words are in the UI locale; organizer text carries its own lang attribute.
  const pageLocale = uiLocale(event.locals.locale);
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', pageLocale).replace('%dir%', textDirection(pageLocale)),
  });
  response.headers.append('vary', 'Accept-Language, Cookie');
  // In development the dev server injects components' styles inline, so only built pages are held to it.
  const policy = response.headers.get('content-security-policy');
  if (policy && !dev && isThemedRoute(event.route.id)) {
    response.headers.set('content-security-policy', withStrictStyles(policy));
  }
  // Other sites (an organizer's image host, Stripe, a link followed out) learn nothing of what a
  // buyer looks at here, the tokens in order and sign-in addresses included. Not `no-referrer`,
  // even on those pages: with it the browser sends `Origin: null` with the page's own form posts,
  // and SvelteKit's origin check refuses them all.
  if (!response.headers.has('referrer-policy')) response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};
