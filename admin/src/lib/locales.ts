/** The languages of an Accept-Language header in order of preference, then English. */
export function preferredLocales(acceptLanguage: string | null): string[] {
  const tags = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]?.trim() ?? '');
  return [...tags.filter((tag) => tag && tag !== '*'), 'en'];
}
