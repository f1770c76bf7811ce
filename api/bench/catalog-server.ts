/**
 * The servers under test for `pnpm bench catalog`, in their own process so the load generator
 * does not share their event loop: the real API (embedded PostgreSQL, demo data plus a few
 * hundred generated events) and, beside it, a bare Fastify route as the baseline.
 * With BENCH_CATALOG_EVENTS, the API alone over that many events of 100 organizers written
 * straight into the database (catalog-seed.ts), for the search load; the load generator grows
 * the catalog further through the database address it is given.
 * Prints one JSON line with the addresses when ready; stops on SIGTERM.
 */
import Fastify from 'fastify';
import { runInTenant } from '../src/context.ts';
import { openAccount } from '../src/modules/auth/auth.service.ts';
import { createEvent, publishEvent } from '../src/modules/events/events.service.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { startBenchRuntime } from './bench-runtime.ts';
import { seedCatalog } from './catalog-seed.ts';

const port = (server: { server: import('node:http').Server }) => {
  const address = server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
};

const searchEvents = Number(process.env.BENCH_CATALOG_EVENTS ?? 0);
if (searchEvents > 0) {
  const { runtime, adminUrl } = await startBenchRuntime({ logLevel: 'warn', seedDemo: false });
  await seedCatalog(adminUrl, { from: 1, organizers: 100, eventsEach: Math.ceil(searchEvents / 100) });
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`BENCH_READY ${JSON.stringify({ api: port(runtime.app), adminUrl })}\n`);
} else {
  await seedSmallCatalog();
}

async function seedSmallCatalog() {
  const { runtime, onStop } = await startBenchRuntime({ logLevel: 'warn', seedDemo: true });
  await seedDemo(runtime.services);

  const categories = ['afrobeat-concert', 'festival', 'comedy', 'conference', 'religious-celebration', 'diaspora-film'];
  const cities: [string, string][] = [
    ['Houston', 'TX'],
    ['Atlanta', 'GA'],
    ['Minneapolis', 'MN'],
    ['Silver Spring', 'MD'],
    ['Newark', 'NJ'],
  ];
  for (let org = 0; org < 10; org += 1) {
    const owner = await openAccount(runtime.services, {
      email: `bench-${org}@example.org`,
      password: 'bench password 123',
      display_name: `Bench organizer ${org}`,
      organizer: { name: `Community Association ${org}`, slug: `bench-org-${org}`, locales: ['en', 'fr'] },
    });
    const tenantId = owner.session.active_organizer?.organizer_id ?? '';
    await runInTenant(
      runtime.services,
      { tenantId, userId: owner.session.user.id, isPlatformStaff: false },
      async (ctx) => {
        for (let i = 0; i < 30; i += 1) {
          const [city, state] = cities[(org + i) % cities.length] as [string, string];
          const starts = new Date(Date.now() + (1 + ((org * 30 + i) % 120)) * 86_400_000);
          const event = await createEvent(ctx, {
            title: { en: `Community night ${org}-${i}`, fr: `Soirée communautaire ${org}-${i}` },
            description: { en: 'Music, food and friends from the community. Families welcome.' },
            category: categories[i % categories.length] as string,
            languages: ['en', 'fr'],
            tags: ['community', `group-${org}`],
            venue_name: 'Community Hall',
            city,
            state,
            time_zone: 'America/Chicago',
            starts_at: starts.toISOString(),
            ends_at: new Date(starts.getTime() + 4 * 3_600_000).toISOString(),
            tiers: [
              { name: { en: 'General' }, price_cents: 1500 + i * 100, quantity: 500 },
              { name: { en: 'VIP' }, price_cents: 6000, quantity: 50 },
            ],
          });
          await publishEvent(ctx, event.id);
        }
      },
    );
  }

  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify({ logger: false });
  bare.get('/hello', async () => ({ hello: 'world' }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  onStop(() => bare.close());
  process.stdout.write(`BENCH_READY ${JSON.stringify({ api: port(runtime.app), bare: port(bare) })}\n`);
}
