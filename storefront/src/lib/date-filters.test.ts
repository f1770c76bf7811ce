import { describe, expect, it } from 'vitest';
import { dateWindow, isoDate, startOfDay } from './date-filters';

describe('the home page date filters', () => {
  it("reads days on the organizer's clock, across a change of clocks", () => {
    expect(startOfDay('2026-07-04', 'America/Chicago').toISOString()).toBe('2026-07-04T05:00:00.000Z');
    expect(startOfDay('2026-01-10', 'America/Chicago').toISOString()).toBe('2026-01-10T06:00:00.000Z');
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('takes typed dates, the last day included, before a preset', () => {
    expect(dateWindow({ when: 'weekend', from: '2026-07-01', to: '2026-07-02' }, 'America/Chicago')).toEqual({
      starts_from: '2026-07-01T05:00:00.000Z',
      starts_before: '2026-07-03T05:00:00.000Z',
    });
    expect(dateWindow({ when: '', from: '2026-02-30', to: '' }, 'UTC')).toEqual({});
    expect(isoDate('2026-13-01')).toBeNull();
  });

  it('makes "this weekend" the coming Saturday and Sunday, and "this month" the rest of it', () => {
    // Wednesday, July 1, 2026, at noon in Houston.
    const wednesday = new Date('2026-07-01T17:00:00Z');
    expect(dateWindow({ when: 'weekend', from: '', to: '' }, 'America/Chicago', wednesday)).toEqual({
      starts_from: '2026-07-04T05:00:00.000Z',
      starts_before: '2026-07-06T05:00:00.000Z',
    });
    // Sunday: what is left of it.
    const sunday = new Date('2026-07-05T17:00:00Z');
    expect(dateWindow({ when: 'weekend', from: '', to: '' }, 'America/Chicago', sunday)).toEqual({
      starts_before: '2026-07-06T05:00:00.000Z',
    });
    expect(dateWindow({ when: 'month', from: '', to: '' }, 'America/Chicago', wednesday)).toEqual({
      starts_before: '2026-08-01T05:00:00.000Z',
    });
  });
});
