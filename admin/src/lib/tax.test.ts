import { describe, expect, it } from 'vitest';
import { messagesFor } from './messages';
import {
  decimalAmount,
  form1099KThreshold,
  form1099NecThreshold,
  maskedTin,
  monthName,
  taxYears,
  thresholdMoney,
  yearParam,
} from './tax';

const en = messagesFor('en');

describe('the tax pages’ helpers', () => {
  it('writes amounts for a spreadsheet: major units with a dot, no grouping', () => {
    expect(decimalAmount(123_450, 'USD')).toBe('1234.50');
    expect(decimalAmount(5, 'USD')).toBe('0.05');
    expect(decimalAmount(0, 'USD')).toBe('0.00');
    expect(decimalAmount(-1999, 'USD')).toBe('-19.99');
    expect(decimalAmount(1500, 'JPY')).toBe('1500');
  });

  it('says each year’s federal thresholds in words', () => {
    expect(
      form1099KThreshold({ amount_cents: 2_000_000, transactions: 200, rule: 'tpso_20000_200' }, 'USD', en, 'en-US'),
    ).toBe('more than $20,000 and more than 200 payments');
    expect(
      form1099KThreshold({ amount_cents: 500_000, transactions: null, rule: 'transition_5000' }, 'USD', en, 'en-US'),
    ).toBe('more than $5,000');
    expect(
      form1099NecThreshold({ amount_cents: 60_000, transactions: null, rule: 'nec_600' }, 'USD', en, 'en-US'),
    ).toContain('$600 or more');
    expect(
      form1099NecThreshold({ amount_cents: 200_000, transactions: null, rule: 'nec_2000_indexed' }, 'USD', en, 'en-US'),
    ).toContain('from 2027 the IRS adjusts $2,000 for inflation');
    expect(thresholdMoney(60_050, 'USD', 'en-US')).toBe('$600.50');
  });

  it('reads the year asked for, and only a year the API keeps', () => {
    expect(yearParam(new URL('http://admin.test/tax?year=2024'))).toBe(2024);
    expect(yearParam(new URL('http://admin.test/tax?year=1999'))).toBeUndefined();
    expect(yearParam(new URL('http://admin.test/tax?year=twenty'))).toBeUndefined();
    expect(yearParam(new URL('http://admin.test/tax'))).toBeUndefined();
    expect(taxYears(2022)).toEqual([2022, 2021, 2020]);
  });

  it('shows a number only by its last four digits, and months in the reader’s language', () => {
    expect(maskedTin('6789')).toBe('••••\u00a06789');
    expect(maskedTin(null)).toBeNull();
    expect(monthName(1, 'en-US')).toBe('January');
    expect(monthName(12, 'es')).toBe('diciembre');
  });
});
