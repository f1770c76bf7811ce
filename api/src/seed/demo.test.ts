import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/app.ts';
import { DEMO_ORGANIZERS, demoEvents, seedDemo } from './demo.ts';

/**
 * The demo organizers' events fall on the days their names say, on their own clocks: a Saturday
 * workshop on a Saturday, Enkutatash on 11 September (12 September in the year before a leap
 * year), Timkat on 19 January (20 in a leap year), independence days on theirs.
 */

interface Seeded {
  title: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function local(at: Date, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
    hour: Number(get('hour')),
  };
}

const leap = (year: number) => new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
const DAY = 86_400_000;

/** What each name promises, checked on the event's own clock; returns the rules it was held to. */
function expectTrueToItsName(event: Seeded, now: Date): string[] {
  const starts = local(event.starts_at, event.time_zone);
  const ends = local(event.ends_at, event.time_zone);
  const held: string[] = [];
  const rule = (name: string, ok: boolean) => {
    held.push(name);
    expect(ok, `${event.title} (${event.starts_at.toISOString()} in ${event.time_zone}): ${name}`).toBe(true);
  };
  rule('upcoming', event.starts_at > now);
  if (/Saturday/.test(event.title)) {
    rule('on a Saturday', starts.weekday === 6);
    rule('this coming Saturday', event.starts_at.getTime() - now.getTime() < 8 * DAY);
  }
  if (/Ethiopian New Year/.test(event.title)) {
    rule('on Enkutatash', starts.month === 9 && starts.day === (leap(starts.year + 1) ? 12 : 11));
    rule('the next one', event.starts_at.getTime() - now.getTime() < 367 * DAY);
  }
  if (/Timkat/.test(event.title)) {
    rule('on Timkat', starts.month === 1 && starts.day === (leap(starts.year) ? 20 : 19));
    rule('the next one', event.starts_at.getTime() - now.getTime() < 367 * DAY);
  }
  if (/Mexican Independence|Grito/.test(event.title)) {
    rule('on the evening of 15 September', starts.month === 9 && starts.day === 15 && starts.hour >= 17);
    rule('until the Grito at midnight', ends.month === 9 && (ends.day === 16 || (ends.day === 15 && ends.hour === 23)));
  }
  if (/Nigerian Independence/.test(event.title)) rule('on 1 October', starts.month === 10 && starts.day === 1);
  if (/Summer Finale/.test(event.title)) {
    const dayOfYear = starts.month * 100 + starts.day;
    rule('on a summer Saturday', starts.weekday === 6 && dayOfYear >= 621 && dayOfYear <= 922);
  }
  const programsYear = /Youth Programs (\d{4})/.exec(event.title)?.[1];
  if (programsYear) rule('the year before the programs', starts.year + 1 === Number(programsYear));
  if (/Night|Noche/.test(event.title)) rule('in the evening', starts.hour >= 17);
  return held;
}

const englishTitle = (title: Record<string, string>) => title.en ?? Object.values(title)[0] ?? '';

describe('the demo events on any day of the year', () => {
  it.each([
    ['a Friday night in December, already Saturday in UTC', '2026-12-05T03:00:00Z'],
    ['a Saturday', '2026-12-05T15:00:00Z'],
    ['the year before a leap year', '2027-06-01T12:00:00Z'],
    ['Enkutatash itself', '2027-09-12T16:00:00Z'],
    ['December before a leap year', '2027-12-04T12:00:00Z'],
    ['a leap year', '2028-02-29T12:00:00Z'],
    ['the day after the Grito', '2026-09-16T12:00:00Z'],
  ])('fall on the days their names say, seen on %s', (_when, iso) => {
    const now = new Date(iso);
    const rules = new Set<string>();
    for (const organizer of DEMO_ORGANIZERS) {
      for (const event of demoEvents(organizer, now)) {
        const held = expectTrueToItsName(
          {
            title: englishTitle(event.title),
            starts_at: new Date(event.starts_at),
            ends_at: new Date(event.ends_at),
            time_zone: event.time_zone,
          },
          now,
        );
        for (const name of held) rules.add(name);
      }
    }
    // Every kind of name was there to be checked.
    expect([...rules].sort()).toEqual(
      [
        'upcoming',
        'on a Saturday',
        'this coming Saturday',
        'on Enkutatash',
        'the next one',
        'on Timkat',
        'on the evening of 15 September',
        'until the Grito at midnight',
        'on 1 October',
        'on a summer Saturday',
        'the year before the programs',
        'in the evening',
      ].sort(),
    );
  });

  it('puts Enkutatash on 12 September in the year before a leap year, and Timkat on 20 January in one', () => {
    const addis = DEMO_ORGANIZERS[0];
    if (!addis) throw new Error('no demo organizer');
    const day = (now: string, title: RegExp) => {
      const event = demoEvents(addis, new Date(now)).find((e) => title.test(englishTitle(e.title)));
      return event && local(new Date(event.starts_at), event.time_zone);
    };
    expect(day('2027-06-01T12:00:00Z', /New Year/)).toMatchObject({ year: 2027, month: 9, day: 12 });
    expect(day('2028-06-01T12:00:00Z', /New Year/)).toMatchObject({ year: 2028, month: 9, day: 11 });
    expect(day('2027-12-04T12:00:00Z', /Timkat/)).toMatchObject({ year: 2028, month: 1, day: 20 });
    expect(day('2026-12-04T12:00:00Z', /Timkat/)).toMatchObject({ year: 2027, month: 1, day: 19 });
    expect(day('2026-12-04T12:00:00Z', /Saturday/)).toMatchObject({ year: 2026, month: 12, day: 5 });
  });
});

describe('seeding the demo', () => {
  let t: TestApp;
  const seededAt = new Date();

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.runtime.services, seededAt);
  });
  afterAll(() => t?.stop());

  it('creates every event on the day its name says', async () => {
    const { rows } = await t.admin.query<Seeded & { title: Record<string, string> }>(
      'select title, starts_at, ends_at, time_zone from events',
    );
    expect(rows).toHaveLength(DEMO_ORGANIZERS.reduce((count, organizer) => count + organizer.events.length, 0));
    for (const row of rows) expectTrueToItsName({ ...row, title: englishTitle(row.title) }, seededAt);
  });

  it('starts the demo owners verified, without sending them a verification email', async () => {
    const emails = DEMO_ORGANIZERS.map((organizer) => organizer.owner.email);
    const { rows } = await t.admin.query('select email, email_verified_at from users where email = any($1)', [emails]);
    expect(rows).toHaveLength(emails.length);
    for (const row of rows) expect(row.email_verified_at, row.email).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.mail.sent.filter((mail) => mail.kind === 'email_verification')).toEqual([]);
  });
});
