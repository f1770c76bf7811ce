import { runInTenantAsSystem, type Services } from '../../context.ts';
import { invalidField } from '../../lib/errors.ts';
import { enqueueJob } from '../../worker/queue.ts';
import type { ContactMail } from '../notifications/buyer-mail.ts';
import { confirmationCopy } from '../notifications/notifications.tasks.ts';
import { findBuyersOrder } from '../orders/orders.service.ts';
import { organizerBySlug } from '../tenants/storefront-organizers.ts';
import { contactRecipients } from '../tenants/tenants.service.ts';
import * as repo from './contact.repository.ts';
import type { NewContactMessage } from './contact.schemas.ts';

function required(value: string, field: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalidField(field, `Write ${what}.`);
  return trimmed;
}

/**
 * Keeps a buyer's message and asks for it to be emailed to the organizer. Whether its order
 * reference matches anything is left to the job, so the answer (and its time) is the same for
 * every reference.
 */
export async function sendContactMessage(services: Services, slug: string, input: NewContactMessage): Promise<void> {
  const tenant = await organizerBySlug(services, slug);
  const message = {
    tenant_id: tenant.id,
    name: required(input.name, 'body.name', 'your name'),
    email: input.email.trim().toLowerCase(),
    order_reference: input.order_reference?.trim() || null,
    message: required(input.message, 'body.message', 'your message'),
    locale: input.locale ?? tenant.default_locale,
  };
  await runInTenantAsSystem(services, tenant.id, async (ctx) => {
    const { id } = await repo.insertMessage(ctx.trx, message);
    await enqueueJob(ctx.trx, 'contact__send_message', { tenantId: ctx.tenantId, messageId: id });
  });
}

/**
 * Emails a kept message to the organizer's contact address (or its owners), and records it as
 * sent. A job that fails after some were sent sends them all again: twice, never less.
 */
export async function deliverContactMessage(services: Services, tenantId: string, messageId: string): Promise<void> {
  const prepared = await runInTenantAsSystem(services, tenantId, async (ctx) => {
    const message = await repo.findUnsentMessage(ctx.trx, tenantId, messageId);
    if (!message) return null;
    const recipients = await contactRecipients(ctx);
    if (!recipients) return null;
    const orderId = message.order_reference ? await findBuyersOrder(ctx, message.order_reference, message.email) : null;
    const order = orderId ? await confirmationCopy(ctx, orderId) : null;
    const admin = services.config.adminUrl.replace(/\/$/, '');
    const contact: ContactMail = {
      organizerName: recipients.name,
      sender: { name: message.name, email: message.email },
      message: message.message,
      orderReference: message.order_reference,
      order,
      adminLink: order ? `${admin}/orders/${order.confirmation.orderId}` : `${admin}/orders`,
    };
    return { contact, to: recipients.to };
  });
  if (!prepared) return;
  for (const to of prepared.to) {
    await services.buyerMail.contactMessage({ email: to.email, name: to.displayName }, prepared.contact);
  }
  await runInTenantAsSystem(services, tenantId, (ctx) => repo.markSent(ctx.trx, tenantId, messageId));
}
