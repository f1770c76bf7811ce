import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INTERFACE_LOCALES } from './languages.ts';

/**
 * A Paraglide message: a text with `{placeholders}`, or variants chosen by selectors (plurals,
 * genders) as the inlang message format writes them.
 */
type Message = string | { declarations?: string[]; selectors?: string[]; match?: Record<string, string> }[];
type Catalogue = Record<string, Message>;

/** Where a catalogue's translation stands, so a native speaker knows what to read and approve. */
export const REVIEW_STATES = ['draft', 'reviewed'] as const;
export interface Review {
  status: (typeof REVIEW_STATES)[number];
  /** Who approved it, once a native speaker has. */
  reviewer?: string;
  note?: string;
}

export interface LocaleReport {
  locale: string;
  messages: number;
  review: string;
  problems: string[];
}

export interface CatalogueReport {
  /** The folder of `<locale>.json` files. */
  folder: string;
  locales: LocaleReport[];
  /** Problems of the set as a whole: the project's locale list, the review file. */
  problems: string[];
}

/**
 * Checks a folder of catalogues against English: every interface language present, with exactly
 * English's keys, each message using exactly English's inputs, every plural covering all of the
 * language's plural categories, and a review status for each translation.
 */
export function checkCatalogues(
  folder: string,
  settingsFile = path.join(folder, '..', 'project.inlang', 'settings.json'),
): CatalogueReport {
  const problems: string[] = [];
  const settings = readJson<{ locales?: string[] }>(settingsFile);
  const listed = settings?.locales ?? [];
  const unlisted = INTERFACE_LOCALES.filter((locale) => !listed.includes(locale));
  if (unlisted.length > 0) problems.push(`project.inlang/settings.json does not list ${unlisted.join(', ')}`);
  const reviews = readJson<Record<string, Review>>(path.join(folder, 'reviews.json')) ?? {};

  const english = readJson<Catalogue>(path.join(folder, 'en.json'));
  if (!english) return { folder, locales: [], problems: [...problems, 'en.json is missing or not JSON'] };
  const keys = messageKeys(english);
  const locales = INTERFACE_LOCALES.map((locale): LocaleReport => {
    const catalogue = readJson<Catalogue>(path.join(folder, `${locale}.json`));
    const review = locale === 'en' ? reviews.en : reviews[locale];
    const report: LocaleReport = { locale, messages: 0, review: reviewLabel(locale, review), problems: [] };
    if (!catalogue) {
      report.problems.push(`${locale}.json is missing or not JSON`);
      return report;
    }
    const own = messageKeys(catalogue);
    report.messages = own.length;
    const missing = keys.filter((key) => !(key in catalogue));
    const extra = own.filter((key) => !(key in english));
    if (missing.length > 0) report.problems.push(`lacks ${missing.length} of English's keys: ${missing.join(', ')}`);
    if (extra.length > 0) report.problems.push(`has ${extra.length} keys English lacks: ${extra.join(', ')}`);
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of own) {
      const message = catalogue[key];
      const reference = english[key];
      if (message === undefined || reference === undefined) continue;
      report.problems.push(...messageProblems(key, message, reference, categories));
    }
    if (locale !== 'en' && !isReview(review)) {
      report.problems.push(`reviews.json gives no status ("draft" or "reviewed" with a reviewer)`);
    }
    return report;
  });
  return { folder, locales, problems };
}

interface ProjectSettings {
  locales?: string[];
  'plugin.inlang.messageFormat'?: { pathPattern?: string | string[] };
}

/**
 * Checks every folder of catalogues an inlang project (`<dir>/project.inlang`) reads, as
 * `checkCatalogues` does, and that no key is in two of them: the compiled messages would keep
 * only one.
 */
export function checkProject(dir: string): CatalogueReport[] {
  const settingsFile = path.join(dir, 'project.inlang', 'settings.json');
  const settings = readJson<ProjectSettings>(settingsFile);
  const pattern = settings?.['plugin.inlang.messageFormat']?.pathPattern;
  const patterns = pattern === undefined ? [] : Array.isArray(pattern) ? pattern : [pattern];
  if (patterns.length === 0) {
    return [{ folder: dir, locales: [], problems: [`${settingsFile} names no catalogues (pathPattern)`] }];
  }
  const seen = new Map<string, string>();
  return patterns.map((pathPattern) => {
    const folder = path.join(dir, path.dirname(pathPattern));
    if (path.basename(pathPattern) !== '{locale}.json') {
      return { folder, locales: [], problems: [`${pathPattern}: catalogues must be named {locale}.json`] };
    }
    const report = checkCatalogues(folder, settingsFile);
    const keys = messageKeys(readJson<Catalogue>(path.join(folder, 'en.json')) ?? {});
    const shared = keys.filter((key) => seen.has(key));
    for (const key of shared)
      report.problems.push(`${key} is also in ${seen.get(key)}; each key belongs to one folder`);
    for (const key of keys) if (!seen.has(key)) seen.set(key, folder);
    return report;
  });
}

