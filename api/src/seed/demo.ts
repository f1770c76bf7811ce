import { randomBytes } from 'node:crypto';
import { runInTenant, type Services } from '../context.ts';
import type { TenantPlan } from '../db/schema.ts';
import { dayIn } from '../lib/i18n.ts';
import { openAccount } from '../modules/auth/auth.service.ts';
import type { NewEvent } from '../modules/events/events.schemas.ts';
import { createEvent, publishEvent } from '../modules/events/events.service.ts';
import { findTenantBySlug } from '../modules/tenants/tenants.repository.ts';
import type { NewOrganizer } from '../modules/tenants/tenants.schemas.ts';

export const DEMO_ORGANIZER_SLUG = 'addis-cultural-center';

/** A day on the calendar of some place; `month` 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** When a demo event falls, given today's date where it takes place. Always after today. */
type DemoDay = (today: CalendarDate) => CalendarDate;

interface DemoEvent extends Omit<NewEvent, 'starts_at' | 'ends_at' | 'title'> {
  /** A function of the event's year when the name says the year. */
  title: NewEvent['title'] | ((year: number) => NewEvent['title']);
  on: DemoDay;
  /** Local wall-clock start, `HH:MM`, and how long it lasts. */
  at: string;
  hours: number;
  draft?: boolean;
}

interface DemoOrganizer {
  owner: { email: string; display_name: string };
  organizer: NewOrganizer;
  /** A paid plan to showcase; sign-up always starts on Basic. */
  plan?: TenantPlan;
  events: DemoEvent[];
}

const DAY_MS = 86_400_000;

