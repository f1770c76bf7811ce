import type { Tasks } from '../../worker/worker.ts';
import { tellManagers } from '../tenants/tell-managers.ts';
import { advanceDomain, askForDueChecks, certificateNotice } from './domains.service.ts';

export const domainTasks: Tasks = {
  /** One domain's check: its DNS, then its certificate once verified (domains.service.ts, `advanceDomain`). */
  async domains__check(payload, { services }) {
    const { tenantId, domainId } = payload as { tenantId: string; domainId: string };
    await advanceDomain(services, tenantId, domainId);
  },

  /** Every minute: asks for the checks that are due, whatever became of the jobs that were to do them. */
  async domains__sweep(_payload, { services, logger }) {
    const asked = await askForDueChecks(services);
    if (asked > 0) logger.debug(`asked for ${asked} custom domain checks`);
  },

  /** Tells the organizer's owners and admins that a domain's certificate failed or ends soon. */
  async domains__notify_certificate(payload, { services }) {
    const { tenantId, domainId, problem } = payload as {
      tenantId: string;
      domainId: string;
      problem: 'failed' | 'expiring';
    };
    await tellManagers(
      services,
      tenantId,
      async (ctx) => {
        const notice = await certificateNotice(ctx, domainId, problem);
        if (!notice) return null;
        const organizer = await ctx.trx
          .selectFrom('tenants')
          .select('name')
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow();
        return { ...notice, organizerName: organizer.name };
      },
      (to, notice) => services.accountMail.customDomainCertificate(to, notice, notice.link),
    );
  },

  /** Gives up the certificate of a removed domain (with ACM, deletes it there). */
  async domains__release_certificate(payload, { services }) {
    const { reference } = payload as { reference: string };
    await services.certificates.release(reference);
  },
};
