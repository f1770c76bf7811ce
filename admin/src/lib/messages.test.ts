import { INTERFACE_LOCALES } from '@accessplus/i18n';
import { describe, expect, it } from 'vitest';
import { type Messages, messagesFor } from './messages';

/**
 * Controls whose visible word is short ("Remove…") and whose accessible name says what it acts on
 * ("Remove Dawit Bekele…"): the name must contain the word a person sees, or speech input ("click
 * Remove") misses it (WCAG 2.5.3, axe's label-content-name-mismatch).
 */
const named: [visible: keyof Messages, label: (t: Messages) => string][] = [
  ['door_checkInButton', (t) => t.door_checkInName({ name: 'Dawit Bekele' })],
  ['door_remove', (t) => t.door_removeName({ name: 'Dawit Bekele' })],
  ['door_undoCheckIn', (t) => t.door_undoCheckInOf({ name: 'Dawit Bekele' })],
  ['integrations_apiKeysRevoke', (t) => t.integrations_apiKeysRevokeNamed({ name: 'CRM sync' })],
  ['integrations_attempts', (t) => t.integrations_attemptsOf({ id: 'chg_5' })],
  ['integrations_change', (t) => t.integrations_promoChangeNamed({ code: 'EID10' })],
  ['integrations_change', (t) => t.integrations_teamChangeRoleOf({ name: 'Dawit Bekele' })],
  ['integrations_promoDelete', (t) => t.integrations_promoDeleteNamed({ code: 'EID10' })],
  ['integrations_sendAgain', (t) => t.integrations_sendAgainNamed({ id: 'chg_5' })],
  ['integrations_teamRemove', (t) => t.integrations_teamRemoveNamed({ name: 'Dawit Bekele' })],
  ['integrations_open', (t) => t.integrations_webhooksOpenNamed({ url: 'https://crm.example.org' })],
  ['sales_customers_orders', (t) => t.sales_customers_ordersOf({ email: 'rosa@example.org' })],
];

describe('the accessible names of short controls', () => {
  it.each(INTERFACE_LOCALES)('contain the visible word in %s', (locale) => {
    const t = messagesFor(locale);
    for (const [visible, label] of named) {
      const word = String(t[visible]).replace(/…$/, '');
      expect(label(t), `${visible} in ${locale}`).toContain(word);
    }
  });
});
