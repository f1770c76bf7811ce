import { describe, expect, it } from 'vitest';
import { hrefWith } from './links';

describe('hrefWith', () => {
  it('sets and removes query parameters, keeping the others', () => {
    const url = new URL('http://addis.localhost/?q=gala&cursor=abc');
    expect(hrefWith(url, { lang: 'am' })).toBe('/?q=gala&cursor=abc&lang=am');
    expect(hrefWith(url, { cursor: null, q: '' })).toBe('/');
  });

  it('drops the name of a form action the page was posted to', () => {
    const url = new URL('http://addis.localhost/orders/1?token=k.s&/pay');
    expect(hrefWith(url, { lang: 'am' })).toBe('/orders/1?token=k.s&lang=am');
    expect(hrefWith(new URL('http://addis.localhost/events/1?/quote'), {})).toBe('/events/1');
  });
});
