import type { Attendee, CheckIn, CheckInTicket, ScanReason, ScanResult } from './api-types';
import { pickText } from './events';
import { formatDoorTime } from './format';

/** A door's scanner: a stable id made once on the device, and the name staff gave it. */
export interface DoorDevice {
  id: string;
  name: string;
}

/** Where the device keeps its identity: localStorage, and a cookie for forms sent without JavaScript. */
export const DEVICE_STORAGE_KEY = 'accessplus.door-device';
export const DEVICE_COOKIE = 'ap_door_device';
export const DEFAULT_DEVICE_NAME = 'Door';
/** The API keeps at most 100 characters of `device_id`. */
const DEVICE_LABEL_MAX = 100;
const DEVICE_NAME_MAX = 60;

/** Eight hex digits: enough to tell apart the phones of one event's doors. */
export function newDeviceId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return Array.from(random(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function cleanDeviceName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, DEVICE_NAME_MAX);
}

/** A stored device, or null when it is missing or not one we wrote. */
export function parseDevice(stored: string | null | undefined): DoorDevice | null {
  if (!stored) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return null;
    const { id, name } = value as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || !/^[0-9a-f]{8}$/.test(id) || typeof name !== 'string') return null;
    return { id, name: cleanDeviceName(name) || DEFAULT_DEVICE_NAME };
  } catch {
    return null;
  }
}

export function serializeDevice(device: DoorDevice): string {
  return JSON.stringify({ id: device.id, name: device.name });
}

/**
 * What the API records as the scanning device: the name staff recognize, then the device's own
 * id, so two phones both called "Main door" are still told apart in the log.
 */
export function deviceLabel(device: DoorDevice): string {
  const suffix = ` · ${device.id}`;
  const name = cleanDeviceName(device.name) || DEFAULT_DEVICE_NAME;
  return `${name.slice(0, DEVICE_LABEL_MAX - suffix.length)}${suffix}`;
}

/** How the door page tells staff to type a ticket's short code; the API reads it in any case, hyphens optional. */
export const SHORT_CODE_EXAMPLE = '7KQ4-M2XD-9P';

/** A scanned or typed code as the API wants it: scanners may add spaces or a line break. */
export function normalizeCode(code: string): string {
  return code.trim();
}

const refusalLabels: Record<ScanReason, string> = {
  already_checked_in: 'Already checked in',
  invalid_code: 'Not a valid ticket code (forged, altered or misread)',
  other_organizer: "Another organizer's ticket",
  wrong_event: 'A ticket for another event',
  revoked: 'Refunded, cancelled or replaced ticket',
  unknown_ticket: 'No such ticket',
  event_cancelled: 'This event is cancelled',
  order_number: 'An order number, not a ticket code',
};

export function refusalLabel(reason: string | null): string {
  return (reason && refusalLabels[reason as ScanReason]) || 'Not admitted';
}

export type ScanTone = 'admitted' | 'already' | 'refused' | 'order';

export interface ScanView {
  tone: ScanTone;
  heading: 'ADMITTED' | 'ALREADY CHECKED IN' | 'REFUSED' | 'ORDER NUMBER';
  /** Who holds the ticket, when the code named one of this organizer's tickets. */
  holder: string | null;
  tier: string | null;
  orderNumber: string | null;
  shortCode: string | null;
  /** For a second scan: when and where the ticket was first admitted. */
  firstAdmitted: { at: string; device: string | null } | null;
  reason: string | null;
  /** The API's own sentence for the door staff. */
  message: string;
}

export function holderName(ticket: Pick<CheckInTicket, 'attendee_name' | 'buyer_name'>): string {
  return ticket.attendee_name.trim() || ticket.buyer_name;
}

