/** A storefront address suggested from an organization's name: "Addis Cultural Center" → "addis-cultural-center". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

export const SLUG_PATTERN = '[a-z0-9](?:[a-z0-9\\-]{0,46}[a-z0-9])?';
