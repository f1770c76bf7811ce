import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUpOrganizer, startTestApp, type TestApp, until } from '../../test/app.ts';
import { type FakeStripe, startFakeStripe } from '../../test/stripe-server.ts';
import { registerPaymentDomain, storefrontPaymentDomain } from './payment-domains.ts';

describe("a storefront's domain for wallets", () => {
  it('is the https host of the storefront address, never a local or reserved one', () => {
    const at = (storefrontUrl: string) => storefrontPaymentDomain({ storefrontUrl }, 'harlem-griot');
    expect(at('https://{slug}.tickets.accessplus.app')).toBe('harlem-griot.tickets.accessplus.app');
    expect(at('https://{slug}.tickets.accessplus.app:8443/')).toBe('harlem-griot.tickets.accessplus.app');
    expect(at('http://{slug}.tickets.accessplus.app')).toBeNull();
    expect(at('https://{slug}.localhost:5173')).toBeNull();
    expect(at('https://{slug}.example.test')).toBeNull();
    expect(at('https://127.0.0.1:5173')).toBeNull();
    expect(at('not a url')).toBeNull();
  });
});

describe('registering storefronts with Stripe', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  const domains = () => [...stripe.objects.values()].filter((object) => object.object === 'payment_method_domain');

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await startTestApp({
      storefrontUrl: 'https://{slug}.tickets.accessplus.app',
      stripe: {
        secretKey: stripe.secretKey,
        publishableKey: 'pk_test_local',
        webhookSecret: stripe.webhookSecret,
        proPriceId: undefined,
        apiBase: stripe.sdkConfig,
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await stripe?.close();
    expect(t.serverErrors).toEqual([]);
  });

  it('registers a new organizer’s storefront at sign-up, once however often it runs', async () => {
    const organizer = await signUpOrganizer(t.app);
    const domain = `${organizer.slug}.tickets.accessplus.app`;
    await until(() => domains().some((registered) => registered.domain_name === domain), 10_000, 'the domain');
    const tenantId = (await t.admin.query('select id from tenants where slug = $1', [organizer.slug])).rows[0].id;
    const first = domains().find((registered) => registered.domain_name === domain);
    expect(first).toMatchObject({ enabled: true, apple_pay: { status: 'active' } });

    // Again (a retried job, or connecting Stripe later): the same domain, nothing new.
    await expect(registerPaymentDomain(t.runtime.services, tenantId)).resolves.toBe(first?.id);
    const link = await as(t.app, organizer.token).post('/v1/organizer/payout-account/onboarding-links', {
      return_url: 'https://admin.example.org/payouts',
      refresh_url: 'https://admin.example.org/payouts?again=1',
    });
    expect(link.statusCode, link.body).toBe(201);
    await until(async () => {
      const { rows } = await t.admin.query(
        "select 1 from graphile_worker.jobs where task_identifier = 'payments__register_payment_domain'",
      );
      return rows.length === 0;
    });
    expect(domains().filter((registered) => registered.domain_name === domain)).toHaveLength(1);

    // Switched off at Stripe: registering switches it back on.
    stripe.objects.set(first?.id as string, { ...first, enabled: false });
    await registerPaymentDomain(t.runtime.services, tenantId);
    expect(stripe.objects.get(first?.id as string)?.enabled).toBe(true);
  });
});
