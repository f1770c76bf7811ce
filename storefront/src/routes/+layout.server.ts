import { languageName, textDirection } from '$lib/locale';
import { localizedHref } from '$lib/locale-path';
import { uiLocale } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { brandStylesheet } from '$lib/server/brand-css';
import { fontPreloads } from '$lib/server/brand-fonts';
import { readStoredCart, storedCartCount } from '$lib/server/cart-cookie';
import { localStorefronts } from '$lib/server/tenant';
import { renderedSection, themeIn, themeOf } from '$lib/server/theme';
import type { LayoutServerLoad } from './$types';

// Storefront pages are plain HTML (links and GET forms): no JavaScript to download on a phone.
// A page that needs the browser (the payment form) turns client-side rendering back on.
export const csr = false;

export const load: LayoutServerLoad = async (request) => {
  const { locals, url, cookies, route } = request;
  const organizer = locals.tenant.status === 'found' ? locals.tenant.organizer : null;
  const themeState = organizer ? await themeOf(request, organizer) : ({ kind: 'none' } as const);
  const theme = themeIn(themeState);
  const pageLocale = uiLocale(locals.locale);
  return {
    theme: {
      header: organizer ? renderedSection(theme, 'header', organizer, pageLocale, route.id) : null,
      footer: organizer ? renderedSection(theme, 'footer', organizer, pageLocale, route.id) : null,
      stylesheet: theme?.css ? (theme.preview ? '/theme.css?preview' : `/theme.css?v=${theme.version}`) : null,
      preview: theme?.preview ?? false,
      previewGone: themeState.kind === 'preview_gone',
    },
    organizer,
    brandStylesheet: organizer ? `/brand.css?v=${brandStylesheet(organizer.branding).version}` : null,
    fontPreloads: organizer ? fontPreloads(organizer.branding.font, pageLocale) : [],
    // No store here: on this machine, the stores there are (the error page lists them).
    localStorefronts: locals.tenant.status === 'unknown' ? await localStorefronts(storefrontApi(request), url) : null,
    locale: locals.locale,
    uiLocale: uiLocale(locals.locale),
    signedIn: locals.customerToken !== undefined,
    cartCount: organizer ? storedCartCount(readStoredCart(cookies)) : 0,
    languages: (organizer?.locales ?? []).map((locale) => ({
      locale,
      name: languageName(locale),
      href: localizedHref(url, locale),
      dir: textDirection(locale),
      current: locale === locals.locale,
    })),
  };
};
