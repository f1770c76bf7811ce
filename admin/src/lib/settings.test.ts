import { describe, expect, it } from 'vitest';
// The API's own pricing, to keep the settings page's example in step with what checkout charges.
import { priceOrder } from '../../../api/src/modules/checkout/pricing';
import { messagesFor } from './messages';
import {
  amountInput,
  currencyChoices,
  examplePrice,
  feeExample,
  fromLocalInput,
  localeChoices,
  parseAmount,
  parsePercent,
  parseWhole,
  slot,
  slotted,
  taxPlace,
  timeZoneChoices,
  toLocalInput,
} from './settings';

describe('typed numbers', () => {
  it('reads percentages exactly, in basis points or parts per million', () => {
    expect(parsePercent('2.5', 'percent_bp')).toBe(250);
    expect(parsePercent(' 10 %', 'percent_bp')).toBe(1000);
    expect(parsePercent('.75', 'percent_bp')).toBe(75);
    expect(parsePercent('0', 'percent_bp')).toBe(0);
    expect(parsePercent('8.875', 'percent_ppm')).toBe(88_750);
    expect(parsePercent('0.0001', 'percent_ppm')).toBe(1);
    // 0.1 + 0.2 style float errors cannot creep in: digits are moved, not multiplied.
    expect(parsePercent('4.35', 'percent_bp')).toBe(435);
    expect(parsePercent('60', 'percent_bp')).toBe(6000);
  });

  it('refuses what is not a plain non-negative number with few enough decimals', () => {
    for (const text of ['', 'ten', '-1', '2.555', '1e3', '2.5.1', '%']) {
      expect(parsePercent(text, 'percent_bp'), text).toBeNull();
    }
    expect(parsePercent('8.87501', 'percent_ppm')).toBeNull();
  });

  it("reads amounts in the currency's minor unit", () => {
    expect(parseAmount('1.50', 'USD')).toBe(150);
    expect(parseAmount('$1,250', 'USD')).toBe(125_000);
    expect(parseAmount('0.5', 'USD')).toBe(50);
    expect(parseAmount('500', 'JPY')).toBe(500);
    expect(parseAmount('1.5', 'JPY')).toBeNull();
    expect(parseAmount('1.005', 'USD')).toBeNull();
    expect(parseAmount('-1', 'USD')).toBeNull();
    expect(amountInput(150, 'USD')).toBe('1.50');
    expect(amountInput(500, 'JPY')).toBe('500');
  });

  it('reads whole numbers', () => {
    expect(parseWhole('15')).toBe(15);
    expect(parseWhole('1,000')).toBe(1000);
    expect(parseWhole('1.5')).toBeNull();
    expect(parseWhole('')).toBeNull();
  });
});

describe('feeExample', () => {
  const cases = [
    { service_fee_percent_bp: 0, service_fee_flat_cents: 0, fees_paid_by: 'buyer', impact_fee_share_bp: 0 },
    { service_fee_percent_bp: 250, service_fee_flat_cents: 99, fees_paid_by: 'buyer', impact_fee_share_bp: 1000 },
    { service_fee_percent_bp: 333, service_fee_flat_cents: 0, fees_paid_by: 'organizer', impact_fee_share_bp: 2500 },
    {
      service_fee_percent_bp: 5000,
      service_fee_flat_cents: 100_000,
      fees_paid_by: 'buyer',
      impact_fee_share_bp: 10_000,
    },
    { service_fee_percent_bp: 125, service_fee_flat_cents: 25, fees_paid_by: 'organizer', impact_fee_share_bp: 3333 },
  ] as const;

  it.each(cases)('prices a ticket as checkout does: %o', (settings) => {
    for (const price of [2000, 1999, 1, 0, 123_457]) {
      const example = feeExample(settings, price);
      const order = priceOrder(
        [{ kind: 'ticket', refId: 'tier', quantity: 1, unitPriceCents: price, taxRatePpm: 0 }],
        {
          percentBp: settings.service_fee_percent_bp,
          flatCents: settings.service_fee_flat_cents,
          paidBy: settings.fees_paid_by,
          impactShareBp: settings.impact_fee_share_bp,
          feesTaxable: false,
        },
        null,
      );
      expect(example.buyerPaysCents).toBe(order.totalCents);
      expect(example.feeCents).toBe(order.feeCents + order.organizerFeeCents);
      expect(example.impactCents).toBe(order.impactFeeCents);
      // What the ledger credits the organizer for the sale: the total less tax and every fee.
      expect(example.youReceiveCents).toBe(order.totalCents - order.feeCents - order.organizerFeeCents);
    }
  });

  it('uses a ticket of 20 in the main unit of the currency', () => {
    expect(examplePrice('USD')).toBe(2000);
    expect(examplePrice('JPY')).toBe(20);
  });
});

