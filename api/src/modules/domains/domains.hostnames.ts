import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import type { Config } from '../../config.ts';

/** Where the TXT record that proves control of `hostname` lives. */
export const verificationRecordName = (hostname: string) => `_accessplus.${hostname}`;

/**
 * The base domain of the platform's own storefront addresses: STOREFRONT_URL's host without its
 * `{slug}.` label (`http://{slug}.localhost:5173` → `localhost`).
 */
export function platformBaseDomain(config: Pick<Config, 'storefrontUrl'>): string {
  const host = new URL(config.storefrontUrl.replace('{slug}', 'slug')).hostname.toLowerCase();
  return host.startsWith('slug.') ? host.slice('slug.'.length) : host;
}

/** A Host header's name: lower case, without port or trailing dot; IPv6 literals stay bracketed. */
export function hostNameOf(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) return name.slice(0, name.indexOf(']') + 1);
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export type HostnameVerdict = { ok: true; hostname: string } | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Whether an organizer may add `typed` as its storefront's host name: a name under a registrable
 * domain of a public suffix (tickets.example.org, not an address, a bare word or a suffix such as
 * co.uk), not the domain's apex (which cannot carry the CNAME record), and not on the platform's
 * own base domain. Answers the name as it will be stored: lower case, punycode, no trailing dot.
 */
export function judgeHostname(typed: string, baseDomain: string): HostnameVerdict {
  const raw = typed.trim().replace(/\.$/, '');
  if (raw === '') return { ok: false, message: 'Type the host name, e.g. tickets.example.org.' };
  if (/[/:@?#\s]/.test(raw)) {
    return {
      ok: false,
      message: 'Type the host name alone, e.g. tickets.example.org: no https://, path, port or spaces.',
    };
  }
  const hostname = domainToASCII(raw);
  if (!hostname) return { ok: false, message: `"${raw}" is not a host name. Type one such as tickets.example.org.` };
  if (hostname.length > 253) {
    return { ok: false, message: 'A host name has at most 253 characters. Choose a shorter one.' };
  }
  const parsed = parse(hostname);
  if (parsed.isIp) {
    return { ok: false, message: 'Type a host name such as tickets.example.org, not an IP address.' };
  }
  if (!hostname.split('.').every((label) => LABEL.test(label))) {
    return {
      ok: false,
      message:
        'Each part of a host name between dots has 1 to 63 letters, digits or hyphens, and does not start or end with a hyphen.',
    };
  }
  const base = baseDomain.toLowerCase();
  if (hostname === base || hostname.endsWith(`.${base}`)) {
    return {
      ok: false,
      message: `Addresses on ${base} are Access Plus's own: your store already has one. Add a name on your own domain, e.g. tickets.your-organization.org.`,
    };
  }
  if (!parsed.domain || !parsed.isIcann) {
    return {
      ok: false,
      message: `"${hostname}" is not under a domain anyone can register. Add a name on your own domain, e.g. tickets.your-organization.org.`,
    };
  }
  if (!parsed.subdomain) {
    return {
      ok: false,
      message: `${hostname} is the domain itself, which cannot carry the CNAME record a store needs. Use a name under it, e.g. tickets.${hostname}.`,
    };
  }
  return { ok: true, hostname };
}
