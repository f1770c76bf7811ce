import type { Tasks } from '../../worker/worker.ts';
import { deliverMessage, dispatchChangeNotice, sendDueReminders } from './messages.service.ts';

interface MessageJob {
  tenantId: string;
  messageId: string;
}

export const messageTasks: Tasks = {
  /** Sends a message to its pending recipients, throttled; safe to run again. */
  async messages__send(payload, { services, logger, signal }) {
    const { tenantId, messageId } = payload as MessageJob;
    await deliverMessage(services, tenantId, messageId, logger, signal);
  },

  /** Reminds the holders of tickets to events starting tomorrow, once each. */
  async messages__send_reminders(_payload, { services }) {
    await sendDueReminders(services);
  },

  /** Sends a prepared notice of a changed date or place, with the event as it now is. */
  async messages__event_change(payload, { services }) {
    const { tenantId, messageId } = payload as MessageJob;
    await dispatchChangeNotice(services, tenantId, messageId);
  },
};
