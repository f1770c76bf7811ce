import { describe, expect, it } from 'vitest';
import type { MemberRole } from './api-types';
import { messagesFor } from './messages';
import { type Ability, can, roleDescription, roleName } from './roles';

// Mirrors the API's requireRole calls (api/src/modules/{orders,customers,checkin,waitlist,events,payments,payouts,billing,tenants,checkout-settings,tax-rates,promo-codes}).
const table: [Ability, MemberRole, boolean][] = [
  ['checkIn', 'check_in', true],
  ['checkIn', 'staff', true],
  ['markPaid', 'check_in', true],
  ['seeOrders', 'check_in', false],
  ['seeOrders', 'staff', true],
  ['seeCustomers', 'check_in', false],
  ['seeCustomers', 'staff', true],
  ['cancelOrders', 'check_in', false],
  ['cancelOrders', 'staff', true],
  ['refundOrders', 'staff', false],
  ['refundOrders', 'admin', true],
  ['refundOrders', 'owner', true],
  ['seeWaitlist', 'check_in', false],
  ['manageWaitlist', 'staff', true],
  ['seePayouts', 'staff', false],
  ['seePayouts', 'admin', true],
  ['connectStripe', 'admin', false],
  ['connectStripe', 'owner', true],
  ['seePlan', 'check_in', false],
  ['seePlan', 'staff', true],
  ['changePlan', 'admin', false],
  ['changePlan', 'owner', true],
  ['changeSettings', 'staff', false],
  ['changeSettings', 'admin', true],
  ['changeSettings', 'check_in', false],
  ['manageTeam', 'staff', false],
  ['manageTeam', 'admin', true],
  ['manageTeam', 'owner', true],
];

describe('can', () => {
  it.each(table)('%s for %s is %s', (ability, role, allowed) => {
    expect(can(role, ability)).toBe(allowed);
  });

  it('allows nothing without an organizer', () => {
    expect(can(null, 'checkIn')).toBe(false);
    expect(can(undefined, 'seeOrders')).toBe(false);
  });
});

describe('roleName and roleDescription', () => {
  it('name a role and say what it may do, from the catalogue', () => {
    const en = messagesFor('en');
    expect(roleName('check_in', en)).toBe('Check-in staff');
    expect(roleDescription('staff', en)).toBe('Events, orders, the waitlist and check-in.');
  });
});
