/**
 * The API behind the storefront for `pnpm bench storefront`, in its own process: the real API on
 * an embedded PostgreSQL and one organizer, in English and Spanish, with a published event as
 * organizers fill it in (a description in both languages, a cover image, three tiers).
 * Storefront hosts are `<slug>.<BENCH_STOREFRONT_BASE_DOMAIN>`, which the API resolves as its own.
 * Prints one JSON line with what the load generator needs when ready; stops on SIGTERM or SIGINT.
 */
import { runInTenant } from '../src/context.ts';
import { openAccount } from '../src/modules/auth/auth.service.ts';
import { createEvent, publishEvent } from '../src/modules/events/events.service.ts';
import { startBenchRuntime } from './bench-runtime.ts';

const baseDomain = process.env.BENCH_STOREFRONT_BASE_DOMAIN ?? 'bench.test';
process.env.STOREFRONT_URL = `http://{slug}.${baseDomain}`;

const { runtime } = await startBenchRuntime({ logLevel: 'error', seedDemo: false });

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
  return { slug, host: `${slug}.${baseDomain}`, eventId: event.id };
}

const plain = await organizerWithEvent('bench-festival', 'Diaspora Festival Committee');

await runtime.app.listen({ host: '127.0.0.1', port: 0 });
const address = runtime.app.server.address();
process.stdout.write(
  `BENCH_READY ${JSON.stringify({
    api: typeof address === 'object' && address ? address.port : 0,
    baseDomain,
    plain,
  })}\n`,
);
