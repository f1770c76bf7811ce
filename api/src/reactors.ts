import type { ChangeReactor } from './modules/changes/changes.service.ts';
import { notificationsReactor } from './modules/notifications/notifications.reactor.ts';
import { productsReactor } from './modules/products/products.reactor.ts';
import { waitlistReactor } from './modules/waitlist/waitlist.reactor.ts';

/**
 * Everything that reacts to changes inside the transaction that records them, registered here
 * and nowhere else, in the order they run: the waitlist first, since offering seats records
 * changes the buyer emails then follow.
 */
export const reactors: readonly ChangeReactor[] = [waitlistReactor, productsReactor, notificationsReactor];
