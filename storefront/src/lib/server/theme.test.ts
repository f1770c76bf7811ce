import { compileTheme } from '@accessplus/themes';
import { describe, expect, it } from 'vitest';
import type { PublicOrganizer } from '../api-types';
import { isThemedRoute, type LoadedTheme, renderedSection, renderedSections, withStrictStyles } from './theme';

describe('the policy of themed pages', () => {
  it('takes inline styles out of style-src and leaves every other directive as it is', () => {
    expect(
      withStrictStyles(
        "default-src 'self'; script-src 'self' 'nonce-abc' https://js.stripe.com; style-src 'self' 'unsafe-inline'; img-src 'self' https:",
      ),
    ).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc' https://js.stripe.com; style-src 'self'; img-src 'self' https:",
    );
  });

  it('keeps the cart and the payment page out of the theme', () => {
    expect(isThemedRoute('/')).toBe(true);
    expect(isThemedRoute('/events/[id]')).toBe(true);
    expect(isThemedRoute('/cart')).toBe(false);
    expect(isThemedRoute('/orders/[id]')).toBe(false);
    expect(isThemedRoute(null)).toBe(false);
  });
});

describe('rendered sections', () => {
  const organizer = {
    slug: 'addis',
    name: 'Addis Cultural Center',
    contact_email: null,
    time_zone: 'America/New_York',
    default_locale: 'en',
    branding: { logo: null },
  } as unknown as PublicOrganizer;

  function loaded(header: string): LoadedTheme {
    return {
      compiled: compileTheme({ header }),
      rendered: renderedSections(),
      css: '',
      version: 1,
      preview: false,
      imagePrefixes: ['https://api.example.test/v1/images/'],
    };
  }

  it('are rendered once per section and data, and the same data gives the same HTML', () => {
    const theme = loaded('<h2>{{organizer.name}}</h2><p>{{page.locale}}</p><script>x()</script>');
    const first = renderedSection(theme, 'header', organizer, 'en', '/');
    expect(first).toBe('<h2>Addis Cultural Center</h2><p>en</p>');
    expect(renderedSection(theme, 'header', organizer, 'en', '/')).toBe(first);
    expect(theme.rendered.size).toBe(1);
    expect(renderedSection(theme, 'header', organizer, 'am', '/')).toBe('<h2>Addis Cultural Center</h2><p>am</p>');
    expect(theme.rendered.size).toBe(2);
    for (let index = 0; index < 300; index += 1) {
      renderedSection(theme, 'header', { ...organizer, name: `Organizer ${index}` }, 'en', '/');
    }
    expect(theme.rendered.size).toBe(200);
  });

  it('give way to the storefront’s own when a template fails', () => {
    const theme = loaded('<p>{{event.name}}</p>');
    expect(renderedSection(theme, 'header', organizer, 'en', '/')).toBeNull();
    expect(renderedSection(null, 'header', organizer, 'en', '/')).toBeNull();
  });
});