describe('datetime-local on the organizer clock', () => {
  it('turns a wall-clock time into the moment it means there, and back', () => {
    expect(fromLocalInput('2026-05-01T19:30', 'America/Chicago')).toBe('2026-05-02T00:30:00.000Z');
    expect(fromLocalInput('2026-01-15T09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    expect(fromLocalInput('2026-07-01T12:00', 'Africa/Addis_Ababa')).toBe('2026-07-01T09:00:00.000Z');
    expect(toLocalInput('2026-05-02T00:30:00.000Z', 'America/Chicago')).toBe('2026-05-01T19:30');
    expect(toLocalInput(null, 'America/Chicago')).toBe('');
  });

  it('handles the days clocks change', () => {
    // 8 March 2026, 02:30 does not exist in New York: it is taken as 03:30 EDT.
    expect(fromLocalInput('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(fromLocalInput('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(fromLocalInput('2026-11-01T12:00', 'America/New_York')).toBe('2026-11-01T17:00:00.000Z');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(fromLocalInput('', 'America/Chicago')).toBeNull();
    expect(fromLocalInput('tomorrow', 'America/Chicago')).toBeNull();
    expect(fromLocalInput('2026-02-30T10:00', 'America/Chicago')).toBeNull();
  });
});

describe('choices', () => {
  it('offers our languages and keeps any other the organizer has', () => {
    const tags = localeChoices(['en', 'ti', 'ti'], 'en').map((locale) => locale.tag);
    expect(tags).toEqual(['en', 'es', 'fr', 'ht', 'pt-BR', 'ar', 'am', 'sw', 'yo', 'ti']);
  });

  it("names the languages in the admin's language and in their own", () => {
    const inEnglish = new Map(localeChoices(['ti'], 'en').map((locale) => [locale.tag, locale]));
    expect(inEnglish.get('am')).toEqual({ tag: 'am', name: 'Amharic', own: 'አማርኛ' });
    expect(inEnglish.get('en')).toEqual({ tag: 'en', name: 'English', own: 'English' });
    expect(inEnglish.get('ti')?.name).toBe('Tigrinya');
    const inFrench = new Map(localeChoices([], 'fr').map((locale) => [locale.tag, locale]));
    expect(inFrench.get('es')).toEqual({ tag: 'es', name: 'Espagnol', own: 'Español' });
    expect(inFrench.get('fr')).toEqual({ tag: 'fr', name: 'Français', own: 'Français' });
    expect(localeChoices([], 'ht').find((locale) => locale.tag === 'en')?.name).toBe('Angle');
  });

  it("names currencies in the admin's language", () => {
    expect(currencyChoices('USD', 'en').find((currency) => currency.code === 'USD')?.name).toBe('US Dollar');
    expect(currencyChoices('USD', 'es').find((currency) => currency.code === 'USD')?.name).toBe('dólar estadounidense');
  });

  it('offers IANA time zones, with the current one even if it is an alias', () => {
    expect(timeZoneChoices('America/Chicago')).toContain('America/New_York');
    expect(timeZoneChoices('US/Eastern')).toContain('US/Eastern');
  });
});

describe('labels', () => {
  it('says where a tax rate applies', () => {
    const t = messagesFor('en');
    expect(taxPlace({ state: 'MD', city: '' }, t)).toBe('MD (statewide)');
    expect(taxPlace({ state: 'MD', city: 'Baltimore' }, t)).toBe('Baltimore, MD');
    expect(taxPlace({ state: 'MD', city: '' }, messagesFor('fr'))).toBe('MD (tout l’État)');
  });
});

describe('sentences with markup in them', () => {
  it('cuts a translated sentence where its markup goes, wherever the language puts it', () => {
    const en = messagesFor('en').settings_ownerChangesPlan({ planPage: slot(0) });
    expect(slotted(en)).toEqual(['An owner can change the plan on the ', 0, ' page.']);
    const pieces = slotted(messagesFor('fr').settings_ownerChangesPlan({ planPage: slot(0) }));
    expect(pieces).toContain(0);
    expect(pieces.filter((piece) => typeof piece === 'string').join('')).not.toContain('An owner');
    expect(slotted(`${slot(1)} and ${slot(0)}`)).toEqual([1, ' and ', 0]);
  });
});
