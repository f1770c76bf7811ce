import { describe, expect, it } from 'vitest';
import { isThemedRoute, withStrictStyles } from './theme';

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
