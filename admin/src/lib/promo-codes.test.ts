import { describe, expect, it } from 'vitest';
import type { PromoCode } from './api-types';
import { formProblems } from './form-errors';
import { messagesFor } from './messages';
import {
  emptyPromoForm,
  promoBody,
  promoDiscount,
  promoFields,
  promoForm,
  promoState,
  promoUsage,
  promoWindow,
} from './promo-codes';

const en = messagesFor('en');
const fr = messagesFor('fr');
const PROMO_FIELDS = promoFields(en);

const promo: PromoCode = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'SPRING10',
  kind: 'percent',
  percent_off_bp: 1250,
  amount_off_cents: null,
  max_uses: 50,
  used_count: 3,
  tier_ids: ['00000000-0000-4000-8000-0000000000aa'],
  starts_at: '2030-11-21T00:00:00.000Z',
  ends_at: null,
  active: true,
  created_at: '2030-01-01T00:00:00.000Z',
  updated_at: '2030-01-01T00:00:00.000Z',
};

describe('the promo code form', () => {
  it('shows a code on the organizer clock and sends it back unchanged', () => {
    const form = promoForm(promo, 'America/Chicago', 'USD');
    expect(form).toMatchObject({ percent_off: '12.5', max_uses: '50', starts_at: '2030-11-20T18:00', ends_at: '' });
    expect(promoBody(form, 'America/Chicago', 'USD', en)).toEqual({
      body: {
        code: 'SPRING10',
        kind: 'percent',
        percent_off_bp: 1250,
        max_uses: 50,
        tier_ids: promo.tier_ids,
        starts_at: '2030-11-21T00:00:00.000Z',
        ends_at: null,
        active: true,
      },
      problems: [],
    });
  });

  it("sends only the chosen kind's discount, and leaves an empty one for the API to ask for", () => {
    const amount = { ...emptyPromoForm(), code: 'FIVE', kind: 'amount', percent_off: '10', amount_off: '5' };
    expect(promoBody(amount, 'UTC', 'USD', en).body).toMatchObject({ kind: 'amount', amount_off_cents: 500 });
    expect(promoBody(amount, 'UTC', 'USD', en).body).not.toHaveProperty('percent_off_bp');
    expect(promoBody({ ...emptyPromoForm(), code: 'TEN' }, 'UTC', 'USD', en).body).not.toHaveProperty('percent_off_bp');
    expect(
      formProblems(
        [{ field: 'body.percent_off_bp', message: 'A percent code needs percent_off_bp, e.g. 1000 for 10% off.' }],
        PROMO_FIELDS,
      )[0]?.message,
    ).toBe('Enter the percent off each ticket, like 10.');
  });

  it('says which typed values are not numbers', () => {
    const form = { ...emptyPromoForm(), code: 'X1', percent_off: 'ten', max_uses: 'lots' };
    const { problems } = promoBody(form, 'UTC', 'USD', en);
    expect(problems.map((problem) => problem.input)).toEqual(['percent_off', 'max_uses']);
    expect(problems.map((problem) => problem.message)).toEqual([
      'The percent off must be a percentage with at most two decimals, like 10.',
      'The number of orders must be a whole number, or empty for no limit.',
    ]);
    expect(promoBody(form, 'UTC', 'USD', fr).problems[1]?.message).toBe(
      'Le nombre de commandes doit être un nombre entier, ou rester vide pour ne fixer aucune limite.',
    );
  });

  it("words the API's limit on uses for the form", () => {
    const [problem] = formProblems(
      [
        {
          field: 'body.max_uses',
          message:
            '3 orders already used this code, so max_uses cannot go below that. Deactivate the code to stop its use.',
        },
      ],
      PROMO_FIELDS,
    );
    expect(problem?.message).toBe(
      '3 orders already used this code, so the number of orders cannot go below that. Deactivate the code to stop its use.',
    );
    const [french] = formProblems(
      [
        {
          field: 'body.max_uses',
          message:
            '3 orders already used this code, so max_uses cannot go below that. Deactivate the code to stop its use.',
        },
      ],
      promoFields(fr),
    );
    expect(french?.message).toBe(
      'Nombre de commandes ayant déjà utilisé ce code\u00a0: 3. Le nombre de commandes ne peut donc pas être inférieur. Désactivez le code pour en arrêter l’utilisation.',
    );
  });
});

describe('promo code labels', () => {
  const now = new Date('2031-06-01T00:00:00.000Z');

  it('says whether buyers can use a code now', () => {
    expect(promoState(promo, en, now)).toEqual({ label: 'Active', tone: 'live' });
    expect(promoState({ ...promo, active: false }, en, now).label).toBe('Inactive');
    expect(promoState({ ...promo, used_count: 50 }, en, now).label).toBe('Used up');
    expect(promoState({ ...promo, ends_at: '2031-01-01T00:00:00.000Z' }, en, now).label).toBe('Ended');
    expect(promoState({ ...promo, starts_at: '2032-01-01T00:00:00.000Z' }, en, now).label).toBe('Not yet valid');
    expect(promoState({ ...promo, used_count: 50 }, fr, now).label).toBe('Épuisé');
  });

  it('says what a code takes off, how often it was used, and when it is valid', () => {
    expect(promoDiscount(promo, 'USD', en)).toBe('12.5% off each ticket');
    expect(promoDiscount({ kind: 'amount', percent_off_bp: null, amount_off_cents: 500 }, 'USD', en)).toBe(
      '$5.00 off the order',
    );
    expect(promoUsage(promo, en)).toBe('3 of 50 used');
    expect(promoUsage({ used_count: 0, max_uses: null }, en)).toBe('0 used');
    expect(promoWindow(promo, 'America/Chicago', en)).toBe('From Nov 20, 2030, 6:00 PM CST');
    expect(promoWindow({ starts_at: null, ends_at: null }, 'America/Chicago', en)).toBe('Any time');
  });

  it('says it in the reader’s language and number format', () => {
    expect(promoDiscount(promo, 'USD', fr, 'fr')).toBe('12,5\u00a0% de réduction sur chaque billet');
    expect(promoUsage(promo, fr)).toBe('3 utilisations sur 50');
    expect(promoUsage({ used_count: 1, max_uses: null }, fr)).toBe('1 utilisation');
    expect(promoWindow({ starts_at: null, ends_at: null }, 'UTC', fr)).toBe('À tout moment');
  });
});
