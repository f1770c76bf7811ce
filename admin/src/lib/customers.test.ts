import { describe, expect, it } from 'vitest';
import { customersHref } from './customers';

describe('customersHref', () => {
  it('keeps the email search and the page cursor in the address', () => {
    expect(customersHref()).toBe('/customers');
    expect(customersHref('hana@example.org')).toBe('/customers?email=hana%40example.org');
    expect(customersHref(undefined, 'c2')).toBe('/customers?cursor=c2');
    expect(customersHref('hana@example.org', 'c2')).toBe('/customers?email=hana%40example.org&cursor=c2');
  });
});
