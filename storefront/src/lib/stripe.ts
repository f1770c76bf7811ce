import type { Appearance, StripeElementLocale } from '@stripe/stripe-js';
import { matchLocale } from './locale';
import type { StatusOf } from './messages';

/** The languages Stripe's Elements speak (`StripeElementLocale`), each language before its regional forms. */
const ELEMENTS_LOCALES: readonly StripeElementLocale[] = [
  'ar',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-AU',
  'en-CA',
  'en-NZ',
  'en-GB',
  'es',
  'es-ES',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'fr-FR',
  'he',
  'hu',
  'hr',
  'id',
  'it',
  'it-IT',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'no',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
];

/**
 * The language for Stripe's card fields: the first of `preferred` that Stripe speaks. Stripe has
 * no Amharic or Yoruba, so a buyer reading the organizer's text in those gets the fields in the
 * language of the page's own words (the UI locale), which comes last.
 */
export function elementsLocale(...preferred: string[]): StripeElementLocale {
  for (const locale of preferred) {
    const match = matchLocale(locale, ELEMENTS_LOCALES) as StripeElementLocale | undefined;
    if (match) return match;
  }
  return 'auto';
}

/**
 * Stripe's Payment Element dressed in the storefront's look: the theme's custom properties as
 * the page computes them (Stripe's frame cannot read `var(…)`), each only where it is set.
 */
export function elementsAppearance(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>): Appearance {
  const themed: [keyof NonNullable<Appearance['variables']>, string][] = [
    ['colorPrimary', '--brand'],
    ['colorText', '--text'],
    ['colorTextSecondary', '--muted'],
    ['colorBackground', '--surface'],
    ['colorDanger', '--danger'],
    ['borderRadius', '--radius'],
    ['fontFamily', '--font'],
  ];
  const variables: NonNullable<Appearance['variables']> = {};
  for (const [variable, property] of themed) {
    const value = style.getPropertyValue(property).trim();
    if (value) variables[variable] = value;
  }
  return { theme: 'stripe', variables };
}

/** How a card payment finished in the browser stood when the buyer came back, as the order page says it. */
export type CardPaymentOutcome = StatusOf<'cardPaymentOutcome'>;

const OUTCOMES: readonly string[] = ['failed', 'processing', 'refunded'] satisfies CardPaymentOutcome[];

export function isCardPaymentOutcome(value: string | undefined): value is CardPaymentOutcome {
  return value !== undefined && OUTCOMES.includes(value);
}

/** Stripe sends the buyer back to `return_url` with these added (`redirect_status`: succeeded, processing, failed). */
export function isStripeReturn(url: URL): boolean {
  return url.searchParams.has('payment_intent') || url.searchParams.has('redirect_status');
}
