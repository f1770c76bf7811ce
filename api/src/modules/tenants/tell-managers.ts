import { type InTenant, runInTenantAsSystem, type Services } from '../../context.ts';
import type { AccountMailRecipient } from '../auth/account-mail.ts';

/**
 * Tells an organizer's owners and admins about money (a dispute, a payout that bounced): `read`
 * finds what to say inside the tenant — null when there is nothing to say any more — and `send`
 * mails it to each of them. Jobs call it; a retried job may mail again, never less.
 */
export async function tellManagers<T>(
  services: Services,
  tenantId: string,
  read: (ctx: InTenant) => Promise<T | null | undefined>,
  send: (to: AccountMailRecipient, found: T) => Promise<void>,
): Promise<void> {
  const found = await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const subject = await read(ctx);
    if (subject == null) return null;
    const managers = await ctx.trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.email', 'users.display_name', 'users.locale'])
      .where('memberships.tenant_id', '=', tenantId)
      .where('memberships.role', 'in', ['owner', 'admin'])
      .execute();
    return { subject, managers };
  });
  if (!found) return;
  for (const manager of found.managers) {
    await send({ email: manager.email, displayName: manager.display_name, locale: manager.locale }, found.subject);
  }
}
