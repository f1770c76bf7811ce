import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogues, checkProject, describeReports, reportsFail } from './catalogues.ts';
import { DateFormat } from './dates.ts';
import { INTERFACE_LOCALES, interfaceLocale, languageName, pickLocale, textDirection } from './languages.ts';

const plural = (match: Record<string, string>) => [
  { declarations: ['input count', 'local countPlural = count: plural'], selectors: ['countPlural'], match },
];

/** A project folder with one catalogue per interface language, each a copy of `base` changed by `change`. */
function project(base: Record<string, unknown>, change: Record<string, (c: Record<string, unknown>) => void> = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'catalogues-'));
  mkdirSync(path.join(root, 'project.inlang'));
  mkdirSync(path.join(root, 'messages'));
  writeFileSync(path.join(root, 'project.inlang', 'settings.json'), JSON.stringify({ locales: INTERFACE_LOCALES }));
  const reviews: Record<string, unknown> = {};
  for (const locale of INTERFACE_LOCALES) {
    const catalogue = structuredClone(base);
    if (catalogue.left) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      catalogue.left = plural(Object.fromEntries(categories.map((c) => [`countPlural=${c}`, `${c} {count}`])));
    }
    change[locale]?.(catalogue);
    writeFileSync(path.join(root, 'messages', `${locale}.json`), JSON.stringify(catalogue));
    reviews[locale] = { status: 'draft' };
  }
  writeFileSync(path.join(root, 'messages', 'reviews.json'), JSON.stringify(reviews));
  return path.join(root, 'messages');
}

describe('the catalogue check', () => {
  const base = { $schema: 'x', hello: 'Hello {name}', bye: 'Bye', left: [] };

  it('passes catalogues that match English, and counts each language', () => {
    const report = checkCatalogues(project(base));
    expect(reportsFail([report])).toBe(false);
    expect(report.locales.map((l) => [l.locale, l.messages])).toEqual(INTERFACE_LOCALES.map((l) => [l, 3]));
    expect(describeReports([report])).toMatch(/✓ am +3 messages {2}\(draft, awaiting a native reviewer\)/);
  });

  it('fails a language that lacks a key English has, or has one English lacks', () => {
    const report = checkCatalogues(
      project(base, {
        am: (c) => delete c.bye,
        ht: (c) => Object.assign(c, { extra: 'Extra' }),
      }),
    );
    expect(reportsFail([report])).toBe(true);
    const problems = Object.fromEntries(report.locales.map((l) => [l.locale, l.problems]));
    expect(problems.am).toEqual(["lacks 1 of English's keys: bye"]);
    expect(problems.ht).toEqual(['has 1 keys English lacks: extra']);
    expect(problems.fr).toEqual([]);
  });

  it('fails a message that drops or invents an input, is empty, or leaves a plural category without a text', () => {
    const report = checkCatalogues(
      project(base, {
        fr: (c) => Object.assign(c, { hello: 'Bonjour' }),
        es: (c) => Object.assign(c, { hello: 'Hola {nombre}' }),
        sw: (c) => Object.assign(c, { bye: ' ' }),
        ar: (c) => Object.assign(c, { left: plural({ 'countPlural=one': 'x', 'countPlural=other': '{count}' }) }),
      }),
    );
    const problems = Object.fromEntries(report.locales.map((l) => [l.locale, l.problems]));
    expect(problems.fr).toEqual(['hello: does not use {name}']);
    expect(problems.es).toEqual(['hello: does not use {name}', 'hello: uses {nombre}, which English does not pass']);
    expect(problems.sw).toEqual(['bye: a text is empty']);
    expect(problems.ar).toEqual(['left: the plural has no text for few, many, two, zero']);
  });

  it('asks a review status of every translation, and the project to list every language', () => {
    const folder = project(base);
    writeFileSync(path.join(folder, 'reviews.json'), JSON.stringify({ es: { status: 'reviewed' } }));
    writeFileSync(path.join(folder, '..', 'project.inlang', 'settings.json'), JSON.stringify({ locales: ['en'] }));
    const report = checkCatalogues(folder);
    expect(report.problems[0]).toMatch(/does not list es, fr, ht/);
    expect(report.locales.find((l) => l.locale === 'es')?.problems).toEqual([
      'reviews.json gives no status ("draft" or "reviewed" with a reviewer)',
    ]);
  });
});

