import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, freePort, startPnpm, stopPnpm } from '../../../../scripts/e2e-processes.ts';
import type { Runtime } from '../../server.ts';
import { type FakeAcm, startFakeAcm } from '../../test/acm-server.ts';
import {
  as,
  buyTickets,
  expectErrorShape,
  type Organizer,
  publishedEvent,
  putOnPlan,
  signUpOrganizer,
  startTestApp,
  type TestApp,
  until,
} from '../../test/app.ts';
import { FakeDns } from '../../test/fake-dns.ts';
import { startRedis, type TestRedis } from '../../test/redis.ts';
import { inspectDns } from './domains.dns.ts';
import { judgeHostname } from './domains.hostnames.ts';
import { CHECK_WAITS_MS } from './domains.service.ts';

const TARGET = 'domains.accessplus.test';
const TARGET_ADDRESS = '203.0.113.10';
const HOST = 'tickets.ethiopian-dc.org';

interface DomainBody {
  id: string;
  hostname: string;
  status: string;
  dns_verified: boolean;
  certificate: { provider: string; status: string; not_after: string | null; failure: string | null };
  records: { purpose: string; type: string; name: string; value: string; state: string }[];
  diagnosis: { code: string; message: string }[];
  next_check_at: string | null;
  expires_at: string | null;
}

const tokenOf = (domain: DomainBody) => domain.records.find((record) => record.purpose === 'ownership')?.value ?? '';

/** The zone of an organizer whose CNAME is right and whose TXT record is not there yet. */
function pointedAtUs(dns: FakeDns, host: string) {
  dns.set(TARGET, 'A', [TARGET_ADDRESS]).cname(host, TARGET);
}

/** Runs the sweep as the minutely cron does, then the checks it asked for. */
async function sweep(t: TestApp) {
  await t.admin.query(`select graphile_worker.add_job('domains__sweep', '{}'::json)`);
  while ((await t.runQueuedJobs()) > 0);
}

async function makeDue(t: TestApp, domainId: string) {
  await t.admin.query('update custom_domains set next_check_at = now() where id = $1', [domainId]);
}

