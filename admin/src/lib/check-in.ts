import type { Attendee, CheckIn, CheckInTicket, ScanReason, ScanResult } from './api-types';
import { pickText } from './events';
import { formatDoorTime } from './format';
import type { Messages } from './messages';

/** A door's scanner: a stable id made once on the device, and the name staff gave it. */
export interface DoorDevice {
  id: string;
  name: string;
}

/** Where the device keeps its identity: localStorage, and a cookie for forms sent without JavaScript. */
export const DEVICE_STORAGE_KEY = 'accessplus.door-device';
export const DEVICE_COOKIE = 'ap_door_device';
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

/** A stored device, or null when it is missing or not one we wrote; a device without a name is `Door`, in `t`'s language. */
export function parseDevice(stored: string | null | undefined, t: Messages): DoorDevice | null {
  if (!stored) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return null;
    const { id, name } = value as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || !/^[0-9a-f]{8}$/.test(id) || typeof name !== 'string') return null;
    return { id, name: cleanDeviceName(name) || t.door_defaultDeviceName };
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
export function deviceLabel(device: DoorDevice, t: Messages): string {
  const suffix = ` · ${device.id}`;
  const name = cleanDeviceName(device.name) || t.door_defaultDeviceName;
  return `${name.slice(0, DEVICE_LABEL_MAX - suffix.length)}${suffix}`;
}

/** How the door page tells staff to type a ticket's short code; the API reads it in any case, hyphens optional. */
export const SHORT_CODE_EXAMPLE = '7KQ4-M2XD-9P';

/** A scanned or typed code as the API wants it: scanners may add spaces or a line break. */
export function normalizeCode(code: string): string {
  return code.trim();
}

/** Why a code was refused, in `t`'s language: `Not admitted` for a reason this admin does not know yet. */
export function refusalLabel(reason: string | null, t: Messages): string {
  const label: unknown = reason ? t[`door_refusal_${reason as ScanReason}`] : undefined;
  return typeof label === 'string' ? label : t.door_notAdmitted;
}

export type ScanTone = 'admitted' | 'already' | 'refused' | 'order';

export interface ScanView {
  tone: ScanTone;
  /** `ADMITTED`, `ALREADY CHECKED IN`, `REFUSED` or `ORDER NUMBER`, in the door's language. */
  heading: string;
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

/**
 * What the door shows for a scan result: words in `t`'s language, times on the event's clock as
 * `locale` (an Intl locale) writes them.
 */
export function scanView(
  result: ScanResult,
  t: Messages,
  locale: string,
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
    return { ...common, tone: 'admitted', heading: t.door_verdict_admitted, firstAdmitted: null, reason: null };
  }
  if (result.outcome === 'already_checked_in') {
    const at = ticket?.checked_in_at;
    return {
      ...common,
      tone: 'already',
      heading: t.door_verdict_already,
      firstAdmitted: at
        ? { at: formatDoorTime(at, timeZone, now, locale), device: ticket?.checked_in_device ?? null }
        : null,
      reason: null,
    };
  }
  if (result.reason === 'order_number') {
    // Not a refusal to the person: the number names an order whose tickets are listed to admit.
    return { ...common, tone: 'order', heading: t.door_verdict_order, firstAdmitted: null, reason: null };
  }
  return {
    ...common,
    tone: 'refused',
    heading: t.door_verdict_refused,
    firstAdmitted: null,
    reason: refusalLabel(result.reason, t),
  };
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
  t: Messages,
  locale: string,
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
      state: attendeeState(ticket, t, locale, timeZone, now),
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

/** One line of the door log, in `t`'s language. */
export function logView(entry: CheckIn, t: Messages, locale: string, timeZone: string, now = new Date()): LogView {
  const base = {
    id: entry.id,
    time: formatDoorTime(entry.created_at, timeZone, now, locale),
    device: entry.device_id,
    ticketId: entry.ticket_id,
  };
  if (entry.action === 'admitted') return { ...base, tone: 'admitted', label: t.door_log_admitted };
  if (entry.action === 'undone') return { ...base, tone: 'undone', label: t.door_log_undone };
  if (entry.reason === 'already_checked_in') return { ...base, tone: 'already', label: t.door_log_already };
  if (entry.reason === 'order_number') return { ...base, tone: 'lookup', label: t.door_log_lookup };
  // The reason reads on after a colon: `Refused: not a valid ticket code`.
  const reason = refusalLabel(entry.reason, t);
  return {
    ...base,
    tone: 'refused',
    label: t.door_log_refused({ reason: `${reason.charAt(0).toLowerCase()}${reason.slice(1)}` }),
  };
}

export type AttendeeState =
  | { kind: 'checked_in'; label: string }
  | { kind: 'not_checked_in'; label: string }
  | { kind: 'revoked'; label: string };

/** Why a ticket no longer admits anyone, in `t`'s language. */
function revokedLabel(reason: Attendee['revoked_reason'] | undefined, t: Messages): string {
  const label: unknown = reason ? t[`door_revoked_${reason}`] : undefined;
  return typeof label === 'string' ? label : t.door_revokedUnknown;
}

export function attendeeState(
  attendee: Pick<Attendee, 'status' | 'checked_in_at' | 'checked_in_device'> & {
    revoked_reason?: Attendee['revoked_reason'];
  },
  t: Messages,
  locale: string,
  timeZone: string,
  now = new Date(),
): AttendeeState {
  if (attendee.status === 'revoked') {
    return { kind: 'revoked', label: revokedLabel(attendee.revoked_reason, t) };
  }
  if (attendee.checked_in_at) {
    const time = formatDoorTime(attendee.checked_in_at, timeZone, now, locale);
    const device = attendee.checked_in_device;
    return {
      kind: 'checked_in',
      label: device ? t.door_checkedInAtDevice({ time, device }) : t.door_checkedInAt({ time }),
    };
  }
  return { kind: 'not_checked_in', label: t.door_notCheckedIn };
}

/** A part of a message: its own words (`input` null), or the value of one of its inputs. */
export interface MessagePart {
  text: string;
  input: string | null;
}

/**
 * A message cut at its inputs, so a page can set each value in an element of its own (`<bdi>`
 * around a name, bold, a code) while the translator writes the sentence whole:
 * `parts(t.door_undone, { name })` → `Check-in undone for ` · `Hana` (input `name`) · `. The…`.
 */
export function parts<K extends string>(
  message: (inputs: Record<K, string>) => string,
  inputs: Record<K, string>,
): MessagePart[] {
  const names = Object.keys(inputs) as K[];
  // Private-use characters, which no translation contains, mark where each value goes.
  const marked = Object.fromEntries(names.map((name, index) => [name, `\u{E000}${index}\u{E001}`])) as Record<
    K,
    string
  >;
  return message(marked)
    .split(/\u{E000}(\d+)\u{E001}/u)
    .map((piece, index): MessagePart => {
      if (index % 2 === 0) return { text: piece, input: null };
      const name = names[Number(piece)] as K;
      return { text: inputs[name], input: name };
    })
    .filter((part) => part.text !== '');
}
