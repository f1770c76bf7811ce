import { describe, expect, it } from 'vitest';
import { linkify } from './mailbox';

describe('linkify', () => {
  it('turns http and https links into runs with an href, keeping the text around them', () => {
    expect(linkify('Sign in:\nhttp://shop.localhost:5173/account/sign-in?token=apcl_x&lang=es\n\nThanks.')).toEqual([
      { text: 'Sign in:\n' },
      {
        text: 'http://shop.localhost:5173/account/sign-in?token=apcl_x&lang=es',
        href: 'http://shop.localhost:5173/account/sign-in?token=apcl_x&lang=es',
      },
      { text: '\n\nThanks.' },
    ]);
  });

  it('leaves a full stop after a link out of it', () => {
    expect(linkify('See https://example.org/a.')).toEqual([
      { text: 'See ' },
      { text: 'https://example.org/a', href: 'https://example.org/a' },
      { text: '.' },
    ]);
  });

  it('makes nothing else a link', () => {
    expect(linkify('javascript:alert(1) and ftp://example.org and mailto:a@example.org')).toEqual([
      { text: 'javascript:alert(1) and ftp://example.org and mailto:a@example.org' },
    ]);
    expect(linkify('')).toEqual([]);
  });
});
