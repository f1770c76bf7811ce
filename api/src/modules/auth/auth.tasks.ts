import { runInTenantAsSystem } from '../../context.ts';
import type { Tasks } from '../../worker/worker.ts';
import { findTenantById } from '../tenants/tenants.repository.ts';
import { findUserById } from './auth.repository.ts';
import { type AccountLinkJob, accountLink, issueAccountToken, issueSignUpToken, signInLink } from './auth.service.ts';

export const authTasks: Tasks = {
  /**
   * Makes the link's token, commits it, and only then sends it, so the link works when it
   * arrives; each attempt makes a new one. Nothing is sent to a person deleted meanwhile, nor a
   * verification to an address verified meanwhile, nor a sign-up's link once it was followed or
   * expired.
   */
  async auth__email_account_link(payload, { services }) {
    const job = payload as AccountLinkJob;
    if (job.purpose === 'confirm_sign_up') {
      const issued = await issueSignUpToken(services.db, job.pendingSignUpId);
      if (!issued) return;
      const { pending, token } = issued;
      await services.accountMail.signUpConfirmation(
        { email: pending.email, displayName: pending.display_name, locale: pending.locale },
        pending.organizer.name,
        accountLink(services, 'confirm-sign-up', token),
        pending.expires_at,
      );
      return;
    }
    const user = await findUserById(services.db, job.userId);
    if (!user) return;
    const to = { email: user.email, displayName: user.display_name, locale: user.locale };
    if (job.purpose === 'sign_up_attempt') {
      await services.accountMail.signUpAttempt(to, signInLink(services));
      return;
    }
    if (job.purpose === 'verify_email') {
      if (user.email_verified_at) return;
      const token = await issueAccountToken(services.db, user.id, 'verify_email');
      await services.accountMail.emailVerification(to, accountLink(services, 'verify-email', token));
      return;
    }
    if (job.purpose === 'reset_password') {
      const token = await issueAccountToken(services.db, user.id, 'reset_password');
      await services.accountMail.passwordReset(to, accountLink(services, 'reset-password', token));
      return;
    }
    const organizer = await runInTenantAsSystem(services, job.tenantId, (ctx) => findTenantById(ctx.trx, ctx.tenantId));
    if (!organizer) return;
    const token = await issueAccountToken(services.db, user.id, 'reset_password');
    // Someone invited has not chosen a language yet: their organizer's is the best guess.
    await services.accountMail.invitation(
      { ...to, locale: user.locale ?? organizer.default_locale },
      organizer.name,
      accountLink(services, 'reset-password', token),
    );
  },
};
