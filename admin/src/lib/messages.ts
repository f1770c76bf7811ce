import { INTERFACE_LOCALES, type InterfaceLocale, interfaceLocale } from '@accessplus/i18n';
import { m } from './paraglide/messages.js';

/**
 * The admin's own words, from the catalogues in `admin/messages/<area>/` (one per interface
 * language, compiled by Paraglide). What organizers write comes from them instead.
 */
type Catalogue = typeof m;
type Inputs<K extends keyof Catalogue> = Parameters<Catalogue[K]>[0];

/**
 * One language's words: a message without inputs is its text, one with inputs a function of them
 * (`t.common_save`, `t.events_ticketsSold({ count })`).
 */
export type Messages = {
  [K in keyof Catalogue]: keyof Inputs<K> extends never ? string : (inputs: Inputs<K>) => string;
};

/** The values of a status the catalogue words one message each (`orders_status_paid` → `paid`). */
export type StatusOf<Prefix extends string> = keyof Messages extends infer K
  ? K extends `${Prefix}_${infer Value}`
    ? Value
    : never
  : never;

export const ADMIN_LOCALES: readonly InterfaceLocale[] = INTERFACE_LOCALES;

// Every area's English catalogue: which messages take inputs.
const english = import.meta.glob<Record<string, unknown>>('../../messages/*/en.json', {
  eager: true,
  import: 'default',
});

/** Messages with inputs: in English, a text with a `{placeholder}` or one with variants. */
const withInputs = new Set(
  Object.values(english).flatMap((catalogue) =>
    Object.entries(catalogue)
      .filter(([key, text]) => !key.startsWith('$') && (typeof text !== 'string' || /\{\w+\}/.test(text)))
      .map(([key]) => key),
  ),
);

const catalogues = new Map<InterfaceLocale, Messages>();

/** The admin's words in `locale`, English for a language the admin is not written in. */
export function messagesFor(locale: string | null | undefined): Messages {
  const ui = interfaceLocale(locale);
  let messages = catalogues.get(ui);
  if (!messages) {
    messages = bound(ui);
    catalogues.set(ui, messages);
  }
  return messages;
}

function bound(locale: InterfaceLocale): Messages {
  const entries = Object.entries(m).map(([key, message]) => {
    const render = message as (inputs: Record<string, unknown>, options: { locale: InterfaceLocale }) => string;
    const text = withInputs.has(key)
      ? (inputs: Record<string, unknown>) => render(inputs, { locale })
      : render({}, { locale });
    return [key, text];
  });
  return Object.fromEntries(entries) as Messages;
}
