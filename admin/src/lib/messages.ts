import {
  type BoundMessages,
  bindMessages,
  INTERFACE_LOCALES,
  type InterfaceLocale,
  interfaceLocale,
  messagesWithInputs,
  type StatusOf as StatusIn,
} from '@accessplus/i18n';
import { m } from './paraglide/messages.js';

/**
 * The admin's own words, from the catalogues in `admin/messages/<area>/` (one per interface
 * language, compiled by Paraglide). What organizers write comes from them instead.
 * One language's words: `t.common_signOut` (a text), `t.events_ticketsSold({ count })` (a function).
 */
export type Messages = BoundMessages<typeof m>;

/** The values of a status the catalogue words one message each (`sales_orderStatus_paid` → `paid`). */
export type StatusOf<Prefix extends string> = StatusIn<Messages, Prefix>;

export const ADMIN_LOCALES: readonly InterfaceLocale[] = INTERFACE_LOCALES;

// Every area's English catalogue: which messages take inputs.
const english = import.meta.glob<Record<string, unknown>>('../../messages/*/en.json', {
  eager: true,
  import: 'default',
});
const withInputs = messagesWithInputs(Object.values(english));

const catalogues = new Map<InterfaceLocale, Messages>();

/** The admin's words in `locale`, English for a language the admin is not written in. */
export function messagesFor(locale: string | null | undefined): Messages {
  const ui = interfaceLocale(locale);
  let messages = catalogues.get(ui);
  if (!messages) {
    messages = bindMessages(m, withInputs, ui);
    catalogues.set(ui, messages);
  }
  return messages;
}
