/**
 * The server under test for `pnpm bench webhooks`, in its own process so the load generator and
 * its receivers do not share its event loop: the real API runtime with its job workers on an
 * embedded PostgreSQL, BENCH_ORGANIZERS organizers on Pro with a webhook endpoint each at its own
 * receiver of BENCH_RECEIVERS (OUTBOUND_ALLOW_LOOPBACK lets them be this machine), and one more
 * organizer whose endpoint answers slowly, created off. The load generator commits the changes.
 * Prints one JSON line with what the load generator needs when ready; stops on SIGTERM.
 */
import pg from 'pg';
import { runInTenant } from '../src/context.ts';
import { openAccount } from '../src/modules/auth/auth.service.ts';
import { createEndpoint } from '../src/modules/webhooks/webhooks.service.ts';
import { startBenchRuntime } from './bench-runtime.ts';

const receivers = (process.env.BENCH_RECEIVERS ?? '').split(',');
const organizers = receivers.length - 1;
const { runtime, adminUrl, appUrl } = await startBenchRuntime({ logLevel: 'error', seedDemo: false });
const owner = new pg.Client({ connectionString: adminUrl });
await owner.connect();

async function organizerWithEndpoint(n: number, path: string, enabled: boolean) {
  const signedIn = await openAccount(runtime.services, {
    email: `bench-hooks-${n}@example.org`,
    password: 'bench password 123',
    display_name: `Bench organizer ${n}`,
    organizer: { name: `Community Association ${n}`, slug: `bench-hooks-${n}` },
  });
  const tenantId = signedIn.session.active_organizer?.organizer_id ?? '';
  // Pro as staff would set it: this server takes no plan payments.
  await owner.query("update tenants set plan = 'pro' where id = $1", [tenantId]);
  const endpoint = await runInTenant(
    runtime.services,
    { tenantId, userId: signedIn.session.user.id, isPlatformStaff: false },
    (ctx) => createEndpoint(ctx, { url: `${receivers[n]}${path}`, description: 'Bench CRM', enabled }),
  );
  return { tenantId, endpointId: endpoint.id };
}

const fast = [];
for (let n = 0; n < organizers; n++) fast.push(await organizerWithEndpoint(n, `/fast/${n}`, true));
const slow = await organizerWithEndpoint(organizers, '/slow', false);
await owner.end();

process.stdout.write(`BENCH_READY ${JSON.stringify({ adminUrl, appUrl, fast, slow })}\n`);
