import type { ChangeReactor } from './modules/changes/changes.service.ts';
import { messagesReactor } from './modules/messages/messages.reactor.ts';
import { notificationsReactor } from './modules/notifications/notifications.reactor.ts';
import { productsReactor } from './modules/products/products.reactor.ts';
import { waitlistReactor } from './modules/waitlist/waitlist.reactor.ts';
import { webhooksReactor } from './modules/webhooks/webhooks.reactor.ts';

/**
 * Everything that reacts to changes inside the transaction that records them, registered here
 * and nowhere else, in the order they run: webhooks first, so a change's delivery comes before
 * those of the changes it leads to; then the waitlist, since offering seats records changes the
 * buyer emails then follow.
 */
export const reactors: readonly ChangeReactor[] = [
  webhooksReactor,
  waitlistReactor,
  productsReactor,
  notificationsReactor,
  messagesReactor,
];
