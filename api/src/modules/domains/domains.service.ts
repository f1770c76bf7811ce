import { randomBytes } from 'node:crypto';
import {
  type InTenant,
  MANAGERS,
  requireRole,
  runInTenantAsSystem,
  type Services,
  type TenantContext,
} from '../../context.ts';
import type { DnsRecordState, DomainFinding } from '../../db/schema.ts';
import { withDueDomains } from '../../db/tenant.ts';
import { AppError, conflict, invalidField, notFound, unprocessable } from '../../lib/errors.ts';
import { enqueueJob } from '../../worker/queue.ts';
import { requireFeature } from '../billing/plans.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { getOrganizer } from '../tenants/tenants.service.ts';
import type { HostAnswer } from './domains.cache.ts';
import type { CertificateState } from './domains.certificates.ts';
import { inspectDns } from './domains.dns.ts';
import { hostNameOf, judgeHostname, platformBaseDomain, verificationRecordName } from './domains.hostnames.ts';
import * as repo from './domains.repository.ts';
import type { NewCustomDomain } from './domains.schemas.ts';

/** Custom domains an organizer may have at once (expired ones not counted). */
const MAX_DOMAINS = 5;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The waits between checks while something is still to happen: 1 min, 5 min, 15 min, 1 h, then every 6 h. */
export const CHECK_WAITS_MS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
const LATER_CHECKS_MS = 6 * HOUR;
/** Once the certificate is active: a look a day keeps its renewal and the DNS findings current. */
const SETTLED_CHECK_MS = DAY;
/** A certificate that ends within this and is not being renewed: the managers are told. */
const EXPIRY_WARNING_MS = 30 * DAY;
/** Told again at most this often. */
const WARNING_REPEAT_MS = 7 * DAY;

export const waitBeforeCheck = (checkCount: number) => CHECK_WAITS_MS[checkCount] ?? LATER_CHECKS_MS;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

interface DnsRecordToCreate {
  purpose: 'routing' | 'ownership' | 'certificate_validation';
  type: 'CNAME' | 'TXT';
  name: string;
  value: string;
  state: DnsRecordState;
}

