import { describe, expect, it } from 'vitest';
import { gettingStarted } from './checklist';
import { messagesFor } from './messages';

const en = messagesFor('en');

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
    expect(gettingStarted(nothing, en).filter((step) => step.done)).toEqual([]);
    const done = gettingStarted({ ...nothing, hasEvent: true, feesSet: true, draftId: 'e1' }, en);
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
    expect(gettingStarted({ ...nothing, payoutsByStripe: false }, en).map((step) => step.id)).toEqual([
      'create_event',
      'fees',
      'team',
      'publish',
    ]);
  });

  it('names each step in the reader’s language', () => {
    const [create] = gettingStarted(nothing, en);
    expect(create).toMatchObject({
      label: 'Create an event',
      description: 'A title, a date, a place and one ticket type are enough to start.',
    });
    const french = gettingStarted(nothing, messagesFor('fr'));
    expect(french.map((step) => step.label)).toEqual([
      'Créer un événement',
      'Configurer les versements',
      'Fixer vos frais',
      'Inviter votre équipe',
      'Publier',
    ]);
  });
});
