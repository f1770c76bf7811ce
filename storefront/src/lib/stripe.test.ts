import { describe, expect, it } from 'vitest';
import { elementsAppearance, elementsLocale, isCardPaymentOutcome, isStripeReturn } from './stripe';

describe('elementsLocale', () => {
  it("speaks the buyer's language when Stripe does, regional forms included", () => {
    expect(elementsLocale('es', 'es')).toBe('es');
    expect(elementsLocale('es-MX', 'es')).toBe('es');
    expect(elementsLocale('pt-BR', 'en')).toBe('pt-BR');
    expect(elementsLocale('fr', 'en')).toBe('fr');
  });

  it('falls back to the language of the page when Stripe has no form of the buyer’s', () => {
    expect(elementsLocale('am', 'en')).toBe('en');
    expect(elementsLocale('yo', 'es')).toBe('es');
    expect(elementsLocale('am', 'ti')).toBe('auto');
  });
});

describe('elementsAppearance', () => {
  const style = (properties: Record<string, string>) => ({
    getPropertyValue: (name: string) => properties[name] ?? '',
  });

  it("carries the theme's colors, corners and font into Stripe's variables", () => {
    const appearance = elementsAppearance(
      style({
        '--brand': ' #7a1f5c',
        '--text': '#1f2937',
        '--danger': '#b42318',
        '--radius': '4px',
        '--font': 'Georgia',
      }),
    );
    expect(appearance).toEqual({
      theme: 'stripe',
      variables: {
        colorPrimary: '#7a1f5c',
        colorText: '#1f2937',
        colorDanger: '#b42318',
        borderRadius: '4px',
        fontFamily: 'Georgia',
      },
    });
  });

  it("leaves Stripe's own look where the page sets nothing", () => {
    expect(elementsAppearance(style({}))).toEqual({ theme: 'stripe', variables: {} });
  });
});

describe('a return from Stripe', () => {
  it('is told by the parameters Stripe adds to return_url', () => {
    const back = new URL(
      'http://s.example.test/orders/1?token=t&payment_intent=pi_1&payment_intent_client_secret=pi_1_secret_2&redirect_status=failed',
    );
    expect(isStripeReturn(back)).toBe(true);
    expect(isStripeReturn(new URL('http://s.example.test/orders/1?token=t'))).toBe(false);
  });

  it('has an outcome only among those the page can say', () => {
    expect(['failed', 'processing', 'refunded'].every(isCardPaymentOutcome)).toBe(true);
    expect(isCardPaymentOutcome('succeeded')).toBe(false);
    expect(isCardPaymentOutcome(undefined)).toBe(false);
  });
});