/** What the door shows for a scan result, times on the event's clock. */
export function scanView(
  result: ScanResult,
  timeZone: string,
  preferred: readonly string[] = ['en'],
  now = new Date(),
): ScanView {
  const ticket = result.ticket;
  const common = {
    holder: ticket ? holderName(ticket) : null,
    tier: ticket ? pickText(ticket.tier_name, preferred) : null,
    orderNumber: ticket?.order_number ?? null,
    shortCode: ticket?.short_code ?? null,
    message: result.message,
  };
  if (result.outcome === 'admitted') {
    return { ...common, tone: 'admitted', heading: 'ADMITTED', firstAdmitted: null, reason: null };
  }
  if (result.outcome === 'already_checked_in') {
    const at = ticket?.checked_in_at;
    return {
      ...common,
      tone: 'already',
      heading: 'ALREADY CHECKED IN',
      firstAdmitted: at ? { at: formatDoorTime(at, timeZone, now), device: ticket?.checked_in_device ?? null } : null,
      reason: null,
    };
  }
  if (result.reason === 'order_number') {
    // Not a refusal to the person: the number names an order whose tickets are listed to admit.
    return { ...common, tone: 'order', heading: 'ORDER NUMBER', firstAdmitted: null, reason: null };
  }
  return { ...common, tone: 'refused', heading: 'REFUSED', firstAdmitted: null, reason: refusalLabel(result.reason) };
}

/** One ticket of an order typed at the door, to check in by itself. */
export interface DoorTicket {
  id: string;
  holder: string;
  tier: string;
  shortCode: string;
  state: AttendeeState;
}

/** An order typed at the door by its number: who bought it, and its tickets for this event. */
export interface OrderAtDoor {
  number: string;
  buyer: string;
  tickets: DoorTicket[];
}

type TicketOfOrder = (CheckInTicket | Attendee) & { revoked_reason?: Attendee['revoked_reason'] };

export function orderAtDoor(
  order: { number: string; buyer_name: string },
  tickets: readonly TicketOfOrder[],
  timeZone: string,
  preferred: readonly string[] = ['en'],
  now = new Date(),
): OrderAtDoor {
  return {
    number: order.number,
    buyer: order.buyer_name,
    tickets: tickets.map((ticket) => ({
      id: 'ticket_id' in ticket ? ticket.ticket_id : ticket.id,
      holder: holderName(ticket),
      tier: pickText(ticket.tier_name, preferred),
      shortCode: ticket.short_code,
      state: attendeeState(ticket, timeZone, now),
    })),
  };
}

export interface LogView {
  id: string;
  tone: Exclude<ScanTone, 'order'> | 'undone' | 'lookup';
  label: string;
  time: string;
  device: string;
  ticketId: string | null;
}

/** One line of the door log. */
export function logView(entry: CheckIn, timeZone: string, now = new Date()): LogView {
  const base = {
    id: entry.id,
    time: formatDoorTime(entry.created_at, timeZone, now),
    device: entry.device_id,
    ticketId: entry.ticket_id,
  };
  if (entry.action === 'admitted') return { ...base, tone: 'admitted', label: 'Admitted' };
  if (entry.action === 'undone') return { ...base, tone: 'undone', label: 'Check-in undone' };
  if (entry.reason === 'already_checked_in') return { ...base, tone: 'already', label: 'Already checked in' };
  if (entry.reason === 'order_number') return { ...base, tone: 'lookup', label: 'Order number typed: tickets listed' };
  return { ...base, tone: 'refused', label: `Refused: ${refusalLabel(entry.reason).toLowerCase()}` };
}

export type AttendeeState =
  | { kind: 'checked_in'; label: string }
  | { kind: 'not_checked_in'; label: string }
  | { kind: 'revoked'; label: string };

const revokedLabels: Record<string, string> = {
  refunded: 'Refunded',
  cancelled: 'Cancelled',
  reissued: 'Replaced by a new ticket',
  event_cancelled: 'Event cancelled',
};

export function attendeeState(
  attendee: Pick<Attendee, 'status' | 'checked_in_at' | 'checked_in_device'> & {
    revoked_reason?: Attendee['revoked_reason'];
  },
  timeZone: string,
  now = new Date(),
): AttendeeState {
  if (attendee.status === 'revoked') {
    return { kind: 'revoked', label: revokedLabels[attendee.revoked_reason ?? ''] ?? 'Revoked' };
  }
  if (attendee.checked_in_at) {
    const device = attendee.checked_in_device ? ` · ${attendee.checked_in_device}` : '';
    return {
      kind: 'checked_in',
      label: `Checked in at ${formatDoorTime(attendee.checked_in_at, timeZone, now)}${device}`,
    };
  }
  return { kind: 'not_checked_in', label: 'Not checked in' };
}
