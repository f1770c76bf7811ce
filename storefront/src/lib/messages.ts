import { type BoundMessages, bindMessages, messagesWithInputs, type StatusOf as StatusIn } from '@accessplus/i18n';
import english from '../../messages/en.json';
import { matchLocale } from './locale';
import { m } from './paraglide/messages.js';
import { locales } from './paraglide/runtime.js';

/**
 * The storefront's own words, from the catalogues in `storefront/messages/` (one per interface
 * language, compiled by Paraglide). Event titles and descriptions come from the organizer instead.
 * One language's words: `t.soldOut` (a text), `t.ticketsLeft({ count })` (a function).
 */
export type Messages = BoundMessages<typeof m>;

/** The values of a status the catalogue words one message each (`orderStatus_paid` → `paid`). */
export type StatusOf<Prefix extends string> = StatusIn<Messages, Prefix>;

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

const withInputs = messagesWithInputs([english]);
const catalogues = new Map<UiLocale, Messages>();

export function messagesFor(locale: string): Messages {
  const ui = uiLocale(locale);
  let messages = catalogues.get(ui);
  if (!messages) {
    messages = bindMessages(m, withInputs, ui);
    catalogues.set(ui, messages);
  }
  return messages;
}
