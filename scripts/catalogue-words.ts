/**
 * English words of the interface, from the English catalogues themselves, to find any left on a
 * page, in an email or in a PDF meant for a person who reads another language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type Message = string | { match?: Record<string, string> }[];

const repo = path.resolve(import.meta.dirname, '..');

type App = 'storefront' | 'api' | 'admin';

/** Names that stay as they are in every language: the product, its partners, file formats. */
const PROPER_NAMES = new Set(['access', 'plus', 'stripe', 'apple', 'outlook', 'qr', 'ics', 'pdf', 'javascript']);

/** An app's catalogue in `locale`; the admin's is in a folder per area. */
export function catalogue(app: App, locale: string): Record<string, Message> {
  const folder = path.join(repo, app, 'messages');
  if (app !== 'admin') return JSON.parse(readFileSync(path.join(folder, `${locale}.json`), 'utf8'));
  const areas = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return Object.assign(
    {},
    ...areas.map((area) => JSON.parse(readFileSync(path.join(folder, area.name, `${locale}.json`), 'utf8'))),
  );
}

function textsOf(message: Message): string[] {
  return typeof message === 'string' ? [message] : message.flatMap((variant) => Object.values(variant.match ?? {}));
}

/** The words of texts, lowercased, placeholders left out. */
export function wordsOf(text: string): string[] {
  return [...text.replace(/\{\w+\}/g, ' ').matchAll(/\p{L}[\p{L}\p{M}'’]*/gu)].map(([word]) =>
    word.toLocaleLowerCase('en').replace(/['’]s$/, ''),
  );
}

/**
 * The English words of an app's catalogue that a page in `locale` must not show: those of the
 * English texts, but for proper names and words the translation itself uses where it says
 * something other than the English does (French "Total", Haitian "nan").
 */
export function englishWordsFor(app: App, locale: string): Set<string> {
  const english = catalogue(app, 'en');
  const own = catalogue(app, locale);
  const translated = new Set<string>();
  for (const [key, message] of Object.entries(own)) {
    if (key.startsWith('$')) continue;
    const reference = english[key];
    // A text the same as English is either left untranslated or a word both languages share
    // ("Total", "Festival"): a single word counts as shared, a sentence as untranslated.
    const same = reference !== undefined && JSON.stringify(reference) === JSON.stringify(message);
    if (same && !(typeof message === 'string' && wordsOf(message).length === 1)) continue;
    for (const text of textsOf(message)) for (const word of wordsOf(text)) translated.add(word);
  }
  const words = new Set<string>();
  for (const [key, message] of Object.entries(english)) {
    if (key.startsWith('$')) continue;
    for (const text of textsOf(message)) {
      for (const word of wordsOf(text)) if (!PROPER_NAMES.has(word) && !translated.has(word)) words.add(word);
    }
  }
  return words;
}

/**
 * The English interface words in `text`, once what the organizer and the buyer wrote (names,
 * titles, addresses) is taken out: they are the people's own words, in whatever language.
 */
export function englishWordsIn(text: string, english: Set<string>, theirs: string[] = []): string[] {
  let rest = text;
  for (const own of [...theirs].sort((a, b) => b.length - a.length)) rest = rest.split(own).join(' ');
  // Addresses; codes with digits in them (order numbers, tickets' short codes: `A7QK-…` holds no
  // English "a"); and the letters of a currency sign as a locale writes it (`US$20.00`).
  rest = rest
    .replace(/\S+@\S+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\S*\d\S*/gu, ' ')
    // Currency codes (`ALL`, `TRY`), which some lists show beside a currency's name.
    .replace(/\b\p{Lu}{3}\b/gu, ' ')
    .replace(/\p{Lu}{1,3}\$/gu, ' ');
  return [...new Set(wordsOf(rest).filter((word) => english.has(word)))];
}
