import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, suggestSlug } from './slugs';

describe('suggestSlug', () => {
  it.each([
    ['Addis Cultural Center', 'addis-cultural-center'],
    ['  Église Baptiste Haïtienne  ', 'eglise-baptiste-haitienne'],
    ['Masjid Al-Nur & Friends!', 'masjid-al-nur-and-friends'],
    ['የኢትዮጵያ ማህበር', ''],
    ['x'.repeat(60), 'x'.repeat(48)],
  ])('%s → %s', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
    if (slug) expect(new RegExp(`^${SLUG_PATTERN}$`).test(slug)).toBe(true);
  });
});
