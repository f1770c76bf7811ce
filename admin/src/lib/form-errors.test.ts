import { describe, expect, it } from 'vitest';
import { asSentence, type FormField, formProblems, problemsByInput, refusal } from './form-errors';

const fields: Record<string, FormField> = {
  service_fee_percent_bp: { input: 'service_fee_percent', label: 'The service fee', unit: 'percent_bp' },
  service_fee_flat_cents: { input: 'service_fee_flat', label: 'The flat fee', unit: 'money' },
  rate_ppm: { input: 'rate', label: 'The rate', unit: 'percent_ppm' },
  community_partners: { input: 'community_partners', label: 'Community partners' },
  hold_minutes: { input: 'hold_minutes', label: 'Hold time' },
};

describe('formProblems', () => {
  it("puts the API's messages on the form's inputs, in the form's units", () => {
    const problems = formProblems(
      [
        { field: 'body.service_fee_percent_bp', message: 'must be 5000 or less' },
        { field: 'body.service_fee_flat_cents', message: 'must be 100000 or less' },
        { field: 'body.rate_ppm', message: 'must be 300000 or less' },
        { field: 'body.hold_minutes', message: 'must be 1 or more' },
      ],
      fields,
      { currency: 'USD' },
    );
    expect(problems).toEqual([
      { input: 'service_fee_percent', label: 'The service fee', message: 'The service fee must be 50% or less.' },
      { input: 'service_fee_flat', label: 'The flat fee', message: 'The flat fee must be $1,000.00 or less.' },
      { input: 'rate', label: 'The rate', message: 'The rate must be 30% or less.' },
      { input: 'hold_minutes', label: 'Hold time', message: 'Hold time must be 1 or more.' },
    ]);
  });

  it("words the unit's sentences and amounts in the reader's language", () => {
    const problems = formProblems(
      [
        { field: 'body.service_fee_percent_bp', message: 'must be 5000 or less' },
        { field: 'body.service_fee_flat_cents', message: 'must be an integer' },
      ],
      fields,
      { currency: 'EUR', locale: 'fr' },
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      // French sets a no-break space before the percent sign (which one depends on the ICU data).
      expect.stringMatching(/^The service fee : 50\s% au maximum\.$/),
      'The flat fee : doit être un nombre entier de centimes.',
    ]);
    expect(formProblems([{ field: 'body.rate_ppm', message: 'must be 0 or more' }], fields, { locale: 'en' })).toEqual([
      { input: 'rate', label: 'The rate', message: 'The rate must be 0% or more.' },
    ]);
  });

  it("finds the input of an item's path, keeps the first problem of an input, and rewrites the API's field names", () => {
    const problems = formProblems(
      [
        { field: 'body.community_partners.1', message: 'must not be empty' },
        { field: 'body.community_partners', message: 'must have at most 20 items' },
        {
          field: 'body.offline_methods',
          message: 'Payment at a community partner needs at least one partner: list them in community_partners.',
        },
      ],
      fields,
      { rewrites: [[/^Payment at a community partner.*$/, 'Name at least one community partner.']] },
    );
    expect(problems).toEqual([
      { input: 'community_partners', label: 'Community partners', message: 'Community partners must not be empty.' },
      { input: null, label: '', message: 'Name at least one community partner.' },
    ]);
    expect(problemsByInput(problems)).toEqual({ community_partners: 'Community partners must not be empty.' });
  });

  it("keeps the API's sentence for the summary, in the form's words", () => {
    const failure = {
      status: 409,
      code: 'promo_code_used',
      message: 'Orders used this code. Deactivate it instead (set active to false).',
      details: [],
    };
    expect(refusal(failure, fields, { rewrites: [[/ \(set active to false\)/, '']] })).toEqual({
      message: 'Orders used this code. Deactivate it instead.',
      problems: [],
    });
  });
});

describe('asSentence', () => {
  it("begins the API's short messages with the field and ends every message with a stop", () => {
    expect(asSentence('Contact email', 'must be a valid email')).toBe('Contact email must be a valid email.');
    expect(asSentence('Name', 'The default locale must be one of them.')).toBe(
      'The default locale must be one of them.',
    );
    expect(asSentence('', 'is already taken')).toBe('Is already taken.');
  });
});
