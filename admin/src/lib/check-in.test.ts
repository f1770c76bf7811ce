import { describe, expect, it } from 'vitest';
import type { Attendee, CheckInTicket, ScanResult } from './api-types';
import {
  attendeeState,
  deviceLabel,
  logView,
  newDeviceId,
  orderAtDoor,
  parseDevice,
  parts,
  refusalLabel,
  scanView,
  serializeDevice,
} from './check-in';
import { messagesFor } from './messages';

const en = messagesFor('en');
const fr = messagesFor('fr');

const ticket = (overrides: Partial<CheckInTicket> = {}): CheckInTicket => ({
  id: '7f1c',
  event_id: 'e',
  tier_id: 't',
  tier_name: { en: 'VIP table seat', am: 'ቪአይፒ' },
  attendee_name: 'Hana Tesfaye',
  buyer_name: 'Dawit Bekele',
  order_number: 'K7Q2M',
  short_code: '7KQ4-M2XD-9P',
  status: 'valid',
  checked_in_at: null,
  checked_in_device: null,
  ...overrides,
});

describe('the door device', () => {
  it('makes an id of eight hex digits', () => {
    expect(newDeviceId()).toMatch(/^[0-9a-f]{8}$/);
    expect(newDeviceId(() => new Uint8Array([0, 15, 160, 255]))).toBe('000fa0ff');
  });

  it('reads back what it stored, and nothing else', () => {
    const device = { id: '0a1b2c3d', name: 'Door 2 – iPad' };
    expect(parseDevice(serializeDevice(device), en)).toEqual(device);
    expect(parseDevice(JSON.stringify({ id: '0a1b2c3d', name: '  ' }), en)).toEqual({ id: '0a1b2c3d', name: 'Door' });
    expect(parseDevice(JSON.stringify({ id: 'not-an-id', name: 'x' }), en)).toBeNull();
    expect(parseDevice('{broken', en)).toBeNull();
    expect(parseDevice(null, en)).toBeNull();
  });

  it("is named Door in the staff's language until staff name it", () => {
    expect(parseDevice(JSON.stringify({ id: '0a1b2c3d', name: '' }), fr)).toEqual({ id: '0a1b2c3d', name: 'Porte' });
    expect(deviceLabel({ id: '0a1b2c3d', name: ' ' }, messagesFor('es'))).toBe('Puerta · 0a1b2c3d');
  });

  it('is recorded as its name then its id, within the API limit', () => {
    expect(deviceLabel({ id: '0a1b2c3d', name: ' Main  door ' }, en)).toBe('Main door · 0a1b2c3d');
    expect(deviceLabel({ id: '0a1b2c3d', name: 'x'.repeat(300) }, en).length).toBeLessThanOrEqual(100);
  });
});