describe('custom domains with certificates from ACM', () => {
  let t: TestApp;
  let acm: FakeAcm;
  const dns = new FakeDns();
  let owner: Organizer;
  let other: Organizer;
  let storefront: ChildProcess | undefined;
  let storefrontPort = 0;
  const buildDir = `node_modules/.domains-test-build-${process.pid}`;

  beforeAll(async () => {
    acm = await startFakeAcm();
    t = await startTestApp(
      {
        runWorker: false,
        customDomainTarget: TARGET,
        certificates: {
          provider: 'acm',
          acm: { region: acm.region, endpoint: acm.url, credentials: acm.credentials },
        },
      },
      { dns },
    );
    owner = await signUpOrganizer(t.app);
    other = await signUpOrganizer(t.app);
    await putOnPlan(t, owner, 'pro');
    await putOnPlan(t, other, 'enterprise');
  });

  afterAll(async () => {
    await stopPnpm(storefront);
    await rm(path.join(import.meta.dirname, '../../../../storefront', buildDir), { recursive: true, force: true });
    await t?.stop();
    await acm?.close();
  }, 60_000);

  /** The storefront's production build, in front of this API, on its own port. */
  async function startStorefront() {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    storefrontPort = await freePort();
    storefront = await startPnpm(
      await buildApp('@accessplus/storefront', buildDir),
      { API_URL: apiUrl, HOST: '127.0.0.1', PORT: String(storefrontPort), STOREFRONT_ORGANIZER: '' },
      /Listening on/,
    );
  }

  /** GET `path` from the storefront as a browser asking for `host` would. */
  function visit(
    host: string,
    pathname = '/',
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: storefrontPort, path: pathname, headers: { host, accept: 'text/html' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: response.headers,
            }),
          );
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  it('takes a domain from added to serving the store with an ACM certificate, and removed to answering for nobody', async () => {
    const client = as(t.app, owner.token);
    const organizerName = (await client.get('/v1/organizer')).json().name as string;
    await publishedEvent(t.app, owner.token, { title: { en: 'Timket celebration' } });

    const added = await client.post('/v1/organizer/domains', { hostname: 'Tickets.Ethiopian-DC.org.' });
    expect(added.statusCode, added.body).toBe(201);
    let domain = added.json() as DomainBody;
    expect(domain).toMatchObject({ hostname: HOST, status: 'pending', dns_verified: false });
    expect(domain.certificate).toMatchObject({ provider: 'acm', status: 'not_requested' });
    expect(domain.records).toEqual([
      { purpose: 'routing', type: 'CNAME', name: HOST, value: TARGET, state: 'unchecked' },
      {
        purpose: 'ownership',
        type: 'TXT',
        name: `_accessplus.${HOST}`,
        value: expect.stringMatching(/^accessplus-verify=[A-Za-z0-9_-]{32}$/),
        state: 'unchecked',
      },
    ]);
    // The first scheduled check is a minute away.
    expect(new Date(domain.next_check_at ?? 0).getTime() - Date.now()).toBeGreaterThan(
      (CHECK_WAITS_MS[0] ?? 0) - 5_000,
    );

    // The CNAME is there, the TXT record not yet.
    pointedAtUs(dns, HOST);
    let checked = await client.post(`/v1/organizer/domains/${domain.id}/checks`);
    expect(checked.statusCode, checked.body).toBe(200);
    domain = checked.json();
    expect(domain.status).toBe('pending');
    expect(domain.records.map((record) => record.state)).toEqual(['present', 'missing']);
    expect(domain.diagnosis.map((finding) => finding.code)).toEqual(['txt_missing']);
    expect(domain.diagnosis[0]?.message).toContain(`_accessplus.${HOST}`);
    expect((await t.app.inject(`/v1/public/hosts/${HOST}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/v1/domains/tls-allowed?domain=${HOST}`)).statusCode).toBe(404);
    expect(acm.calls).toEqual([]);

    // The TXT record arrives: verified, and the job asks ACM for the certificate.
    dns.txt(`_accessplus.${HOST}`, tokenOf(domain));
    checked = await client.post(`/v1/organizer/domains/${domain.id}/checks`);
    domain = checked.json();
    expect(domain).toMatchObject({ status: 'verified', dns_verified: true, diagnosis: [], expires_at: null });
    expect(domain.certificate.status).toBe('not_requested');
    await t.runQueuedJobs();
    expect(acm.calls).toEqual(['RequestCertificate', 'DescribeCertificate']);
    const certificate = acm.certificateFor(HOST);
    expect(certificate?.status).toBe('PENDING_VALIDATION');
    domain = (await client.get(`/v1/organizer/domains/${domain.id}`)).json();
    expect(domain.certificate.status).toBe('pending_validation');
    const validation = domain.records.find((record) => record.purpose === 'certificate_validation');
    expect(validation).toMatchObject({ type: 'CNAME', value: expect.stringMatching(/\.acm-validations\.aws$/) });
    expect(validation?.name).toMatch(new RegExp(`^_[0-9a-f]{32}\\.${HOST.replaceAll('.', '\\.')}$`));

    // Verified is enough for the host to answer: the load balancer serves it once ACM issues.
    const resolved = await t.app.inject(`/v1/public/hosts/${HOST}:443`);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toEqual({ host: HOST, slug: owner.slug, kind: 'custom_domain', custom_domain: HOST });
    const subdomain = await t.app.inject(`/v1/public/hosts/${owner.slug}.localhost:5173`);
    expect(subdomain.json()).toEqual({
      host: `${owner.slug}.localhost`,
      slug: owner.slug,
      kind: 'platform_subdomain',
      custom_domain: HOST,
    });

    // Still validating on the next look; issued on the one after.
    await makeDue(t, domain.id);
    await sweep(t);
    expect((await client.get(`/v1/organizer/domains/${domain.id}`)).json().certificate.status).toBe(
      'pending_validation',
    );
    acm.issue(HOST);
    await makeDue(t, domain.id);
    await sweep(t);
    domain = (await client.get(`/v1/organizer/domains/${domain.id}`)).json();
    expect(domain.certificate.status).toBe('active');
    expect(domain.certificate.not_after).toBe(certificate?.notAfter?.toISOString());
    // Only one certificate was ever asked for, however often the job ran.
    expect(acm.calls.filter((call) => call === 'RequestCertificate')).toHaveLength(1);
    // Settled: the next look is a day away.
    expect(new Date(domain.next_check_at ?? 0).getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);

    // The storefront answers on the host, as the organizer's store.
    await startStorefront();
    const page = await visit(HOST);
    expect(page.status, page.body.slice(0, 500)).toBe(200);
    expect(page.body).toContain(organizerName);
    expect(page.body).toContain('Timket celebration');

    // Buyers' emails link to the order on the custom domain.
    const eventId = await publishedEvent(t.app, owner.token, { title: { en: 'Enkutatash' } });
    const tierId = (await client.get(`/v1/events/${eventId}`)).json().tiers[0].id;
    const bought = await buyTickets(t.app, owner.slug, { tickets: [{ tier_id: tierId, quantity: 1 }] });
    // The payment asks for the confirmation within 200 ms; the job sends it.
    const confirmation = await until(async () => {
      await t.runQueuedJobs();
      return t.buyerMail.sent.find(
        (mail) => mail.kind === 'order_confirmation' && mail.orderNumber === bought.order.number,
      );
    });
    expect(confirmation?.link).toMatch(
      new RegExp(`^https://${HOST.replaceAll('.', '\\.')}/orders/${bought.order.id}\\?token=`),
    );

    // Removed: the API answers for nobody at once, the storefront (which keeps a host's organizer a
    // second) within seconds, and the certificate is deleted at ACM.
    const removed = await client.delete(`/v1/organizer/domains/${domain.id}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await t.app.inject(`/v1/public/hosts/${HOST}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/v1/domains/tls-allowed?domain=${HOST}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/v1/public/hosts/${owner.slug}.localhost`)).json().custom_domain).toBeNull();
    await expect.poll(async () => (await visit(HOST)).status, { timeout: 5_000 }).toBe(404);
    const gone = await visit(HOST);
    expect(gone.body).not.toContain(organizerName);
    await t.runQueuedJobs();
    expect(acm.calls.at(-1)).toBe('DeleteCertificate');
    expect(certificate?.deleted).toBe(true);
    expect((await client.get('/v1/organizer/domains')).json().data).toEqual([]);
  }, 240_000);

  it('refuses a name another organizer holds with 409, in words that name nobody', async () => {
    const host = 'tickets.harlem-griot.org';
    const mine = await as(t.app, owner.token).post('/v1/organizer/domains', { hostname: host });
    expect(mine.statusCode, mine.body).toBe(201);
    const organizerName = (await as(t.app, owner.token).get('/v1/organizer')).json().name as string;

    const before = (await t.admin.query('select count(*)::int as n from custom_domains')).rows[0].n;
    for (const typed of [host, 'TICKETS.harlem-griot.org.']) {
      const theirs = await as(t.app, other.token).post('/v1/organizer/domains', { hostname: typed });
      const error = expectErrorShape(theirs, 409, 'domain_taken');
      expect(error.details).toEqual([{ field: 'body.hostname', message: error.message }]);
      for (const revealing of [owner.slug, organizerName, owner.email, owner.organizerId]) {
        expect(theirs.body).not.toContain(revealing);
      }
    }
    // The same answer when the organizer adds its own name twice: the answer does not tell them apart.
    const again = await as(t.app, owner.token).post('/v1/organizer/domains', { hostname: host });
    const theirs = await as(t.app, other.token).post('/v1/organizer/domains', { hostname: host });
    expect(again.json().error.message).toBe(theirs.json().error.message);
    expect((await t.admin.query('select count(*)::int as n from custom_domains')).rows[0].n).toBe(before);
    expect((await as(t.app, other.token).get('/v1/organizer/domains')).json().data).toEqual([]);
  });

  it('expires a domain not verified within seven days, and frees its name', async () => {
    const host = 'events.casa-latina.org';
    const added = (await as(t.app, owner.token).post('/v1/organizer/domains', { hostname: host })).json() as DomainBody;
    expect(new Date(added.expires_at ?? 0).getTime() - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);

    // Six days on, it is still waiting.
    await t.admin.query(
      `update custom_domains set created_at = now() - interval '6 days', expires_at = now() + interval '1 day',
       next_check_at = now() where id = $1`,
      [added.id],
    );
    await sweep(t);
    expect((await as(t.app, owner.token).get(`/v1/organizer/domains/${added.id}`)).json().status).toBe('pending');

    // Past seven days, the next check expires it.
    await t.admin.query(
      `update custom_domains set expires_at = now() - interval '1 second', next_check_at = now() where id = $1`,
      [added.id],
    );
    await sweep(t);
    const expired = (await as(t.app, owner.token).get(`/v1/organizer/domains/${added.id}`)).json() as DomainBody;
    expect(expired).toMatchObject({ status: 'expired', next_check_at: null });
    expect(expired.diagnosis.map((finding) => finding.code)).toEqual(['expired']);
    const recheck = await as(t.app, owner.token).post(`/v1/organizer/domains/${added.id}/checks`);
    expectErrorShape(recheck, 422, 'domain_expired');
    // Its TXT record arriving late changes nothing.
    dns.txt(`_accessplus.${host}`, tokenOf(added));
    await makeDue(t, added.id);
    await sweep(t);
    expect((await as(t.app, owner.token).get(`/v1/organizer/domains/${added.id}`)).json().status).toBe('expired');
    expect((await t.app.inject(`/v1/public/hosts/${host}`)).statusCode).toBe(404);
    // The name is free for whoever proves it next.
    const claimed = await as(t.app, other.token).post('/v1/organizer/domains', { hostname: host });
    expect(claimed.statusCode, claimed.body).toBe(201);
  });

  it('checks on a backoff schedule: 1 min, 5 min, 15 min, 1 h, then every 6 h', async () => {
    const host = 'shop.lagos-atlanta.org';
    const added = (await as(t.app, owner.token).post('/v1/organizer/domains', { hostname: host })).json() as DomainBody;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await makeDue(t, added.id);
      const started = Date.now();
      await sweep(t);
      const next = (await as(t.app, owner.token).get(`/v1/organizer/domains/${added.id}`)).json().next_check_at;
      waits.push(Math.round((new Date(next).getTime() - started) / 60_000));
    }
    expect(waits).toEqual([5, 15, 60, 360, 360, 360]);
    await as(t.app, owner.token).delete(`/v1/organizer/domains/${added.id}`);
  });

  it('tells the managers when ACM fails the certificate, or it nears its end unrenewed', async () => {
    const client = as(t.app, other.token);
    for (const [host, outcome] of [
      ['tickets.failing-cert.org', 'failed'],
      ['tickets.ending-cert.org', 'expiring'],
    ] as const) {
      const added = (await client.post('/v1/organizer/domains', { hostname: host })).json() as DomainBody;
      pointedAtUs(dns, host);
      dns.txt(`_accessplus.${host}`, tokenOf(added));
      await client.post(`/v1/organizer/domains/${added.id}/checks`);
      await t.runQueuedJobs();
      if (outcome === 'failed') acm.fail(host, 'CAA_ERROR');
      else acm.issue(host, new Date(Date.now() + 10 * 86_400_000));
      const sent = t.mail.sent.length;
      await makeDue(t, added.id);
      await sweep(t);
      const mail = await t.mail.received('custom_domain_certificate', other.email, sent);
      expect(mail.link).toMatch(/\/settings\/domains$/);
      const notice = t.mail.certificateNotices.at(-1);
      expect(notice).toMatchObject({ hostname: host, problem: outcome });
      const domain = (await client.get(`/v1/organizer/domains/${added.id}`)).json() as DomainBody;
      expect(domain.certificate.status).toBe(outcome === 'failed' ? 'failed' : 'active');
      if (outcome === 'failed') expect(domain.certificate.failure).toContain('CAA_ERROR');
      // Told once, not at every look.
      const told = t.mail.sent.length;
      await makeDue(t, added.id);
      await sweep(t);
      expect(t.mail.sent.length).toBe(told);
    }
  });
});

describe('custom domains with on-demand TLS', () => {
  let t: TestApp;
  const dns = new FakeDns();
  let owner: Organizer;

  beforeAll(async () => {
    t = await startTestApp({ runWorker: false, customDomainTarget: TARGET }, { dns });
    owner = await signUpOrganizer(t.app);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is for Pro and Enterprise: Basic is told which plan has it, and nothing is written', async () => {
    const refused = await as(t.app, owner.token).post('/v1/organizer/domains', { hostname: HOST });
    const error = expectErrorShape(refused, 403, 'plan_required');
    expect(error.message).toContain('Pro');
    expect((await t.admin.query('select count(*)::int as n from custom_domains')).rows[0].n).toBe(0);
    expect((await as(t.app, owner.token).get('/v1/organizer/domains')).json().data).toEqual([]);
  });

  it('answers the TLS ask endpoint yes only for verified hosts and organizers’ own subdomains', async () => {
    await putOnPlan(t, owner, 'pro');
    const client = as(t.app, owner.token);
    const ask = (domain: string) => t.app.inject(`/v1/domains/tls-allowed?domain=${encodeURIComponent(domain)}`);
    const added = (await client.post('/v1/organizer/domains', { hostname: HOST })).json() as DomainBody;
    expect(added.certificate).toEqual({
      provider: 'on_demand',
      status: 'not_requested',
      not_after: null,
      renewal_status: null,
      failure: null,
    });

    for (const domain of [HOST, 'unknown.example.org', 'localhost', `nobody-${owner.slug}.localhost`, '127.0.0.1']) {
      const answer = await ask(domain);
      expectErrorShape(answer, 404, 'not_found');
    }
    expect((await ask(`${owner.slug}.localhost`)).statusCode).toBe(200);

    pointedAtUs(dns, HOST);
    dns.txt(`_accessplus.${HOST}`, tokenOf(added));
    const checked = (await client.post(`/v1/organizer/domains/${added.id}/checks`)).json() as DomainBody;
    expect(checked.status).toBe('verified');
    const allowed = await ask(`${HOST.toUpperCase()}.`);
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toEqual({ domain: HOST, allowed: true });
    // The certificate is Caddy's to obtain: "active" here is the allow-list answering yes.
    await t.runQueuedJobs();
    const domain = (await client.get(`/v1/organizer/domains/${added.id}`)).json() as DomainBody;
    expect(domain.certificate.status).toBe('active');
    expect(domain.records.map((record) => record.purpose)).toEqual(['routing', 'ownership']);

    // Answered from the cache: a thousand asks in well under a second.
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await ask(HOST);
    expect(performance.now() - started).toBeLessThan(3_000);

    await client.delete(`/v1/organizer/domains/${added.id}`);
    expect((await ask(HOST)).statusCode).toBe(404);
  });

  it('refuses host names that cannot be a store’s, naming the field, and writes nothing', async () => {
    await putOnPlan(t, owner, 'pro');
    for (const hostname of [
      'ethiopian-dc.org',
      'localhost',
      'tickets',
      '203.0.113.7',
      '[2001:db8::1]',
      `${owner.slug}.localhost`,
      'https://tickets.ethiopian-dc.org/',
      'tickets.ethiopian-dc.org:8443',
      'tickets..ethiopian-dc.org',
      '-bad.ethiopian-dc.org',
      'co.uk',
      'tickets.example.notatld',
      `${'a'.repeat(64)}.ethiopian-dc.org`,
      `${'abcdefghi.'.repeat(25)}ethiopian-dc.org`,
    ]) {
      const refused = await as(t.app, owner.token).post('/v1/organizer/domains', { hostname });
      const error = expectErrorShape(refused, [400, 422]);
      expect(
        error.details.map((detail) => detail.field),
        hostname,
      ).toContain('body.hostname');
    }
    expect((await t.admin.query('select count(*)::int as n from custom_domains')).rows[0].n).toBe(0);
  });
});

describe('host answers behind a load balancer', () => {
  let redis: TestRedis;
  let t: TestApp;
  let second: Runtime;
  const dns = new FakeDns();

  beforeAll(async () => {
    redis = await startRedis();
    const shared = { redisUrl: redis.url, runWorker: false, customDomainTarget: TARGET };
    t = await startTestApp(shared, { dns });
    second = await t.anotherInstance(shared);
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  });

  /** Asks `app` until it answers `status`: far sooner than the minute answers are kept. */
  async function answers(app: TestApp['app'], host: string, status: number) {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const answer = await app.inject(`/v1/public/hosts/${host}`);
      if (answer.statusCode === status) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('drops every instance’s cached answers through Redis when a domain is verified or removed', async () => {
    const owner = await signUpOrganizer(t.app);
    await putOnPlan(t, owner, 'pro');
    const client = as(t.app, owner.token);
    const added = (await client.post('/v1/organizer/domains', { hostname: HOST })).json() as DomainBody;
    // The second instance remembers that nobody answers on the host…
    expect((await second.app.inject(`/v1/public/hosts/${HOST}`)).statusCode).toBe(404);
    pointedAtUs(dns, HOST);
    dns.txt(`_accessplus.${HOST}`, tokenOf(added));
    expect((await client.post(`/v1/organizer/domains/${added.id}/checks`)).json().status).toBe('verified');
    // …and forgets it as soon as the first verifies the domain.
    expect(await answers(second.app, HOST, 200)).toBe(true);
    expect(await answers(second.app, `${owner.slug}.localhost`, 200)).toBe(true);
    expect((await second.app.inject(`/v1/public/hosts/${owner.slug}.localhost`)).json().custom_domain).toBe(HOST);

    await client.delete(`/v1/organizer/domains/${added.id}`);
    expect(await answers(second.app, HOST, 404)).toBe(true);
    expect((await second.app.inject(`/v1/domains/tls-allowed?domain=${HOST}`)).statusCode).toBe(404);
  });
});

describe('the host names an organizer may add', () => {
  it.each([
    ['tickets.ethiopian-dc.org', 'tickets.ethiopian-dc.org'],
    ['  Tickets.Ethiopian-DC.org. ', 'tickets.ethiopian-dc.org'],
    ['boutique.église-haïtienne.org', 'boutique.xn--glise-hatienne-9jb8h.org'],
    ['events.casa-latina.co.uk', 'events.casa-latina.co.uk'],
  ])('takes %s as %s', (typed, stored) => {
    expect(judgeHostname(typed, 'accessplus.events')).toEqual({ ok: true, hostname: stored });
  });

  it.each([
    ['ethiopian-dc.org', /cannot carry the CNAME/],
    ['casa-latina.co.uk', /cannot carry the CNAME/],
    ['co.uk', /not under a domain anyone can register/],
    ['10.0.0.1', /not an IP address/],
    ['shop.accessplus.events', /Access Plus's own/],
    ['accessplus.events', /Access Plus's own/],
    ['tickets.corp.internal', /not under a domain anyone can register/],
  ])('refuses %s', (typed, why) => {
    const verdict = judgeHostname(typed, 'accessplus.events');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toMatch(why);
  });
});

describe('the diagnosis of common DNS mistakes', () => {
  const letsEncrypt = { name: "Let's Encrypt or ZeroSSL", caaDomains: ['letsencrypt.org', 'sectigo.com'] };
  const amazon = { name: 'Amazon', caaDomains: ['amazon.com', 'amazontrust.com'] };
  const token = 'accessplus-verify=abcdefghijklmnopqrstuvwxyz012345';
  const inspect = (dns: FakeDns, issuer = letsEncrypt) =>
    inspectDns(dns, { hostname: HOST, token, target: TARGET, issuer });
  const zone = () => new FakeDns().set(TARGET, 'A', [TARGET_ADDRESS]).set(TARGET, 'AAAA', ['2001:db8::10']);

  it('finds nothing wrong when both records are right', async () => {
    const dns = zone().cname(HOST, TARGET).txt(`_accessplus.${HOST}`, token);
    expect(await inspect(dns)).toEqual({ txt: 'present', cname: 'present', cnameFound: TARGET, diagnosis: [] });
  });

  it('says a record is proxied when the host answers with Cloudflare’s addresses', async () => {
    const dns = zone()
      .set(HOST, 'A', ['104.21.48.1', '172.67.130.2'])
      .set(HOST, 'AAAA', ['2606:4700:3030::6815:3001'])
      .txt(`_accessplus.${HOST}`, token);
    const found = await inspect(dns);
    expect(found).toMatchObject({ txt: 'present', cname: 'wrong' });
    expect(found.diagnosis.map((finding) => finding.code)).toEqual(['proxied']);
    expect(found.diagnosis[0]?.message).toMatch(/Cloudflare.*DNS only/);
  });

  it('says a CAA record forbids the issuer, read from the nearest name that has one', async () => {
    const dns = zone().cname(HOST, TARGET).txt(`_accessplus.${HOST}`, token);
    dns.set('ethiopian-dc.org', 'CAA', [
      { critical: 0, issue: 'digicert.com' },
      { critical: 0, iodef: 'mailto:it@x.org' },
    ]);
    const found = await inspect(dns);
    expect(found.diagnosis.map((finding) => finding.code)).toEqual(['caa_forbids_issuer']);
    expect(found.diagnosis[0]?.message).toContain('only digicert.com');
    expect(found.diagnosis[0]?.message).toContain('0 issue "letsencrypt.org"');
    // The same record set names Amazon too: ACM may issue, Let's Encrypt may not.
    dns.set('ethiopian-dc.org', 'CAA', [
      { critical: 0, issue: 'digicert.com' },
      { critical: 0, issue: 'amazon.com' },
    ]);
    expect((await inspect(dns, amazon)).diagnosis).toEqual([]);
    expect((await inspect(dns)).diagnosis.map((finding) => finding.code)).toEqual(['caa_forbids_issuer']);
    // A record set with only an iodef tag limits no one.
    dns.set('ethiopian-dc.org', 'CAA', [{ critical: 0, iodef: 'mailto:it@x.org' }]);
    expect((await inspect(dns)).diagnosis).toEqual([]);
  });

  it('says a stray AAAA record sends IPv6 visitors elsewhere', async () => {
    // A provider that flattens the CNAME answers with our A record, but an old AAAA stayed.
    const dns = zone()
      .set(HOST, 'A', [TARGET_ADDRESS])
      .set(HOST, 'AAAA', ['2001:db8:dead::1'])
      .txt(`_accessplus.${HOST}`, token);
    const found = await inspect(dns);
    expect(found.cname).toBe('present');
    expect(found.diagnosis.map((finding) => finding.code)).toEqual(['stray_aaaa']);
    expect(found.diagnosis[0]?.message).toContain('2001:db8:dead::1');
  });

  it('says what is missing or wrong, and when the DNS does not answer', async () => {
    const nothing = await inspect(zone());
    expect(nothing).toMatchObject({ txt: 'missing', cname: 'missing' });
    expect(nothing.diagnosis.map((finding) => finding.code)).toEqual(['txt_missing', 'cname_missing']);

    const elsewhere = await inspect(
      zone().cname(HOST, 'old-host.eventbrite.example').txt(`_accessplus.${HOST}`, 'google-site-verification=x'),
    );
    expect(elsewhere).toMatchObject({ txt: 'wrong', cname: 'wrong', cnameFound: 'old-host.eventbrite.example' });
    expect(elsewhere.diagnosis.map((finding) => finding.code)).toEqual(['txt_wrong', 'cname_wrong']);

    const anA = await inspect(zone().set(HOST, 'A', ['198.51.100.4']));
    expect(anA.diagnosis.map((finding) => finding.code)).toEqual(['txt_missing', 'cname_wrong']);

    const down = await inspect(zone().fail(`_accessplus.${HOST}`, 'ESERVFAIL').fail(HOST, 'ETIMEOUT'));
    expect(down.diagnosis.map((finding) => finding.code)).toEqual(['dns_not_answering', 'dns_not_answering']);
  });
});