function presentDomain(services: Services, row: repo.DomainRow) {
  const records: DnsRecordToCreate[] = [
    {
      purpose: 'routing',
      type: 'CNAME',
      name: row.hostname,
      value: services.config.customDomainTarget,
      state: row.cname_state,
    },
    {
      purpose: 'ownership',
      type: 'TXT',
      name: verificationRecordName(row.hostname),
      value: row.verification_token,
      state: row.txt_state,
    },
  ];
  if (row.certificate_validation_name && row.certificate_validation_value) {
    records.push({
      purpose: 'certificate_validation',
      type: 'CNAME',
      name: row.certificate_validation_name.replace(/\.$/, ''),
      value: row.certificate_validation_value.replace(/\.$/, ''),
      state: row.certificate_status === 'active' ? 'present' : 'unchecked',
    });
  }
  return {
    id: row.id,
    hostname: row.hostname,
    status: row.status,
    dns_verified: row.status === 'verified',
    certificate: {
      provider: services.certificates.kind,
      status: row.certificate_status,
      not_after: row.certificate_not_after?.toISOString() ?? null,
      renewal_status: row.certificate_renewal_status,
      failure: row.certificate_failure,
    },
    records,
    diagnosis: row.diagnosis,
    last_checked_at: row.last_checked_at?.toISOString() ?? null,
    next_check_at: row.next_check_at?.toISOString() ?? null,
    verified_at: row.verified_at?.toISOString() ?? null,
    expires_at: row.status === 'verified' ? null : row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}

export type PresentedDomain = ReturnType<typeof presentDomain>;

export async function listDomains(ctx: TenantContext) {
  requireRole(ctx, MANAGERS, 'see the custom domains');
  return (await repo.listDomains(ctx.trx, ctx.tenantId)).map((row) => presentDomain(ctx.services, row));
}

export async function getDomain(ctx: TenantContext, id: string) {
  requireRole(ctx, MANAGERS, 'see the custom domains');
  const row = await repo.findDomain(ctx.trx, ctx.tenantId, id);
  if (!row) throw notFound('The custom domain');
  return presentDomain(ctx.services, row);
}

const isHostnameTaken = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'custom_domains_hostname';

/**
 * Adds a host name for the organizer's storefront, waiting for its DNS records. A name another
 * store holds is refused with the same words as one this organizer already added, so the answer
 * tells nobody which organizer has it.
 */
export async function addDomain(ctx: TenantContext, input: NewCustomDomain) {
  requireRole(ctx, MANAGERS, 'add custom domains');
  const { plan } = await getOrganizer(ctx);
  requireFeature(plan, 'custom_domains', 'serve the storefront on your own domain');
  const verdict = judgeHostname(input.hostname, platformBaseDomain(ctx.services.config));
  if (!verdict.ok) throw invalidField('body.hostname', verdict.message);
  if ((await repo.countLiveDomains(ctx.trx, ctx.tenantId)) >= MAX_DOMAINS) {
    throw unprocessable(
      'too_many_domains',
      `The organizer already has ${MAX_DOMAINS} custom domains. Remove one no longer used, then add this one.`,
    );
  }
  try {
    const row = await repo.insertDomain(ctx.trx, {
      tenant_id: ctx.tenantId,
      hostname: verdict.hostname,
      verification_token: `accessplus-verify=${randomBytes(24).toString('base64url')}`,
      next_check_at: new Date(Date.now() + waitBeforeCheck(0)),
    });
    return presentDomain(ctx.services, row);
  } catch (error) {
    if (!isHostnameTaken(error)) throw error;
    const message = `${verdict.hostname} is already added to a store on Access Plus. If the name is yours and you did not add it here, write to Access Plus support.`;
    throw conflict('domain_taken', message, [{ field: 'body.hostname', message }]);
  }
}

/** Checks the domain's DNS now, as a person asks after adding the records; the schedule starts over. */
export async function recheckDomain(ctx: TenantContext, id: string) {
  requireRole(ctx, MANAGERS, 'check custom domains');
  const row = await repo.lockDomain(ctx.trx, ctx.tenantId, id);
  if (!row) throw notFound('The custom domain');
  if (row.status === 'expired') {
    throw unprocessable(
      'domain_expired',
      `${row.hostname} was not verified within seven days, so it expired. Remove it and add it again to get new records.`,
    );
  }
  const checked = await checkDns(ctx, row, { restartSchedule: true });
  // The certificate is asked for by the job, never in this request.
  if (checked.status === 'verified' && checked.certificate_status !== 'active') {
    await enqueueJob(ctx.trx, 'domains__check', { tenantId: ctx.tenantId, domainId: id }, { jobKey: checkJobKey(id) });
  }
  return presentDomain(ctx.services, checked);
}

/** Removes the domain: from the commit on, the host answers for nobody and its certificate is given up. */
export async function removeDomain(ctx: TenantContext, id: string): Promise<void> {
  requireRole(ctx, MANAGERS, 'remove custom domains');
  const row = await repo.deleteDomain(ctx.trx, ctx.tenantId, id);
  if (!row) throw notFound('The custom domain');
  if (row.certificate_reference) {
    await enqueueJob(ctx.trx, 'domains__release_certificate', { reference: row.certificate_reference });
  }
  ctx.afterCommit(() => ctx.services.hostCache.invalidate());
}

const checkJobKey = (domainId: string) => `domains__check:${domainId}`;

/** Looks at the DNS and records what it found; a pending domain whose TXT record is there becomes verified. */
async function checkDns(ctx: InTenant, row: repo.DomainRow, options: { restartSchedule: boolean }) {
  const { services } = ctx;
  const found = await inspectDns(services.dns, {
    hostname: row.hostname,
    token: row.verification_token,
    target: services.config.customDomainTarget,
    issuer: services.certificates.issuer,
  });
  const now = new Date();
  const becomesVerified = row.status === 'pending' && found.txt === 'present';
  const checkCount = options.restartSchedule || becomesVerified ? 0 : row.check_count + 1;
  const status = becomesVerified ? 'verified' : row.status;
  const updated = await repo.updateDomain(ctx.trx, ctx.tenantId, row.id, {
    txt_state: found.txt,
    cname_state: found.cname,
    cname_found: found.cnameFound,
    diagnosis: JSON.stringify(found.diagnosis),
    last_checked_at: now,
    check_count: checkCount,
    status,
    ...(becomesVerified ? { verified_at: now } : {}),
    next_check_at: nextCheck(status, row.certificate_status, checkCount, row.expires_at, now),
  });
  if (!updated) throw notFound('The custom domain');
  if (becomesVerified) ctx.afterCommit(() => services.hostCache.invalidate());
  return updated;
}

function nextCheck(
  status: repo.DomainRow['status'],
  certificate: repo.DomainRow['certificate_status'],
  checkCount: number,
  expiresAt: Date,
  now: Date,
): Date | null {
  if (status === 'expired') return null;
  const settled = status === 'verified' && (certificate === 'active' || certificate === 'failed');
  const next = new Date(now.getTime() + (settled ? SETTLED_CHECK_MS : waitBeforeCheck(checkCount)));
  // A pending domain is looked at again by its expiry at the latest, which the check then carries out.
  return status === 'pending' && next > expiresAt ? expiresAt : next;
}

/**
 * The job's look at one domain, safe to run twice: expires it after seven days unverified; else
 * checks the DNS and, once verified, asks for its certificate and follows it until it is active,
 * then watches its renewal. The managers are told when a certificate fails or nears its end.
 */
export async function advanceDomain(services: Services, tenantId: string, domainId: string): Promise<void> {
  await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const row = await repo.lockDomain(ctx.trx, tenantId, domainId);
    if (!row || row.status === 'expired') return;
    const now = new Date();
    if (row.status === 'pending' && row.expires_at <= now) {
      const expired: DomainFinding = {
        code: 'expired',
        message: `${row.hostname} was not verified within seven days, so it expired and the name is free again. Remove it and add it again to start over.`,
      };
      await repo.updateDomain(ctx.trx, tenantId, domainId, {
        status: 'expired',
        next_check_at: null,
        diagnosis: JSON.stringify([expired]),
      });
      return;
    }
    const checked = await checkDns(ctx, row, { restartSchedule: false });
    if (checked.status !== 'verified') return;
    await followCertificate(ctx, checked, now);
  });
}