describe('scanView', () => {
  const timeZone = 'America/Chicago';
  const now = new Date('2026-11-30T23:00:00Z');

  it('admits with the name on the ticket and its tier', () => {
    const result: ScanResult = {
      outcome: 'admitted',
      reason: null,
      message: 'Admitted.',
      ticket: ticket(),
      order: null,
    };
    expect(scanView(result, en, 'en', timeZone, ['en'], now)).toMatchObject({
      tone: 'admitted',
      heading: 'ADMITTED',
      holder: 'Hana Tesfaye',
      tier: 'VIP table seat',
      orderNumber: 'K7Q2M',
      shortCode: '7KQ4-M2XD-9P',
    });
  });

  it('shows an order number as what it is, neither admitted nor refused', () => {
    const result: ScanResult = {
      outcome: 'refused',
      reason: 'order_number',
      message: 'This is the order number of Dawit Bekele, not a ticket code.',
      ticket: null,
      order: { id: 'o', number: 'K7Q2M', status: 'paid', buyer_name: 'Dawit Bekele', tickets: [ticket()] },
    };
    expect(scanView(result, en, 'en', timeZone, ['en'], now)).toMatchObject({
      tone: 'order',
      heading: 'ORDER NUMBER',
      reason: null,
      holder: null,
      message: 'This is the order number of Dawit Bekele, not a ticket code.',
    });
  });

  it("names the buyer when the ticket has no name, in the door's language", () => {
    const result: ScanResult = {
      outcome: 'admitted',
      reason: null,
      message: 'Admitted.',
      ticket: ticket({ attendee_name: ' ' }),
      order: null,
    };
    expect(scanView(result, en, 'en', timeZone, ['am'], now)).toMatchObject({ holder: 'Dawit Bekele', tier: 'ቪአይፒ' });
  });

  it('tells when and where a ticket was first admitted, on the event clock', () => {
    const result: ScanResult = {
      outcome: 'already_checked_in',
      reason: 'already_checked_in',
      message: 'Already checked in.',
      ticket: ticket({ checked_in_at: '2026-12-01T01:04:00.000Z', checked_in_device: 'Door 2 · 0a1b2c3d' }),
      order: null,
    };
    const view = scanView(result, en, 'en', timeZone, ['en'], now);
    expect(view).toMatchObject({ tone: 'already', heading: 'ALREADY CHECKED IN' });
    expect(view.firstAdmitted?.at).toMatch(/^7:04\sPM$/u);
    expect(view.firstAdmitted?.device).toBe('Door 2 · 0a1b2c3d');
  });

  it("answers in the door's language, times as that language writes them", () => {
    const result: ScanResult = {
      outcome: 'already_checked_in',
      reason: 'already_checked_in',
      message: 'Déjà enregistré.',
      ticket: ticket({ checked_in_at: '2026-12-01T01:04:00.000Z', checked_in_device: 'Porte 2 · 0a1b2c3d' }),
      order: null,
    };
    const view = scanView(result, fr, 'fr', timeZone, ['fr'], now);
    expect(view).toMatchObject({ heading: 'ENTRÉE DÉJÀ VALIDÉE', firstAdmitted: { at: '19:04' } });
    const refused = scanView(
      { ...result, outcome: 'refused', reason: 'wrong_event', ticket: null },
      fr,
      'fr',
      timeZone,
    );
    expect(refused).toMatchObject({ heading: 'ENTRÉE REFUSÉE', reason: 'Billet pour un autre événement' });
  });

  it.each([
    ['invalid_code', 'Not a valid ticket code (forged, altered or misread)'],
    ['wrong_event', 'A ticket for another event'],
    ['revoked', 'Refunded, cancelled or replaced ticket'],
    ['other_organizer', "Another organizer's ticket"],
  ] as const)('refuses %s with its reason', (reason, label) => {
    const result: ScanResult = { outcome: 'refused', reason, message: 'Do not let it in.', ticket: null, order: null };
    expect(scanView(result, en, 'en', timeZone, ['en'], now)).toMatchObject({
      tone: 'refused',
      heading: 'REFUSED',
      reason: label,
      holder: null,
      message: 'Do not let it in.',
    });
  });
});

describe('orderAtDoor', () => {
  it("lists an order's tickets with their codes and whether each may still be checked in", () => {
    const now = new Date('2026-11-30T23:00:00Z');
    const view = orderAtDoor(
      { number: 'K7Q2M', buyer_name: 'Dawit Bekele' },
      [
        ticket(),
        ticket({ id: 'b', attendee_name: '', checked_in_at: '2026-12-01T01:04:00.000Z', checked_in_device: 'Door 1' }),
        ticket({ id: 'c', status: 'revoked', short_code: 'H3ZW-0T6B-RC' }),
      ],
      en,
      'en',
      'America/Chicago',
      ['en'],
      now,
    );
    expect(view.number).toBe('K7Q2M');
    expect(view.buyer).toBe('Dawit Bekele');
    expect(view.tickets).toHaveLength(3);
    expect(view.tickets[0]).toMatchObject({
      id: '7f1c',
      holder: 'Hana Tesfaye',
      tier: 'VIP table seat',
      shortCode: '7KQ4-M2XD-9P',
      state: { kind: 'not_checked_in' },
    });
    expect(view.tickets[1]).toMatchObject({ id: 'b', holder: 'Dawit Bekele', state: { kind: 'checked_in' } });
    expect(view.tickets[1]?.state.label).toMatch(/^Checked in at 7:04\sPM · Door 1$/u);
    expect(view.tickets[2]).toMatchObject({ shortCode: 'H3ZW-0T6B-RC', state: { kind: 'revoked', label: 'Revoked' } });
    const french = orderAtDoor(
      { number: 'K7Q2M', buyer_name: 'Dawit Bekele' },
      [ticket()],
      fr,
      'fr',
      'UTC',
      ['en'],
      now,
    );
    expect(french.tickets[0]?.state.label).toBe('Entrée non validée');
  });
});

