import type { Messages } from './messages';

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

/** The steps, each with its name and what it is for in the reader's language (`t`). */
export function gettingStarted(facts: ChecklistFacts, t: Messages): ChecklistStep[] {
  const stepOf = (id: ChecklistStep['id'], href: string, done: boolean): ChecklistStep => ({
    id,
    label: t[`events_checklistLabel_${id}`],
    description: t[`events_checklistDescription_${id}`],
    href,
    done,
  });
  const steps: ChecklistStep[] = [
    stepOf('create_event', '/events/new', facts.hasEvent),
    stepOf('payouts', '/payouts', facts.payoutsReady),
    stepOf('fees', '/settings/checkout', facts.feesSet),
    stepOf('team', '/settings/team', facts.teamInvited),
    stepOf('publish', facts.draftId ? `/events/${facts.draftId}/edit` : '/events/new', facts.hasPublished),
  ];
  return facts.payoutsByStripe ? steps : steps.filter((step) => step.id !== 'payouts');
}
