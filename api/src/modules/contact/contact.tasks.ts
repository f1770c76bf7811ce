import type { Tasks } from '../../worker/worker.ts';
import { deliverContactMessage } from './contact.service.ts';

export const contactTasks: Tasks = {
  async contact__send_message(payload, { services }) {
    const { tenantId, messageId } = payload as { tenantId: string; messageId: string };
    await deliverContactMessage(services, tenantId, messageId);
  },
};