async function followCertificate(ctx: InTenant, row: repo.DomainRow, now: Date): Promise<void> {
  const { services } = ctx;
  const provider = services.certificates;
  let reference = row.certificate_reference;
  if (row.certificate_status === 'not_requested' || (provider.kind === 'acm' && !reference)) {
    reference = await provider.request({ id: row.id, hostname: row.hostname });
  }
  const state: CertificateState = await provider.describe(reference);
  const changed = state.status !== row.certificate_status;
  const checkCount = changed ? 0 : row.check_count;
  const warning = certificateWarning(row, state, now);
  await repo.updateDomain(ctx.trx, ctx.tenantId, row.id, {
    certificate_reference: reference,
    certificate_status: state.status,
    certificate_validation_name: state.validation?.name ?? row.certificate_validation_name,
    certificate_validation_value: state.validation?.value ?? row.certificate_validation_value,
    certificate_not_after: state.notAfter,
    certificate_renewal_status: state.renewalStatus,
    certificate_failure: state.failure,
    check_count: checkCount,
    next_check_at: nextCheck('verified', state.status, checkCount, row.expires_at, now),
    ...(warning ? { certificate_warned_at: now } : {}),
  });
  if (warning) {
    await enqueueJob(ctx.trx, 'domains__notify_certificate', {
      tenantId: ctx.tenantId,
      domainId: row.id,
      problem: warning,
    });
  }
}

/** Whether the managers should hear of the certificate now: it just failed, or it ends soon without a renewal under way. */
function certificateWarning(row: repo.DomainRow, state: CertificateState, now: Date): 'failed' | 'expiring' | null {
  if (state.status === 'failed') return row.certificate_status === 'failed' ? null : 'failed';
  if (state.status !== 'active' || !state.notAfter) return null;
  const endsSoon = state.notAfter.getTime() - now.getTime() < EXPIRY_WARNING_MS;
  const renewing = state.renewalStatus === 'SUCCESS' || state.renewalStatus === 'PENDING_AUTO_RENEWAL';
  const toldRecently =
    row.certificate_warned_at && now.getTime() - row.certificate_warned_at.getTime() < WARNING_REPEAT_MS;
  return endsSoon && !renewing && !toldRecently ? 'expiring' : null;
}

