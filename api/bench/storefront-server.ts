/**
 * The API behind the storefront for `pnpm bench storefront`, in its own process: the real API on
 * an embedded PostgreSQL and two organizers, in English and Spanish, each with a published event
 * as organizers fill it in (a description in both languages, a cover image, three tiers); the
 * second on Pro, wearing a theme of its own.
 * Storefront hosts are `<slug>.<BENCH_STOREFRONT_BASE_DOMAIN>`, which the API resolves as its own.
 * Prints one JSON line with what the load generator needs when ready; stops on SIGTERM or SIGINT.
 */
import pg from 'pg';
import { runAsStaff, runInTenant } from '../src/context.ts';
import { openAccount } from '../src/modules/auth/auth.service.ts';
import { overridePlan } from '../src/modules/billing/billing.service.ts';
import { createEvent, publishEvent } from '../src/modules/events/events.service.ts';
import { publishTheme, updateThemeDraft } from '../src/modules/themes/themes.service.ts';
import { startBenchRuntime } from './bench-runtime.ts';

const baseDomain = process.env.BENCH_STOREFRONT_BASE_DOMAIN ?? 'bench.test';
process.env.STOREFRONT_URL = `http://{slug}.${baseDomain}`;

const { runtime, adminUrl } = await startBenchRuntime({ logLevel: 'error', seedDemo: false });

/** An organizer with one published event; its slug and the event's id. */
async function organizerWithEvent(slug: string, name: string) {
  const owner = await openAccount(runtime.services, {
    email: `${slug}@example.org`,
    password: 'bench password 123',
    display_name: `${name} owner`,
    organizer: { name, slug, locales: ['en', 'es'] },
  });
  const tenantId = owner.session.active_organizer?.organizer_id ?? '';
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const event = await runInTenant(
    runtime.services,
    { tenantId, userId: owner.session.user.id, isPlatformStaff: false },
    async (ctx) => {
      const created = await createEvent(ctx, {
        title: { en: 'Independence Day Festival', es: 'Festival del Día de la Independencia' },
        description: {
          en: 'Music, food and dancing from across the diaspora. Families welcome; children under five enter free.\n\nDoors open an hour before the first performance.',
          es: 'Música, comida y baile de toda la diáspora. Las familias son bienvenidas; los menores de cinco años entran gratis.\n\nLas puertas abren una hora antes de la primera actuación.',
        },
        category: 'festival',
        languages: ['en', 'es'],
        tags: ['community', 'festival'],
        venue_name: 'Community Hall',
        address_line: '1200 Main Street',
        city: 'Houston',
        state: 'TX',
        postal_code: '77002',
        time_zone: 'America/Chicago',
        starts_at: starts.toISOString(),
        ends_at: new Date(starts.getTime() + 8 * 3_600_000).toISOString(),
        image_url: 'https://images.example.org/festival-cover.jpg',
        tiers: [
          { name: { en: 'General admission', es: 'Entrada general' }, price_cents: 2500, quantity: 1000 },
          { name: { en: 'VIP', es: 'VIP' }, price_cents: 7500, quantity: 100 },
          { name: { en: 'Children', es: 'Niños' }, price_cents: 0, quantity: 300 },
        ],
      });
      return publishEvent(ctx, created.id);
    },
  );
  return { slug, host: `${slug}.${baseDomain}`, eventId: event.id, tenantId, userId: owner.session.user.id };
}

/**
 * A theme as an organizer would write one: a header and footer, a hero listing the events and a
 * section on the event page, with its own stylesheet. Put on Pro by platform staff (granted as the
 * command line grants it, outside the API), as themes need.
 */
async function themed(organizer: Awaited<ReturnType<typeof organizerWithEvent>>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query('update users set is_platform_staff = true where id = $1', [organizer.userId]);
  await client.end();
  const who = { userId: organizer.userId, isPlatformStaff: true };
  await runAsStaff(runtime.services, who, organizer.tenantId, (ctx) =>
    overridePlan(ctx, { plan: 'pro', reason: 'Storefront benchmark with a theme' }),
  );
  await runInTenant(
    runtime.services,
    { tenantId: organizer.tenantId, userId: organizer.userId, isPlatformStaff: true },
    async (ctx) => {
      await updateThemeDraft(ctx, {
        header:
          '<div class="masthead"><h2>{{organizer.name}}</h2><p class="tagline">Culture, music and community since 1998</p></div>',
        footer:
          '<div class="theme-columns"><section><h3>Visit us</h3><p>1200 Main Street, Houston</p></section><section><h3>Write to us</h3><p><a href="mailto:hello@example.org">hello@example.org</a></p></section></div>',
        home_hero:
          '<section class="welcome"><h2>Welcome</h2><ul>{{#each (limit events 3)}}<li><a href="{{url}}">{{name}}</a> · {{date starts_at "short"}}</li>{{/each}}</ul></section>',
        event_sections:
          '<section class="sponsors"><h2>Thank you to our sponsors</h2><p>{{event.name}} in {{event.city}} on {{date event.starts_at}} at {{time event.starts_at}} is brought to you by {{organizer.name}}.</p>{{#if event.price_from_cents}}<p>Tickets from {{money event.price_from_cents event.currency}}.</p>{{/if}}</section>',
        css: '.masthead h2 { margin: 0; letter-spacing: 0.04em } .tagline { opacity: 0.9 } .theme-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem } .sponsors { padding: 1rem; border: 1px solid currentColor; border-radius: 8px }',
      });
      await publishTheme(ctx);
    },
  );
  return organizer;
}

const plain = await organizerWithEvent('bench-festival', 'Diaspora Festival Committee');
const withTheme = await themed(await organizerWithEvent('bench-themed', 'Caribbean Heritage Society'));

await runtime.app.listen({ host: '127.0.0.1', port: 0 });
const address = runtime.app.server.address();
process.stdout.write(
  `BENCH_READY ${JSON.stringify({
    api: typeof address === 'object' && address ? address.port : 0,
    baseDomain,
    plain,
    themed: withTheme,
  })}\n`,
);