function dayNumber({ year, month, day }: CalendarDate): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(days: number): CalendarDate {
  const date = new Date(days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 for Sunday … 6 for Saturday. */
export function weekday(date: CalendarDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Today's date in `zone`. */
export function todayIn(zone: string, now: Date): CalendarDate {
  const [year, month, day] = dayIn(now, zone).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

const SATURDAY = 6;

/** `days` days after today. */
const inDays =
  (days: number): DemoDay =>
  (today) =>
    fromDayNumber(dayNumber(today) + days);

/** The first `weekdayWanted` after today (a Saturday: 1 to 7 days ahead). */
const nextWeekday =
  (weekdayWanted: number): DemoDay =>
  (today) =>
    fromDayNumber(dayNumber(today) + 1 + ((weekdayWanted - weekday(today) - 1 + 7) % 7));

/** The next time after today of a yearly day, `dayOf(year)` giving its month and day that year. */
const yearly =
  (dayOf: (year: number) => [month: number, day: number]): DemoDay =>
  (today) => {
    for (const year of [today.year, today.year + 1]) {
      const [month, day] = dayOf(year);
      const candidate = { year, month, day };
      if (dayNumber(candidate) > dayNumber(today)) return candidate;
    }
    throw new Error('unreachable: a yearly day comes within a year');
  };

/**
 * Enkutatash, the Ethiopian New Year (Meskerem 1): 11 September, or 12 September in the year
 * before a Gregorian leap year, when the Ethiopian year that ends has a sixth day of Pagume.
 */
export const enkutatash = (year: number): [number, number] => [9, isLeapYear(year + 1) ? 12 : 11];
/** Timkat (Tir 11), 130 days after Enkutatash: 19 January, or 20 January in a Gregorian leap year. */
export const timkat = (year: number): [number, number] => [1, isLeapYear(year) ? 20 : 19];
/** The Saturday of Labor Day weekend (the first Monday of September), the end of summer in the US. */
export const laborDaySaturday = (year: number): [number, number] => {
  const firstOfSeptember = weekday({ year, month: 9, day: 1 });
  const mondayOffset = (1 - firstOfSeptember + 7) % 7;
  const saturday = fromDayNumber(dayNumber({ year, month: 9, day: 1 }) + mondayOffset - 2);
  return [saturday.month, saturday.day];
};

/** The instant of a wall-clock time on `date` in `zone`. */
export function zonedTime(date: CalendarDate, at: string, zone: string): Date {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hours, minutes);
  const shownAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  };
  // The zone's offset at the guess, then again at the corrected instant (a DST change between).
  let guess = wanted - (shownAt(wanted) - wanted);
  guess += wanted - shownAt(guess);
  return new Date(guess);
}

const organizers: DemoOrganizer[] = [
  {
    owner: { email: 'selam@addis-cultural-center.example', display_name: 'Selam Tesfaye' },
    organizer: {
      name: 'Addis Cultural Center',
      slug: DEMO_ORGANIZER_SLUG,
      default_locale: 'en',
      locales: ['en', 'am'],
      time_zone: 'America/New_York',
    },
    plan: 'pro',
    events: [
      {
        title: { en: 'Enkutatash: Ethiopian New Year Gala', am: 'የእንቁጣጣሽ የአዲስ ዓመት ጋላ' },
        description: {
          en: 'An evening of traditional music, injera dinner and a silent auction for the community scholarship fund.',
          am: 'ባህላዊ ሙዚቃ፣ የእንጀራ እራት እና ለማህበረሰቡ የትምህርት ዕድል ፈንድ የሚደረግ ጨረታ ያለበት ምሽት።',
        },
        category: 'gala-fundraiser',
        tags: ['ethiopian', 'eritrean', 'scholarship'],
        languages: ['en', 'am'],
        venue_name: 'Silver Spring Civic Building',
        address_line: '1 Veterans Pl',
        city: 'Silver Spring',
        state: 'MD',
        postal_code: '20910',
        time_zone: 'America/New_York',
        on: yearly(enkutatash),
        at: '18:30',
        hours: 5,
        capacity: 400,
        tiers: [
          { name: { en: 'General admission', am: 'መደበኛ መግቢያ' }, price_cents: 6500, quantity: 300 },
          { name: { en: 'VIP table seat', am: 'የቪአይፒ ጠረጴዛ' }, price_cents: 15000, quantity: 80, max_per_order: 8 },
          { name: { en: 'Student', am: 'ተማሪ' }, price_cents: 2500, quantity: 40, max_per_order: 2 },
        ],
      },
      {
        title: { en: 'Diaspora Film Night: "Lamb"', am: 'የዲያስፖራ ፊልም ምሽት፡ "ላም"' },
        description: {
          en: 'Screening of Yared Zeleke\'s "Lamb" followed by a conversation with local filmmakers.',
          am: 'የያሬድ ዘለቀ "ላም" ፊልም ማሳያ እና ከአካባቢው የፊልም ባለሙያዎች ጋር ውይይት።',
        },
        category: 'diaspora-film',
        tags: ['ethiopian', 'cinema'],
        languages: ['am', 'en'],
        venue_name: 'AFI Silver Theatre',
        address_line: '8633 Colesville Rd',
        city: 'Silver Spring',
        state: 'MD',
        postal_code: '20910',
        time_zone: 'America/New_York',
        on: inDays(20),
        at: '19:00',
        hours: 3,
        tiers: [{ name: { en: 'Screening ticket', am: 'የማሳያ ትኬት' }, price_cents: 1500, quantity: 180 }],
      },
      {
        title: { en: 'Timkat Celebration', am: 'የጥምቀት በዓል' },
        description: {
          en: 'Celebrate Epiphany with the community: procession, prayers and a shared meal. Free, registration required.',
          am: 'ጥምቀትን ከማህበረሰቡ ጋር ያክብሩ፡ ሰልፍ፣ ጸሎት እና የጋራ ምግብ። ነጻ፣ ምዝገባ ያስፈልጋል።',
        },
        category: 'religious-celebration',
        tags: ['orthodox', 'ethiopian'],
        languages: ['am'],
        venue_name: 'Debre Selam Kidist Mariam Church',
        address_line: '4401 16th St NW',
        city: 'Washington',
        state: 'DC',
        postal_code: '20011',
        time_zone: 'America/New_York',
        on: yearly(timkat),
        at: '08:00',
        hours: 6,
        tiers: [{ name: { en: 'Free registration', am: 'ነጻ ምዝገባ' }, price_cents: 0, quantity: 600, max_per_order: 6 }],
      },
      {
        title: { en: 'Amharic for Kids: Saturday Workshop', am: 'አማርኛ ለልጆች፡ የቅዳሜ ወርክሾፕ' },
        description: { en: 'Reading, songs and games in Amharic for children aged 5 to 12.' },
        category: 'class-workshop',
        tags: ['kids', 'language'],
        languages: ['am', 'en'],
        venue_name: 'Addis Cultural Center',
        address_line: '8110 Georgia Ave',
        city: 'Silver Spring',
        state: 'MD',
        postal_code: '20910',
        time_zone: 'America/New_York',
        on: nextWeekday(SATURDAY),
        at: '10:00',
        hours: 2,
        tiers: [{ name: { en: 'Child seat', am: 'የልጅ ቦታ' }, price_cents: 1000, quantity: 25, max_per_order: 3 }],
      },
      {
        // Planned the year before the programs it is about.
        title: (year) => ({ en: `Community Town Hall: Youth Programs ${year + 1}` }),
        description: { en: "Planning meeting for next year's youth programs. Draft until the agenda is final." },
        category: 'community-meeting',
        languages: ['en', 'am'],
        city: 'Silver Spring',
        state: 'MD',
        time_zone: 'America/New_York',
        on: inDays(30),
        at: '18:00',
        hours: 2,
        draft: true,
        tiers: [{ name: { en: 'RSVP' }, price_cents: 0, quantity: 120 }],
      },
    ],
  },
  {
    owner: { email: 'lucia@casalatina-houston.example', display_name: 'Lucía Hernández' },
    organizer: {
      name: 'Casa Latina Houston',
      slug: 'casa-latina-houston',
      default_locale: 'es',
      locales: ['es', 'en'],
      time_zone: 'America/Chicago',
    },
    events: [
      {
        // The evening of 15 September: the Grito is given at midnight, as the 16th begins.
        title: { es: 'Fiestas Patrias: Grito de Independencia', en: 'Mexican Independence Day Celebration' },
        description: {
          es: 'Mariachi, ballet folklórico, antojitos y el Grito a la medianoche.',
          en: 'Mariachi, folkloric ballet, street food and the Grito at midnight.',
        },
        category: 'national-day',
        tags: ['mexican', 'mariachi', 'family'],
        languages: ['es', 'en'],
        venue_name: 'Discovery Green',
        address_line: '1500 McKinney St',
        city: 'Houston',
        state: 'TX',
        postal_code: '77010',
        time_zone: 'America/Chicago',
        on: yearly(() => [9, 15]),
        at: '17:00',
        hours: 7,
        tiers: [
          { name: { es: 'Entrada general', en: 'General admission' }, price_cents: 2000, quantity: 1500 },
          { name: { es: 'Niños (menores de 12)', en: 'Kids (under 12)' }, price_cents: 0, quantity: 500 },
        ],
      },
      {
        title: { es: 'Noche de Comedia en Español', en: 'Spanish-language Comedy Night' },
        description: { es: 'Cuatro comediantes de Monterrey y Houston. Solo mayores de 18.' },
        category: 'comedy',
        tags: ['stand-up'],
        languages: ['es'],
        venue_name: 'The Secret Group',
        address_line: '2101 Polk St',
        city: 'Houston',
        state: 'TX',
        postal_code: '77003',
        time_zone: 'America/Chicago',
        on: inDays(9),
        at: '20:00',
        hours: 2,
        tiers: [
          { name: { es: 'Entrada', en: 'Admission' }, price_cents: 2800, quantity: 150 },
          { name: { es: 'Primera fila', en: 'Front row' }, price_cents: 4500, quantity: 20, max_per_order: 4 },
        ],
      },
      {
        title: { es: 'Copa Comunitaria de Fútbol', en: 'Community Soccer Cup' },
        description: { es: 'Torneo de fútbol 7 entre equipos de la comunidad. Inscripción por equipo.' },
        category: 'sports',
        tags: ['soccer', 'tournament'],
        languages: ['es', 'en'],
        venue_name: 'Memorial Park Fields',
        city: 'Houston',
        state: 'TX',
        time_zone: 'America/Chicago',
        on: inDays(40),
        at: '09:00',
        hours: 9,
        tiers: [
          {
            name: { es: 'Inscripción de equipo', en: 'Team registration' },
            price_cents: 15000,
            quantity: 16,
            max_per_order: 1,
          },
        ],
      },
    ],
  },
  {
    owner: { email: 'tunde@lagos-to-atlanta.example', display_name: 'Babatunde Adeyemi' },
    organizer: {
      name: 'Lagos to Atlanta Collective',
      slug: 'lagos-to-atlanta',
      default_locale: 'en',
      locales: ['en', 'yo'],
      time_zone: 'America/New_York',
    },
    events: [
      {
        title: { en: 'Afrobeats Summer Finale', yo: 'Ìparí Afrobeats Ìgbà Ẹ̀rùn' },
        description: { en: 'Live band and DJs playing Afrobeats, highlife and amapiano until late.' },
        category: 'afrobeat-concert',
        tags: ['nigerian', 'ghanaian', 'amapiano'],
        languages: ['en', 'yo'],
        venue_name: 'Tabernacle',
        address_line: '152 Luckie St NW',
        city: 'Atlanta',
        state: 'GA',
        postal_code: '30303',
        time_zone: 'America/New_York',
        on: yearly(laborDaySaturday),
        at: '21:00',
        hours: 5,
        capacity: 2000,
        tiers: [
          { name: { en: 'Early bird' }, price_cents: 3500, quantity: 300, sales_end_at: null },
          { name: { en: 'General admission' }, price_cents: 5000, quantity: 1500 },
          { name: { en: 'VIP lounge' }, price_cents: 12000, quantity: 150, max_per_order: 6 },
        ],
      },
      {
        title: { en: 'Nigerian Independence Day Festival', yo: 'Àjọ̀dún Òmìnira Nàìjíríà' },
        description: { en: "Food vendors, fashion show, kids' corner and live performances." },
        category: 'festival',
        tags: ['nigerian', 'family', 'food'],
        languages: ['en', 'yo'],
        venue_name: 'Centennial Olympic Park',
        city: 'Atlanta',
        state: 'GA',
        time_zone: 'America/New_York',
        on: yearly(() => [10, 1]),
        at: '12:00',
        hours: 8,
        tiers: [{ name: { en: 'Day pass' }, price_cents: 1000, quantity: 5000 }],
      },
      {
        title: { en: 'Diaspora Founders Conference' },
        description: {
          en: 'Talks and workshops for African diaspora entrepreneurs: funding, export, community banking.',
        },
        category: 'conference',
        tags: ['business', 'startups'],
        languages: ['en'],
        venue_name: 'Georgia World Congress Center',
        address_line: '285 Andrew Young International Blvd NW',
        city: 'Atlanta',
        state: 'GA',
        postal_code: '30313',
        time_zone: 'America/New_York',
        on: inDays(75),
        at: '09:00',
        hours: 9,
        tiers: [
          { name: { en: 'Standard pass' }, price_cents: 14900, quantity: 400 },
          { name: { en: 'Student pass' }, price_cents: 4900, quantity: 100, max_per_order: 1 },
        ],
      },
    ],
  },
];

/** A demo organizer's events as they are created `now`: each on the day its name says. */
export function demoEvents(demo: DemoOrganizer, now: Date): (NewEvent & { draft: boolean })[] {
  return demo.events.map(({ on, at, hours, draft = false, title, ...event }) => {
    const day = on(todayIn(event.time_zone, now));
    const startsAt = zonedTime(day, at, event.time_zone);
    return {
      ...event,
      title: typeof title === 'function' ? title(day.year) : title,
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + hours * 3_600_000).toISOString(),
      draft,
    };
  });
}

export const DEMO_ORGANIZERS: readonly DemoOrganizer[] = organizers;

/**
 * Seeds demo organizers with upcoming events, through the same services people use. Runs once:
 * a database that already has the demo organizer is left alone. Returns the demo sign-in, whose
 * password is random (or DEMO_PASSWORD) and shown only now. The owners' email addresses count as
 * verified (they are ours), so the admin does not open on a warning nobody can act on.
 */
export async function seedDemo(
  services: Services,
  now = new Date(),
): Promise<{ email: string; password: string } | null> {
  if (await findTenantBySlug(services.db, DEMO_ORGANIZER_SLUG)) return null;
  const password = process.env.DEMO_PASSWORD ?? randomBytes(9).toString('base64url');
  for (const demo of organizers) {
    const signedUp = await openAccount(services, { ...demo.owner, password, organizer: demo.organizer });
    const tenantId = signedUp.session.active_organizer?.organizer_id;
    if (!tenantId) throw new Error('sign-up did not create an organizer');
    await runInTenant(services, { tenantId, userId: signedUp.session.user.id, isPlatformStaff: false }, async (ctx) => {
      if (demo.plan) {
        // Set as staff would (an override), so the plan holds without a subscription behind it.
        await ctx.trx
          .updateTable('tenants')
          .set({
            plan: demo.plan,
            plan_override: demo.plan,
            plan_override_reason: 'Demo organizer: showcases the plan.',
          })
          .where('id', '=', tenantId)
          .execute();
      }
      for (const { draft, ...event } of demoEvents(demo, now)) {
        const created = await createEvent(ctx, event);
        if (!draft) await publishEvent(ctx, created.id);
      }
    });
  }
  const [first] = organizers;
  const email = first?.owner.email ?? '';
  services.logger.info({ email }, 'demo organizers seeded');
  process.stdout.write(
    `\nDemo organizer sign-in: ${email} / ${password} (shown once; set DEMO_PASSWORD to choose it)\n`,
  );
  return { email, password };
}
