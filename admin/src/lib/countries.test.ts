import { describe, expect, it } from 'vitest';
import { countryChoices, countryDefaults, timeZoneLabel } from './countries';

describe('countryChoices', () => {
  it("names and sorts the countries in the reader's language", () => {
    const english = countryChoices();
    expect(english.find((choice) => choice.code === 'DE')?.name).toBe('Germany');
    expect(english.map((choice) => choice.name)).toEqual(
      english.map((choice) => choice.name).sort((a, b) => a.localeCompare(b, 'en')),
    );
    expect(countryChoices('es').find((choice) => choice.code === 'DE')?.name).toBe('Alemania');
  });
});

describe('countryDefaults', () => {
  it("gives a country's currency, main zone and languages, its zones named in the reader's language", () => {
    const ethiopia = countryDefaults('et');
    expect(ethiopia).toMatchObject({
      country: 'ET',
      currency: 'ETB',
      timeZone: 'Africa/Addis_Ababa',
      languages: ['am', 'en'],
    });
    expect(ethiopia.timeZones.find((zone) => zone.value === 'Africa/Addis_Ababa')?.label).toBe(
      'East Africa Time — Addis Ababa (UTC+03:00)',
    );
    expect(countryDefaults('US', 'fr').timeZones.find((zone) => zone.value === 'America/New_York')?.label).toMatch(
      /^heure de l’Est nord-américain — New York \(UTC/,
    );
  });
});

describe('timeZoneLabel', () => {
  it('names a zone as people recognize it', () => {
    expect(timeZoneLabel('Africa/Nairobi')).toBe('East Africa Time — Nairobi (UTC+03:00)');
  });
});
