import type { MemberRole } from './api-types';
import type { Messages } from './messages';

/**
 * What each role of an organizer's team may do in the admin, as the API decides it. The admin
 * only uses this to leave out links and buttons a member cannot use: the API still checks every
 * call and answers 403 with a sentence, which the pages show.
 */
const abilities = {
  /** Scan tickets, search attendees, undo a check-in. */
  checkIn: ['owner', 'admin', 'staff', 'check_in'],
  /** Record a cash or partner payment at the door. */
  markPaid: ['owner', 'admin', 'staff', 'check_in'],
  /** Create, edit, publish, duplicate and cancel events, their tiers and add-ons. */
  editEvents: ['owner', 'admin', 'staff'],
  seeOrders: ['owner', 'admin', 'staff'],
  /** The buyers who made an account at the storefront. */
  seeCustomers: ['owner', 'admin', 'staff'],
  cancelOrders: ['owner', 'admin', 'staff'],
  refundOrders: ['owner', 'admin'],
  seeWaitlist: ['owner', 'admin', 'staff'],
  manageWaitlist: ['owner', 'admin', 'staff'],
  /** The Stripe account's state, the payouts and each event's payout outlook. */
  seePayouts: ['owner', 'admin'],
  /** Connect or finish the organizer's Stripe account. */
  connectStripe: ['owner'],
  /** Every member may read the plan; check-in staff work the door only, so the link leaves them out. */
  seePlan: ['owner', 'admin', 'staff'],
  /** Subscribe to Pro, and manage the subscription in Stripe's billing portal. */
  changePlan: ['owner'],
  /** The organizer's settings: its profile (showing "Tickets by Access Plus" too), checkout, sales tax, promo codes. */
  changeSettings: ['owner', 'admin'],
  /** See the team, invite people, change roles and remove people; only owners make or change owners. */
  manageTeam: ['owner', 'admin'],
  /** Create and revoke the organizer's API keys, on a plan that has them. */
  manageApiKeys: ['owner', 'admin'],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Ability = keyof typeof abilities;

export function can(role: MemberRole | null | undefined, ability: Ability): boolean {
  return role != null && (abilities[ability] as readonly MemberRole[]).includes(role);
}

/** A role's name in the reader's language: `Check-in staff`. */
export function roleName(role: MemberRole, t: Messages): string {
  return t[`common_role_${role}`];
}

/** What a role may do, in a sentence. */
export function roleDescription(role: MemberRole, t: Messages): string {
  return t[`common_roleDescription_${role}`];
}

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'staff', 'check_in'];
