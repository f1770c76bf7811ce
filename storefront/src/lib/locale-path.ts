import { INTERFACE_LOCALES, matchLocale } from '@accessplus/i18n';

/**
 * A language named at the start of an address, `/am/events/…` or `/pt-br/`: the language and the
 * page's own path. Only the interface languages' exact tags count, so no page's path is taken.
 */
export function localeInPath(pathname: string): { locale: string; path: string } | null {
  const [, first = '', ...rest] = pathname.split('/');
  if (!first) return null;
  const locale = INTERFACE_LOCALES.find((tag) => tag.toLowerCase() === first.toLowerCase());
  if (!locale) return null;
  return { locale, path: `/${rest.join('/')}` };
}

/** `url` in another language: its path under the language's prefix, the query kept but for `lang`. */
export function localizedHref(url: URL, locale: string): string {
  const path = localeInPath(url.pathname)?.path ?? url.pathname;
  const params = new URLSearchParams(url.searchParams);
  for (const key of [...params.keys()]) {
    // A form action's name (`?/quote`): a link is a GET and must not name an action.
    if (key.startsWith('/') || key === 'lang') params.delete(key);
  }
  const query = params.toString();
  const prefix = `/${locale.toLowerCase()}`;
  return `${path === '/' ? prefix : `${prefix}${path}`}${query ? `?${query}` : ''}`;
}

/** The locale asked for by the address: its prefix, else `?lang=`, if it is one on offer. */
export function requestedLocale(url: URL, supported: readonly string[]): string | undefined {
  const wanted = localeInPath(url.pathname)?.locale ?? url.searchParams.get('lang');
  return wanted ? matchLocale(wanted, supported) : undefined;
}