/** The minutely sweep: asks for a check of every domain whose next check is due. */
export async function askForDueChecks(services: Services): Promise<number> {
  const due = await withDueDomains(services.db, (trx) => repo.dueDomains(trx, 500));
  for (const domain of due) {
    await enqueueJob(
      services.db,
      'domains__check',
      { tenantId: domain.tenant_id, domainId: domain.id },
      { jobKey: checkJobKey(domain.id), jobKeyMode: 'preserve_run_at' },
    );
  }
  return due.length;
}

/** What the managers' email says about a certificate; null once there is nothing to say. */
export async function certificateNotice(ctx: InTenant, domainId: string, problem: 'failed' | 'expiring') {
  const row = await repo.findDomain(ctx.trx, ctx.tenantId, domainId);
  if (row?.status !== 'verified') return null;
  if (problem === 'failed' && row.certificate_status !== 'failed') return null;
  return {
    hostname: row.hostname,
    problem,
    failure: row.certificate_failure,
    notAfter: row.certificate_not_after,
    link: `${ctx.services.config.adminUrl.replace(/\/$/, '')}/settings/domains`,
  };
}

/**
 * Which organizer a request's Host is for: a verified custom domain, or `{slug}.<base domain>`.
 * Answers (unknown hosts included) are cached, and dropped whenever a domain changes.
 */
export async function resolveHost(services: Services, host: string): Promise<HostAnswer> {
  const name = hostNameOf(host);
  const cached = services.hostCache.get(name);
  if (cached !== undefined) {
    if (cached === null) throw hostUnknown();
    return cached;
  }
  const answer = await lookUpHost(services, name);
  services.hostCache.set(name, answer);
  if (!answer) throw hostUnknown();
  return answer;
}

/** The answer of `resolveStorefrontHost`. */
export async function describeHost(services: Services, host: string) {
  const answer = await resolveHost(services, host);
  return { host: hostNameOf(host), slug: answer.slug, kind: answer.kind, custom_domain: answer.customDomain };
}

/** Caddy's question before it obtains a certificate: yes (200) only for hosts a store answers on. */
export async function tlsAllowed(services: Services, domain: string) {
  await resolveHost(services, domain);
  return { domain: hostNameOf(domain), allowed: true as const };
}

const hostUnknown = () =>
  new AppError(404, 'not_found', 'No store answers on this host: it is no organizer’s address on Access Plus.');

async function lookUpHost(services: Services, name: string): Promise<HostAnswer | null> {
  const base = platformBaseDomain(services.config);
  if (name.endsWith(`.${base}`)) {
    const slug = name.slice(0, -(base.length + 1));
    if (!SLUG.test(slug)) return null;
    try {
      const organizer = await organizerBySlug(services, slug);
      const customDomain = await runInTenantAsSystem(services, organizer.id, (ctx) =>
        repo.verifiedHostnameOf(ctx.trx, ctx.tenantId),
      );
      return { slug, kind: 'platform_subdomain', customDomain };
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 404) return null;
      throw error;
    }
  }
  if (!judgeHostname(name, base).ok) return null;
  const found = await repo.organizerOfHost(services.db, name);
  return found ? { slug: found.slug, kind: 'custom_domain', customDomain: name } : null;
}

/**
 * The address of the organizer's storefront for links in emails: its verified custom domain
 * (always https, which its certificate serves) or its address on the platform.
 */
export async function storefrontBaseUrl(ctx: InTenant, slug: string): Promise<string> {
  const hostname = await repo.verifiedHostnameOf(ctx.trx, ctx.tenantId);
  if (hostname) return `https://${hostname}`;
  return ctx.services.config.storefrontUrl.replace('{slug}', slug).replace(/\/$/, '');
}
