import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDoorTime, formatMoney, minorDigits } from './format';

describe('formatMoney', () => {
  it('reads integer cents in the order currency', () => {
    expect(formatMoney(123450, 'USD')).toBe('$1,234.50');
    expect(formatMoney(0, 'USD')).toBe('$0.00');
    expect(formatMoney(2500, 'CAD')).toBe('CA$25.00');
  });

  it("uses each currency's own minor unit", () => {
    expect(minorDigits('JPY')).toBe(0);
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(minorDigits('KWD')).toBe(3);
    expect(formatMoney(1500, 'KWD')).toMatch(/1\.500/);
  });

  it('still shows an amount for a code Intl does not know', () => {
    expect(formatMoney(1999, 'XX')).toBe('19.99 XX');
  });
});

describe('formatDoorTime', () => {
  const at = '2026-12-01T01:04:00.000Z';

  it("shows the time on the event's clock, without the date on the same day", () => {
    expect(formatDoorTime(at, 'America/Chicago', new Date('2026-11-30T23:00:00Z'))).toMatch(/^7:04\sPM$/u);
    expect(formatDoorTime(at, 'America/New_York', new Date('2026-11-30T23:00:00Z'))).toMatch(/^8:04\sPM$/u);
  });

  it('adds the date on another day', () => {
    expect(formatDoorTime(at, 'America/Chicago', new Date('2026-12-02T18:00:00Z'))).toMatch(/^Nov 30, 7:04\sPM$/u);
  });
});

describe('formatDateTime', () => {
  it('names the time zone', () => {
    expect(formatDateTime('2026-12-01T01:04:00.000Z', 'America/Los_Angeles')).toMatch(/^Nov 30, 2026, 5:04\sPM PST$/u);
  });
});

describe('formatDate', () => {
  it('gives the day on the clock it is asked for, without the time', () => {
    expect(formatDate('2026-12-01T01:04:00.000Z', 'America/Chicago')).toBe('Nov 30, 2026');
    expect(formatDate('2026-12-01T01:04:00.000Z', 'Africa/Addis_Ababa')).toBe('Dec 1, 2026');
  });
});
