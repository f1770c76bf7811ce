import { describe, expect, it } from 'vitest';
import { API_UNREACHABLE, apiFailure, apiUnreachable, fieldErrors } from './api-errors';
import { messagesFor } from './messages';

const en = messagesFor('en');

describe('apiFailure', () => {
  it("keeps the API's code and sentence", () => {
    const body = {
      error: {
        code: 'invalid_credentials',
        message: 'The email or password is not right. Check both, or reset your password.',
        details: [],
        request_id: 'c9e734e6',
      },
    };
    expect(apiFailure(401, body, en)).toEqual({
      status: 401,
      code: 'invalid_credentials',
      message: 'The email or password is not right. Check both, or reset your password.',
      details: [],
    });
  });

  it('keeps well-formed field details and drops malformed ones', () => {
    const body = {
      error: {
        code: 'invalid_request',
        message: 'The request is not valid: body.password must be at least 10 characters.',
        details: [{ field: 'body.password', message: 'must be at least 10 characters' }, { field: 3 }, null],
        request_id: 'x',
      },
    };
    expect(apiFailure(400, body, en).details).toEqual([
      { field: 'body.password', message: 'must be at least 10 characters' },
    ]);
  });

  it('explains answers that are not in the error shape by their status', () => {
    expect(apiFailure(429, null, en).message).toBe('Too many attempts. Wait a few minutes, then try again.');
    expect(apiFailure(502, '<html>Bad gateway</html>', en)).toMatchObject({
      status: 502,
      code: 'unexpected_response',
      message: 'Access Plus could not finish this just now. Try again in a few minutes.',
    });
    expect(apiFailure(401, { error: 'nope' }, en).message).toBe('Your session has ended. Sign in again.');
  });

  it("words its own sentences in the reader's language, and leaves the API's as they came", () => {
    const fr = messagesFor('fr');
    expect(apiFailure(401, null, fr).message).toBe('Votre session a pris fin. Reconnectez-vous.');
    expect(apiFailure(409, { error: { code: 'slug_taken', message: 'The address is taken.' } }, fr).message).toBe(
      'The address is taken.',
    );
  });

  it('has a sentence for an API that cannot be reached', () => {
    expect(API_UNREACHABLE).toMatchObject({ status: 503, code: 'api_unreachable' });
    expect(apiUnreachable(en).message).toBe(
      'Access Plus cannot be reached right now. Check your connection, then try again in a minute.',
    );
    expect(apiUnreachable(messagesFor('es'))).toMatchObject({ status: 503, code: 'api_unreachable' });
    expect(apiUnreachable(messagesFor('es')).message).toMatch(/^No se puede acceder a Access Plus/);
  });
});

describe('fieldErrors', () => {
  it('maps API fields to form field names, first problem first', () => {
    expect(
      fieldErrors([
        { field: 'body.password', message: 'must be at least 10 characters' },
        { field: 'body.password', message: 'must be a string' },
        { field: 'body.token', message: 'is expired, used or unknown' },
      ]),
    ).toEqual({ password: 'must be at least 10 characters', token: 'is expired, used or unknown' });
  });
});
