/**
 * The home page's date filters, on the organizer's clock: a buyer in Houston asking for "this
 * weekend" means Houston's Saturday, wherever the server runs.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How far `timeZone`'s clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** A `YYYY-MM-DD` that is a real day; null otherwise. */
export function isoDate(value: string | null): string | null {
  const match = ISO_DATE.exec(value ?? '');
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d ? (value as string) : null;
}

/** Midnight at the start of `date` (`YYYY-MM-DD`) on `timeZone`'s clock. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let at = wall - offsetMs(new Date(wall), timeZone);
  // Across a change of clocks the first guess is an hour out; the second is right.
  at = wall - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** The day `at` falls on, on `timeZone`'s clock, as `YYYY-MM-DD`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export const DATE_PRESETS = ['weekend', 'month'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/**
 * The window of start times the catalog is asked for: typed dates (the last one included) win
 * over a preset; "this weekend" is the coming Saturday and Sunday (or the rest of it, on a
 * weekend), "this month" the rest of the month.
 */
export function dateWindow(
  filters: { when: string; from: string; to: string },
  timeZone: string,
  now = new Date(),
): { starts_from?: string; starts_before?: string } {
  const from = isoDate(filters.from);
  const to = isoDate(filters.to);
  if (from || to) {
    return {
      ...(from ? { starts_from: startOfDay(from, timeZone).toISOString() } : {}),
      ...(to ? { starts_before: startOfDay(addDays(to, 1), timeZone).toISOString() } : {}),
    };
  }
  const today = dayIn(now, timeZone);
  if (filters.when === 'weekend') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    const saturday = weekday === 0 ? addDays(today, -1) : addDays(today, 6 - weekday);
    return {
      // Events of a weekend already under way that are not over yet are the API's default.
      ...(weekday === 0 || weekday === 6 ? {} : { starts_from: startOfDay(saturday, timeZone).toISOString() }),
      starts_before: startOfDay(addDays(saturday, 2), timeZone).toISOString(),
    };
  }
  if (filters.when === 'month') {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const nextMonth = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    return { starts_before: startOfDay(nextMonth, timeZone).toISOString() };
  }
  return {};
}