describe('logView', () => {
  it('labels each kind of log line', () => {
    const entry = {
      id: 'l',
      event_id: 'e',
      action: 'refused' as const,
      reason: 'invalid_code',
      device_id: 'Door',
      user_id: null,
      ticket_id: null,
      ticket: null,
      created_at: '2026-12-01T01:04:00.000Z',
    };
    const now = new Date('2026-11-30T23:00:00Z');
    expect(logView(entry, en, 'en', 'America/Chicago', now)).toMatchObject({
      tone: 'refused',
      label: 'Refused: not a valid ticket code (forged, altered or misread)',
    });
    expect(logView({ ...entry, reason: 'already_checked_in' }, en, 'en', 'UTC', now).tone).toBe('already');
    expect(logView({ ...entry, reason: 'order_number' }, en, 'en', 'UTC', now)).toMatchObject({
      tone: 'lookup',
      label: 'Order number typed: tickets listed',
    });
    expect(logView({ ...entry, action: 'admitted', reason: null }, en, 'en', 'UTC', now).label).toBe('Admitted');
    expect(logView({ ...entry, action: 'undone', reason: null }, en, 'en', 'UTC', now).tone).toBe('undone');
    expect(logView(entry, fr, 'fr', 'UTC', now).label).toBe(
      'Refusé\u00a0: code de billet non valide (falsifié, modifié ou mal lu)',
    );
    expect(logView({ ...entry, action: 'admitted', reason: null }, messagesFor('sw'), 'sw', 'UTC', now).label).toBe(
      'Ameingia',
    );
  });
});

describe('attendeeState', () => {
  const attendee = (overrides: Partial<Attendee>): Attendee => ({
    ticket_id: 't',
    attendee_name: 'Hana',
    buyer_name: 'Hana',
    buyer_email: 'hana@example.org',
    buyer_locale: 'am',
    marketing_consent: false,
    order_id: 'o',
    order_number: 'K7Q2M',
    short_code: '7KQ4-M2XD-9P',
    tier_id: 'tier',
    tier_name: { en: 'General' },
    status: 'valid',
    revoked_reason: null,
    checked_in_at: null,
    checked_in_device: null,
    ...overrides,
  });

  it('tells revoked, checked in and waiting tickets apart', () => {
    const now = new Date('2026-12-01T02:00:00Z');
    expect(attendeeState(attendee({ status: 'revoked', revoked_reason: 'refunded' }), en, 'en', 'UTC', now)).toEqual({
      kind: 'revoked',
      label: 'Refunded',
    });
    expect(
      attendeeState(
        attendee({ checked_in_at: '2026-12-01T01:04:00Z', checked_in_device: 'Door 1' }),
        en,
        'en',
        'UTC',
        now,
      ),
    ).toMatchObject({ kind: 'checked_in', label: expect.stringMatching(/^Checked in at 1:04\sAM · Door 1$/u) });
    expect(attendeeState(attendee({}), en, 'en', 'UTC', now).kind).toBe('not_checked_in');
  });

  it("words each state in the door's language", () => {
    const now = new Date('2026-12-01T02:00:00Z');
    const revoked = attendee({ status: 'revoked', revoked_reason: 'reissued' });
    expect(attendeeState(revoked, fr, 'fr', 'UTC', now).label).toBe('Remplacé par un nouveau billet');
    const checkedIn = attendee({ checked_in_at: '2026-12-01T01:04:00Z', checked_in_device: 'Porte 1' });
    expect(attendeeState(checkedIn, fr, 'fr', 'UTC', now).label).toMatch(/^Entrée validée\u00a0: 0?1:04 · Porte 1$/u);
    expect(attendeeState(attendee({}), messagesFor('ar'), 'ar', 'UTC', now).label).toBe('لم يُسجَّل الحضور');
  });
});

describe('refusalLabel', () => {
  it('words a reason this admin does not know yet as a plain refusal', () => {
    expect(refusalLabel('unknown_ticket', en)).toBe('No such ticket');
    expect(refusalLabel('some_new_reason', en)).toBe('Not admitted');
    expect(refusalLabel(null, fr)).toBe('Entrée refusée');
  });
});

describe('parts', () => {
  it('cuts a message at its inputs, in any language', () => {
    expect(parts(en.door_undone, { name: 'Hana Tesfaye' })).toEqual([
      { text: 'Check-in undone for ', input: null },
      { text: 'Hana Tesfaye', input: 'name' },
      { text: '. The ticket can be scanned in again.', input: null },
    ]);
    expect(parts(messagesFor('am').door_undone, { name: 'Hana' })[0]).toEqual({ text: 'Hana', input: 'name' });
    expect(
      parts(en.door_firstCheckedInBy, { time: '7:04 PM', device: 'Door 2' }).map((part) => part.input ?? part.text),
    ).toEqual(['First checked in at ', 'time', ' by ', 'device', '. Do not admit twice.']);
  });
});
