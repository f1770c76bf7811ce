/**
 * Every kind of change others react to, with what its `data` holds. Published changes are kept
 * for the changes feed and sent to webhooks; the others exist only for reactors inside the
 * transaction (a lapsed hold gives its seats to the waitlist, but means nothing to a CRM).
 */

interface OrderReturn {
  /** Tiers whose seats came back to sale with this change. */
  returned_tier_ids: string[];
  /** The waitlist entry the order was offered to, if it was. */
  waitlist_entry_id: string | null;
}

export interface ChangeData {
  'event.created': { id: string; status: string };
  'event.updated': {
    id: string;
    status: string;
    /** The fields the update changed (`starts_at`, `venue_name`, `title` …); absent for a change of capacity alone. */
    changed?: string[];
    /** What the changed date, time and place fields were before (ISO times), for notices to ticket holders. */
    previous?: Record<string, string | null>;
  };
  'event.published': { id: string; status: string };
  'event.unpublished': { id: string; status: string };
  'event.cancelled': { id: string; status: string };
  'event.deleted': { id: string; status: string };
  'tier.created': { id: string; event_id: string };
  'tier.updated': { id: string; event_id: string; seats_added: boolean };
  'tier.deleted': { id: string; event_id: string };
  'order.paid': {
    id: string;
    number: string;
    event_ids: string[];
    total_cents: number;
    currency: string;
    payment_method: string | null;
    ticket_ids: string[];
    waitlist_entry_id: string | null;
  };
  'order.reserved': { id: string; number: string; payment_method: string | null; expires_at: string | null };
  'order.cancelled': { id: string; number: string } & OrderReturn;
  'order.expired': { id: string; number: string } & OrderReturn;
  'order.refunded': {
    id: string;
    number: string;
    status: string;
    refund_id: string;
    amount_cents: number;
    currency: string;
    ticket_ids: string[];
    reason: string;
    returned_tier_ids: string[];
  };
  'ticket.checked_in': { id: string; event_id: string; order_id: string; check_in_id: string };
  'ticket.check_in_undone': { id: string; event_id: string; order_id: string; check_in_id: string };
  'payout.scheduled': PayoutData;
  'payout.held': PayoutData;
  'payout.released': PayoutData;
  'payout.sent': PayoutData;
  'payout.paid': PayoutData;
  'payout.failed': PayoutData;
  'payout.cancelled': PayoutData;
  'waitlist.joined': WaitlistData;
  'waitlist.offered': WaitlistData & { order_id: string };
  'waitlist.removed': WaitlistData;
}

interface PayoutData {
  id: string;
  event_id: string;
  kind: string;
  method: string;
  status: string;
  amount_cents: number;
  currency: string;
}

interface WaitlistData {
  id: string;
  event_id: string;
  tier_id: string;
  quantity: number;
}

export type ChangeType = keyof ChangeData;

interface CatalogEntry {
  /** Kept for the changes feed and offered to webhooks; else seen by reactors only. */
  published: boolean;
  /** For integrators, in the API reference and the admin's webhook form. */
  description: string;
}

export const CHANGE_CATALOG: Readonly<Record<ChangeType, CatalogEntry>> = {
  'event.created': { published: true, description: 'An event was created (as a draft, or as a copy).' },
  'event.updated': { published: true, description: 'An event’s details changed.' },
  'event.published': { published: true, description: 'An event was published: it is on sale on the storefront.' },
  'event.unpublished': { published: true, description: 'An event was taken off the storefront.' },
  'event.cancelled': { published: true, description: 'An event was cancelled; its paid orders are refunded.' },
  'event.deleted': { published: true, description: 'A draft event was deleted.' },
  'tier.created': { published: true, description: 'A ticket tier was added to an event.' },
  'tier.updated': { published: true, description: 'A ticket tier changed (price, quantity, sales window …).' },
  'tier.deleted': { published: true, description: 'A ticket tier was removed from an event.' },
  'order.paid': { published: true, description: 'An order was paid and its tickets issued.' },
  'order.reserved': {
    published: true,
    description: 'A buyer chose to pay in person: the order keeps its tickets until its payment deadline.',
  },
  'order.cancelled': { published: true, description: 'An unpaid order was cancelled and its seats returned.' },
  'order.expired': { published: false, description: 'An unpaid order’s hold lapsed.' },
  'order.refunded': {
    published: true,
    description: 'Part or all of an order was refunded; the refunded tickets no longer admit.',
  },
  'ticket.checked_in': { published: true, description: 'A ticket was scanned in at the door.' },
  'ticket.check_in_undone': { published: true, description: 'A check-in was undone at the door.' },
  'payout.scheduled': { published: true, description: 'A payout to the organizer was planned.' },
  'payout.held': { published: true, description: 'Platform staff held a payout.' },
  'payout.released': { published: true, description: 'A held payout was released.' },
  'payout.sent': { published: true, description: 'A payout left for the organizer’s bank.' },
  'payout.paid': { published: true, description: 'A payout reached the organizer.' },
  'payout.failed': { published: true, description: 'A payout failed; its money is owed to the organizer again.' },
  'payout.cancelled': {
    published: true,
    description: 'A planned early payout is no longer due (the risk tier or the settled sales changed).',
  },
  'waitlist.joined': { published: true, description: 'Someone joined the waitlist of a sold-out tier.' },
  'waitlist.offered': {
    published: true,
    description: 'Tickets were offered to the person at the head of a waitlist, as an order to pay.',
  },
  'waitlist.removed': { published: true, description: 'The organizer removed someone from a waitlist.' },
};

export const CHANGE_TYPES = Object.keys(CHANGE_CATALOG) as ChangeType[];
export const PUBLISHED_CHANGE_TYPES = CHANGE_TYPES.filter((type) => CHANGE_CATALOG[type].published);
