/**
 * The server under test for `pnpm bench checkout`, in its own process so the load generator
 * does not share its event loop: the real API with its job worker on an embedded PostgreSQL,
 * one organizer with one published event whose hot tier has plenty of stock, and a second tier
 * of the same table for the baseline's bare conditional update.
 * Prints one JSON line with what the load generator needs when ready; stops on SIGTERM.
 */
import { runInTenant } from '../src/context.ts';
import { openAccount } from '../src/modules/auth/auth.service.ts';
import { createEvent, publishEvent } from '../src/modules/events/events.service.ts';
import { startBenchRuntime } from './bench-runtime.ts';

const { runtime, adminUrl } = await startBenchRuntime({ logLevel: 'error', seedDemo: false });

const owner = await openAccount(runtime.services, {
  email: 'bench-checkout@example.org',
  password: 'bench password 123',
  display_name: 'Bench organizer',
  organizer: { name: 'Diaspora Festival Committee', slug: 'bench-festival' },
});
const tenantId = owner.session.active_organizer?.organizer_id ?? '';
const starts = new Date(Date.now() + 30 * 86_400_000);
const event = await runInTenant(
  runtime.services,
  { tenantId, userId: owner.session.user.id, isPlatformStaff: false },
  async (ctx) => {
    const created = await createEvent(ctx, {
      title: { en: 'Independence Day Festival' },
      category: 'festival',
      city: 'Houston',
      state: 'TX',
      time_zone: 'America/Chicago',
      starts_at: starts.toISOString(),
      ends_at: new Date(starts.getTime() + 8 * 3_600_000).toISOString(),
      tiers: [
        { name: { en: 'General admission' }, price_cents: 2500, quantity: 1_000_000 },
        { name: { en: 'Baseline' }, price_cents: 2500, quantity: 1_000_000, hidden: true },
      ],
    });
    return publishEvent(ctx, created.id);
  },
);

await runtime.app.listen({ host: '127.0.0.1', port: 0 });
const address = runtime.app.server.address();
process.stdout.write(
  `BENCH_READY ${JSON.stringify({
    api: typeof address === 'object' && address ? address.port : 0,
    adminUrl,
    slug: 'bench-festival',
    tierId: event.tiers[0]?.id,
    baselineTierId: event.tiers[1]?.id,
  })}\n`,
);
