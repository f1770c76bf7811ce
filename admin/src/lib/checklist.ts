/** The first steps of a new organizer, in the order they are usually taken. */
export interface ChecklistStep {
  id: 'create_event' | 'payouts' | 'fees' | 'team' | 'publish';
  label: string;
  description: string;
  href: string;
  done: boolean;
}

export interface ChecklistFacts {
  hasEvent: boolean;
  hasPublished: boolean;
  /** The draft to publish, when there is one. */
  draftId: string | null;
  payoutsReady: boolean;
  /** Whether this server pays organizers through Stripe at all; without it staff pay by hand. */
  payoutsByStripe: boolean;
  feesSet: boolean;
  teamInvited: boolean;
}

export function gettingStarted(facts: ChecklistFacts): ChecklistStep[] {
  const steps: ChecklistStep[] = [
    {
      id: 'create_event',
      label: 'Create an event',
      description: 'A title, a date, a place and one ticket type are enough to start.',
      href: '/events/new',
      done: facts.hasEvent,
    },
    {
      id: 'payouts',
      label: 'Set up payouts',
      description: 'Connect a Stripe account so card sales reach your bank.',
      href: '/payouts',
      done: facts.payoutsReady,
    },
    {
      id: 'fees',
      label: 'Set your fees',
      description: 'Choose who pays the service fee, and whether part of it goes to a community fund.',
      href: '/settings/checkout',
      done: facts.feesSet,
    },
    {
      id: 'team',
      label: 'Invite your team',
      description: 'Add the people who help: at the door, with orders, with events.',
      href: '/settings/team',
      done: facts.teamInvited,
    },
    {
      id: 'publish',
      label: 'Publish',
      description: 'Put your event on your ticket site so people can buy.',
      href: facts.draftId ? `/events/${facts.draftId}/edit` : '/events/new',
      done: facts.hasPublished,
    },
  ];
  return facts.payoutsByStripe ? steps : steps.filter((step) => step.id !== 'payouts');
}