function messageKeys(catalogue: Catalogue): string[] {
  return Object.keys(catalogue).filter((key) => !key.startsWith('$'));
}

function messageProblems(key: string, message: Message, reference: Message, categories: string[]): string[] {
  const problems: string[] = [];
  const texts =
    typeof message === 'string' ? [message] : message.flatMap((variant) => Object.values(variant.match ?? {}));
  if (texts.length === 0 || texts.some((text) => typeof text !== 'string' || text.trim() === '')) {
    problems.push(`${key}: a text is empty`);
  }
  const wanted = inputsOf(reference);
  const used = inputsOf(message);
  const lost = [...wanted].filter((name) => !used.has(name));
  const added = [...used].filter((name) => !wanted.has(name));
  if (lost.length > 0) problems.push(`${key}: does not use {${lost.join('}, {')}}`);
  if (added.length > 0) problems.push(`${key}: uses {${added.join('}, {')}}, which English does not pass`);
  if (typeof message !== 'string') {
    for (const variant of message) {
      for (const declaration of variant.declarations ?? []) {
        const plural = /^local\s+(\w+)\s*=\s*\w+\s*:\s*plural\b/.exec(declaration);
        if (!plural) continue;
        const selector = plural[1];
        const covered = Object.keys(variant.match ?? {}).flatMap((condition) =>
          condition.split(',').flatMap((part) => {
            const [name, value] = part.split('=');
            return name?.trim() === selector && value ? [value.trim()] : [];
          }),
        );
        const uncovered = categories.filter((category) => !covered.includes(category));
        if (uncovered.length > 0) problems.push(`${key}: the plural has no text for ${uncovered.join(', ')}`);
      }
    }
  }
  return problems;
}

/** The inputs a message takes: its placeholders and its declared `input`s. */
function inputsOf(message: Message): Set<string> {
  const names = new Set<string>();
  const locals = new Set<string>();
  const variants = typeof message === 'string' ? [{ match: { '': message } }] : message;
  for (const variant of variants) {
    for (const declaration of 'declarations' in variant ? (variant.declarations ?? []) : []) {
      const input = /^input\s+(\w+)/.exec(declaration);
      if (input?.[1]) names.add(input[1]);
      const local = /^local\s+(\w+)/.exec(declaration);
      if (local?.[1]) locals.add(local[1]);
    }
    for (const text of Object.values(variant.match ?? {})) {
      for (const [, name] of String(text).matchAll(/\{(\w+)\}/g)) if (name && !locals.has(name)) names.add(name);
    }
  }
  return names;
}

function isReview(review: Review | undefined): boolean {
  if (!review || !(REVIEW_STATES as readonly string[]).includes(review.status)) return false;
  return review.status === 'draft' || Boolean(review.reviewer?.trim());
}

function reviewLabel(locale: string, review: Review | undefined): string {
  if (locale === 'en') return 'source';
  if (!isReview(review)) return 'no status';
  return review?.status === 'reviewed' ? `reviewed by ${review.reviewer}` : 'draft, awaiting a native reviewer';
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The reports as the test command prints them: a line per language, problems under it. */
export function describeReports(reports: CatalogueReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`${report.folder}`);
    for (const problem of report.problems) lines.push(`  ✗ ${problem}`);
    for (const locale of report.locales) {
      const mark = locale.problems.length === 0 ? '✓' : '✗';
      lines.push(
        `  ${mark} ${locale.locale.padEnd(6)} ${String(locale.messages).padStart(5)} messages  (${locale.review})`,
      );
      for (const problem of locale.problems) lines.push(`      ${problem}`);
    }
  }
  return lines.join('\n');
}

export function reportsFail(reports: CatalogueReport[]): boolean {
  return reports.some((report) => report.problems.length > 0 || report.locales.some((l) => l.problems.length > 0));
}
