import english from '../../messages/en.json';
import { matchLocale } from './locale';
import { m } from './paraglide/messages.js';
import { locales } from './paraglide/runtime.js';

/**
 * The storefront's own words, from the catalogues in `storefront/messages/` (one per interface
 * language, compiled by Paraglide). Event titles and descriptions come from the organizer instead.
 */
type Catalogue = typeof m;
type Inputs<K extends keyof Catalogue> = Parameters<Catalogue[K]>[0];

/**
 * One language's words: a message without inputs is its text, one with inputs a function of them
 * (`t.soldOut`, `t.ticketsLeft({ count })`).
 */
export type Messages = {
  [K in keyof Catalogue]: keyof Inputs<K> extends never ? string : (inputs: Inputs<K>) => string;
};

/** The values of a status the catalogue words one message each (`orderStatus_paid` → `paid`). */
export type StatusOf<Prefix extends string> = keyof Messages extends infer K
  ? K extends `${Prefix}_${infer Value}`
    ? Value
    : never
  : never;

/** Locales the storefront's own words are written in. */
export const UI_LOCALES: readonly string[] = locales;
type UiLocale = (typeof locales)[number];

/**
 * The UI locale that serves `locale`, English when there is no translation: an organizer may write
 * its events in a language the storefront's own words are not yet written in.
 */
export function uiLocale(locale: string): UiLocale {
  return (matchLocale(locale, locales) as UiLocale | undefined) ?? 'en';
}

const catalogues = new Map<UiLocale, Messages>();

export function messagesFor(locale: string): Messages {
  const ui = uiLocale(locale);
  let messages = catalogues.get(ui);
  if (!messages) {
    messages = bound(ui);
    catalogues.set(ui, messages);
  }
  return messages;
}

/** Messages with inputs: in the English catalogue, a text with a `{placeholder}` or one with variants. */
const withInputs = new Set(
  Object.entries(english)
    .filter(([, text]) => typeof text !== 'string' || /\{\w+\}/.test(text))
    .map(([key]) => key),
);

function bound(locale: UiLocale): Messages {
  const entries = Object.entries(m).map(([key, message]) => {
    const render = message as (inputs: Record<string, unknown>, options: { locale: UiLocale }) => string;
    const text = withInputs.has(key)
      ? (inputs: Record<string, unknown>) => render(inputs, { locale })
      : render({}, { locale });
    return [key, text];
  });
  return Object.fromEntries(entries) as Messages;
}
