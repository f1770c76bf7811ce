import type { Tier, WaitlistEntry, WaitlistStatus } from './api-types';
import { pickText } from './events';
import type { Messages } from './messages';

export type MoveBody = { before_entry_id: string } | { after_entry_id: string };

/**
 * The API moves a waiting entry next to another waiting entry of its tier. This turns "to place
 * n in line" (1 = next) into that: ahead of whoever is at n when moving up, behind them when
 * moving down. Null when the entry is not waiting or would not move.
 */
export function moveBody(waitingIds: readonly string[], entryId: string, toPosition: number): MoveBody | null {
  const from = waitingIds.indexOf(entryId);
  if (from === -1 || waitingIds.length < 2 || !Number.isFinite(toPosition)) return null;
  const to = Math.min(Math.max(Math.round(toPosition), 1), waitingIds.length) - 1;
  if (to === from) return null;
  const anchor = waitingIds[to] as string;
  return to < from ? { before_entry_id: anchor } : { after_entry_id: anchor };
}

/** An entry's status in `t`'s language; a status this admin does not know yet, as the API names it. */
export function waitlistStatusLabel(status: string, t: Messages): string {
  const label: unknown = t[`door_waitlistStatus_${status as WaitlistStatus}`];
  return typeof label === 'string' ? label : status;
}

export interface TierLine {
  tierId: string;
  name: string;
  paused: boolean;
  remaining: number;
  /** Waiting entries in line order, then offers, then the rest. */
  entries: WaitlistEntry[];
  waitingIds: string[];
}

const statusOrder: Record<WaitlistStatus, number> = { waiting: 0, offered: 1, claimed: 2, expired: 3, removed: 4 };

/** Each tier's line in display order, with the entries the API listed for it. */
export function tierLines(tiers: readonly Tier[], entries: readonly WaitlistEntry[], preferred: readonly string[]) {
  return [...tiers]
    .sort((a, b) => a.position - b.position)
    .map((tier): TierLine => {
      // A stable sort keeps the API's line order inside each status.
      const mine = entries
        .filter((entry) => entry.tier_id === tier.id)
        .sort((a, b) => statusOrder[a.status] - statusOrder[b.status]);
      return {
        tierId: tier.id,
        name: pickText(tier.name, preferred),
        paused: tier.waitlist_paused,
        remaining: tier.remaining,
        entries: mine,
        waitingIds: mine.filter((entry) => entry.status === 'waiting').map((entry) => entry.id),
      };
    });
}
