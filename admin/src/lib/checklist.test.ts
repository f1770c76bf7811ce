import { describe, expect, it } from 'vitest';
import { gettingStarted } from './checklist';

const nothing = {
  hasEvent: false,
  hasPublished: false,
  draftId: null,
  payoutsReady: false,
  payoutsByStripe: true,
  feesSet: false,
  teamInvited: false,
};

describe('the getting-started checklist', () => {
  it('ticks each step from what the organizer has done', () => {
    expect(gettingStarted(nothing).filter((step) => step.done)).toEqual([]);
    const done = gettingStarted({ ...nothing, hasEvent: true, feesSet: true, draftId: 'e1' });
    expect(done.map((step) => [step.id, step.done])).toEqual([
      ['create_event', true],
      ['payouts', false],
      ['fees', true],
      ['team', false],
      ['publish', false],
    ]);
    expect(done.find((step) => step.id === 'publish')?.href).toBe('/events/e1/edit');
  });

  it('leaves out payouts where this server pays organizers by hand, without Stripe', () => {
    expect(gettingStarted({ ...nothing, payoutsByStripe: false }).map((step) => step.id)).toEqual([
      'create_event',
      'fees',
      'team',
      'publish',
    ]);
  });
});
