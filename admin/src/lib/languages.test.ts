import { describe, expect, it } from 'vitest';
import { languageChoices, languageLabel } from './languages';

describe('languageLabel', () => {
  it('names a language in English, with its own name where that differs', () => {
    expect(languageLabel('am', 'en')).toBe('Amharic (አማርኛ)');
    expect(languageLabel('es', 'en')).toBe('Spanish (español)');
    expect(languageLabel('en', 'en')).toBe('English');
    expect(languageLabel('ha', 'en')).toBe('Hausa');
  });

  it("names it in the admin's language, Kreyòl included", () => {
    expect(languageLabel('am', 'fr')).toBe('Amharique (አማርኛ)');
    expect(languageLabel('fr', 'fr')).toBe('Français');
    expect(languageLabel('am', 'ht')).toBe('Amarik (አማርኛ)');
    expect(languageLabel('ht', 'en')).toBe('Haitian Creole (Kreyòl ayisyen)');
    expect(languageLabel('ht', 'ht')).toBe('Kreyòl ayisyen');
  });

  it('keeps a tag it has no name for as it is', () => {
    expect(languageLabel('not a tag', 'en')).toBe('not a tag');
  });
});

describe('languageChoices', () => {
  it('lists the usual languages, then the organizer’s others, labelled for the reader', () => {
    const choices = languageChoices('es', ['de']);
    expect(choices[0]).toEqual({ code: 'en', label: 'Inglés (English)' });
    expect(choices.at(-1)).toEqual({ code: 'de', label: 'Alemán (Deutsch)' });
  });
});
