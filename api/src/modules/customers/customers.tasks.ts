import { runInTenantAsSystem } from '../../context.ts';
import type { Tasks } from '../../worker/worker.ts';
import { prepareSignInMail } from './customers.service.ts';

interface SignInLinkJob {
  tenantId: string;
  tokenId: string;
}

export const customerTasks: Tasks = {
  /**
   * Emails a sign-in link. The token is made here, committed, and only then sent, so the link
   * works when it arrives; a retry makes a new one. A link used or lapsed meanwhile sends nothing.
   */
  async customers__email_sign_in_link(payload, { services }) {
    const { tenantId, tokenId } = payload as SignInLinkJob;
    const prepared = await runInTenantAsSystem(services, tenantId, (ctx) => prepareSignInMail(ctx, tokenId));
    if (prepared) await services.buyerMail.customerSignIn(prepared.to, prepared.mail);
  },
};
