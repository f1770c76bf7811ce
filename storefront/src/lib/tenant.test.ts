import { describe, expect, it } from 'vitest';
import { hostName, isLocalHost, organizerSlugFromHost, storefrontAddress } from './tenant';

describe('organizerSlugFromHost', () => {
  const local = { baseDomain: 'localhost' };

  it.each([
    ['addis-cultural-center.localhost:5173', 'addis-cultural-center'],
    ['addis-cultural-center.localhost', 'addis-cultural-center'],
    ['Casa-Latina-Houston.LOCALHOST:5173', 'casa-latina-houston'],
    ['lagos-to-atlanta.localhost.', 'lagos-to-atlanta'],
  ])('reads the organizer of %s', (host, slug) => {
    expect(organizerSlugFromHost(host, local)).toBe(slug);
  });

  it.each([
    ['localhost:5173'],
    ['127.0.0.1:5173'],
    ['[::1]:5173'],
    ['www.addis-cultural-center.localhost'],
    ['-bad-.localhost'],
    ['under_score.localhost'],
    ['evil-localhost'],
    [''],
  ])('finds no organizer for %s', (host) => {
    expect(organizerSlugFromHost(host, local)).toBeNull();
  });

  it('works with a production base domain, and ignores other domains', () => {
    const options = { baseDomain: 'tickets.example.test' };
    expect(organizerSlugFromHost('casa-latina-houston.tickets.example.test', options)).toBe('casa-latina-houston');
    expect(organizerSlugFromHost('casa-latina-houston.example.test', options)).toBeNull();
    expect(organizerSlugFromHost('tickets.example.test', options)).toBeNull();
  });

  it('serves the fallback organizer on hosts outside the base domain only', () => {
    const options = { baseDomain: 'localhost', fallbackSlug: 'casa-latina-houston' };
    expect(organizerSlugFromHost('localhost:5173', options)).toBe('casa-latina-houston');
    expect(organizerSlugFromHost('127.0.0.1:3000', options)).toBe('casa-latina-houston');
    expect(organizerSlugFromHost(undefined, options)).toBe('casa-latina-houston');
    expect(organizerSlugFromHost('addis-cultural-center.localhost', options)).toBe('addis-cultural-center');
    expect(organizerSlugFromHost('www.addis.localhost', options)).toBeNull();
    expect(organizerSlugFromHost('localhost', { baseDomain: 'localhost', fallbackSlug: 'Not A Slug' })).toBeNull();
  });

  it('strips ports and case from host names', () => {
    expect(hostName('Shop.Example.TEST:8443')).toBe('shop.example.test');
    expect(hostName('[::1]:5173')).toBe('[::1]');
  });
});

describe('isLocalHost', () => {
  it.each([
    ['localhost:5173'],
    ['LOCALHOST'],
    ['nobody-here.localhost:5173'],
    ['127.0.0.1:5173'],
    ['127.1.2.3'],
    ['[::1]:5173'],
  ])('counts %s as this machine', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each([
    ['accessplus.events'],
    ['nobody-here.accessplus.events'],
    ['localhost.example.org'],
    ['evil-localhost'],
    ['10.0.0.1:5173'],
    [''],
    [null],
  ])('does not count %s', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });
});

describe('storefrontAddress', () => {
  it('keeps the scheme and port of the page it is linked from', () => {
    expect(storefrontAddress('casa-latina-houston', 'localhost', new URL('http://localhost:5473/'))).toBe(
      'http://casa-latina-houston.localhost:5473/',
    );
    expect(storefrontAddress('casa-latina-houston', 'tickets.test', new URL('https://127.0.0.1/x'))).toBe(
      'https://casa-latina-houston.tickets.test/',
    );
  });
});