describe('a project with catalogues in several folders', () => {
  /** A project reading `messages/<area>/{locale}.json` for each area, each area's catalogue `base` plus its own keys. */
  function areas(keys: Record<string, Record<string, string>>) {
    const root = mkdtempSync(path.join(tmpdir(), 'project-'));
    mkdirSync(path.join(root, 'project.inlang'));
    const pathPattern = Object.keys(keys).map((area) => `./messages/${area}/{locale}.json`);
    const settings = { locales: INTERFACE_LOCALES, 'plugin.inlang.messageFormat': { pathPattern } };
    writeFileSync(path.join(root, 'project.inlang', 'settings.json'), JSON.stringify(settings));
    for (const [area, messages] of Object.entries(keys)) {
      mkdirSync(path.join(root, 'messages', area), { recursive: true });
      for (const locale of INTERFACE_LOCALES) {
        writeFileSync(path.join(root, 'messages', area, `${locale}.json`), JSON.stringify(messages));
      }
      const reviews = Object.fromEntries(INTERFACE_LOCALES.map((locale) => [locale, { status: 'draft' }]));
      writeFileSync(path.join(root, 'messages', area, 'reviews.json'), JSON.stringify(reviews));
    }
    return root;
  }

  it('checks every folder the project reads', () => {
    const reports = checkProject(areas({ events: { save: 'Save' }, door: { admit: 'Admit', scan: 'Scan' } }));
    expect(reports.map((r) => [path.basename(r.folder), r.locales[0]?.messages])).toEqual([
      ['events', 1],
      ['door', 2],
    ]);
    expect(reportsFail(reports)).toBe(false);
  });

  it('fails a key that two folders both have', () => {
    const reports = checkProject(areas({ events: { save: 'Save' }, door: { save: 'Save', scan: 'Scan' } }));
    expect(reportsFail(reports)).toBe(true);
    expect(reports[1]?.problems).toEqual([
      expect.stringMatching(/^save is also in .*events; each key belongs to one folder$/),
    ]);
  });
});

describe('languages', () => {
  it('names each interface language in itself, and knows which are written right to left', () => {
    expect(INTERFACE_LOCALES.map((l) => languageName(l))).toEqual([
      'English',
      'Español',
      'Français',
      'Kreyòl ayisyen',
      'Português (Brasil)',
      'العربية',
      'አማርኛ',
      'Kiswahili',
      'Èdè Yorùbá',
    ]);
    expect(languageName('ti')).toBe('ትግርኛ');
    // In another language: Intl's names, and ours where it has none in Haitian Creole.
    expect(['am', 'ar'].map((l) => languageName(l, 'fr'))).toEqual(['Amharique', 'Arabe']);
    expect(['am', 'ar', 'ht'].map((l) => languageName(l, 'ht'))).toEqual(['Amarik', 'Arab', 'Kreyòl ayisyen']);
    expect(INTERFACE_LOCALES.filter((l) => textDirection(l) === 'rtl')).toEqual(['ar']);
  });

  it('chooses the interface language of a locale, English for a language without one', () => {
    expect([interfaceLocale('pt'), interfaceLocale('ar-EG'), interfaceLocale('ti'), interfaceLocale(null)]).toEqual([
      'pt-BR',
      'ar',
      'en',
      'en',
    ]);
    expect(pickLocale({ acceptLanguage: 'ht,fr;q=0.8', supported: ['en', 'fr', 'ht'], fallback: 'en' })).toBe('ht');
  });
});

describe('dates', () => {
  const at = new Date('2026-12-05T23:30:00Z');
  it('writes Haitian Creole month and day names, on the event clock', () => {
    const full = new DateFormat('ht', { dateStyle: 'full', timeZone: 'America/New_York' });
    expect(full.format(at)).toBe('samdi 5 desanm 2026');
    const withTime = new DateFormat('ht', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'America/New_York',
    });
    expect(withTime.format(at)).toBe('samdi 5 desanm a 18:30');
    const short = new DateFormat('ht', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'Asia/Tokyo' });
    expect(short.format(at)).toBe('dim. 6 des.');
    const range = new DateFormat('ht', { month: 'long', day: 'numeric', timeZone: 'UTC' });
    expect(range.formatRange(at, new Date('2027-01-02T00:00:00Z')).replace(/\s/g, ' ')).toBe(
      '5 desanm 2026 – 2 janvye 2027',
    );
  });

  it('leaves every other language to Intl', () => {
    const options = { dateStyle: 'full', timeZone: 'UTC' } as const;
    expect(new DateFormat('am', options).format(at)).toBe(new Intl.DateTimeFormat('am', options).format(at));
  });
});
