import type { SocialLinks, SocialNetwork } from '../../db/schema.ts';
import { type ErrorDetail, unprocessable } from '../../lib/errors.ts';

export const SOCIAL_NETWORKS = ['facebook', 'instagram', 'x', 'tiktok', 'youtube', 'whatsapp', 'telegram'] as const;

interface Network {
  label: string;
  /** The hosts its pages live on; an address anywhere else is refused. */
  hosts: readonly string[];
  /** A handle (or, for WhatsApp, a phone number) as the network's own address. */
  fromHandle: (handle: string) => string | null;
  /** What a handle looks like, in the sentence that refuses one. */
  handleHint: string;
}

const handle = (pattern: RegExp, url: (name: string) => string) => (input: string) => {
  const name = input.replace(/^@/, '');
  return pattern.test(name) ? url(name) : null;
};

const NETWORKS: Record<SocialNetwork, Network> = {
  facebook: {
    label: 'Facebook',
    hosts: ['facebook.com', 'www.facebook.com', 'm.facebook.com', 'fb.com', 'www.fb.com', 'fb.me'],
    fromHandle: handle(/^[A-Za-z0-9.]{5,50}$/, (name) => `https://www.facebook.com/${name}`),
    handleHint: 'a page name of 5 to 50 letters, digits and dots',
  },
  instagram: {
    label: 'Instagram',
    hosts: ['instagram.com', 'www.instagram.com'],
    fromHandle: handle(/^[A-Za-z0-9._]{1,30}$/, (name) => `https://www.instagram.com/${name}`),
    handleHint: '@ and up to 30 letters, digits, dots and underscores',
  },
  x: {
    label: 'X',
    hosts: ['x.com', 'www.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com'],
    fromHandle: handle(/^[A-Za-z0-9_]{1,15}$/, (name) => `https://x.com/${name}`),
    handleHint: '@ and up to 15 letters, digits and underscores',
  },
  tiktok: {
    label: 'TikTok',
    hosts: ['tiktok.com', 'www.tiktok.com', 'vm.tiktok.com'],
    fromHandle: handle(/^[A-Za-z0-9._]{2,24}$/, (name) => `https://www.tiktok.com/@${name}`),
    handleHint: '@ and 2 to 24 letters, digits, dots and underscores',
  },
  youtube: {
    label: 'YouTube',
    hosts: ['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be'],
    fromHandle: handle(/^[A-Za-z0-9._-]{3,30}$/, (name) => `https://www.youtube.com/@${name}`),
    handleHint: '@ and 3 to 30 letters, digits, dots, hyphens and underscores',
  },
  whatsapp: {
    label: 'WhatsApp',
    hosts: ['wa.me', 'api.whatsapp.com', 'chat.whatsapp.com', 'whatsapp.com', 'www.whatsapp.com'],
    fromHandle: (input) => {
      const digits = input.replace(/[\s().-]/g, '').replace(/^\+/, '');
      return /^[1-9][0-9]{6,14}$/.test(digits) ? `https://wa.me/${digits}` : null;
    },
    handleHint: 'a phone number with its country code, such as +1 202 555 0143',
  },
  telegram: {
    label: 'Telegram',
    hosts: ['t.me', 'telegram.me', 'www.telegram.me'],
    fromHandle: handle(/^[A-Za-z0-9_]{5,32}$/, (name) => `https://t.me/${name}`),
    handleHint: '@ and 5 to 32 letters, digits and underscores',
  },
};

/**
 * One network's link as the storefront shows it: an https address on the network's own hosts,
 * or a handle made into one. Anything else — another site, `javascript:`, plain http — is refused
 * with a sentence naming what would do.
 */
function socialLink(network: SocialNetwork, input: string): { url: string } | { error: string } {
  const { label, hosts, fromHandle, handleHint } = NETWORKS[network];
  const value = input.trim();
  const refused = `Give the https address of your ${label} page (on ${hosts[0]}) or your handle (${handleHint}).`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.includes('/')) {
    const url = fromHandle(value);
    return url ? { url } : { error: refused };
  }
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`);
  } catch {
    return { error: refused };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { error: refused };
  if (!hosts.includes(parsed.hostname.toLowerCase())) {
    return { error: `This is not an address on ${label}. ${refused}` };
  }
  if (parsed.username || parsed.password || parsed.port) return { error: refused };
  parsed.protocol = 'https:';
  return { url: parsed.toString() };
}

/**
 * Merges the networks a change gives into the current links (null removes one), each checked and
 * made an https address; every refused network is named in the error, beside its field.
 */
export function mergeSocialLinks(
  current: SocialLinks,
  changes: Partial<Record<SocialNetwork, string | null>>,
  field: string,
): SocialLinks {
  const merged: SocialLinks = { ...current };
  const problems: ErrorDetail[] = [];
  for (const network of SOCIAL_NETWORKS) {
    const change = changes[network];
    if (change === undefined) continue;
    if (change === null || change.trim() === '') {
      delete merged[network];
      continue;
    }
    const checked = socialLink(network, change);
    if ('url' in checked) merged[network] = checked.url;
    else problems.push({ field: `${field}.${network}`, message: checked.error });
  }
  if (problems.length > 0) {
    throw unprocessable('invalid_social_link', (problems[0] as ErrorDetail).message, problems);
  }
  return merged;
}

/** The organizer's website: an http or https address of a public host, kept as the URL parser writes it. */
export function websiteUrl(input: string | null, field: string): string | null {
  if (input === null || input.trim() === '') return null;
  const value = input.trim();
  const refused = 'Give your website as an address starting with https:// (or http://), such as https://example.org.';
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`);
  } catch {
    throw unprocessable('invalid_input', refused, [{ field, message: refused }]);
  }
  if (
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    !parsed.hostname.includes('.') ||
    parsed.username ||
    parsed.password
  ) {
    throw unprocessable('invalid_input', refused, [{ field, message: refused }]);
  }
  return parsed.toString();
}

/** A phone number as people write it; at least seven digits, and nothing but digits and punctuation. */
export function contactPhone(input: string | null, field: string): string | null {
  if (input === null || input.trim() === '') return null;
  const value = input.trim().replace(/\s+/g, ' ');
  const digits = value.replace(/\D/g, '');
  if (!/^\+?[0-9 ().-]+$/.test(value) || digits.length < 7 || digits.length > 15) {
    const message = 'Give a phone number with its area code, such as +1 202 555 0143; digits, spaces, +, (, ), - only.';
    throw unprocessable('invalid_input', message, [{ field, message }]);
  }
  return value;
}

/**
 * The about text per locale: only the organizer's languages, blank lines between paragraphs kept
 * and runs of them made one; an emptied locale is dropped.
 */
export function aboutText(input: Record<string, string>, locales: readonly string[], field: string) {
  const about: Record<string, string> = {};
  for (const [locale, text] of Object.entries(input)) {
    if (!locales.includes(locale)) {
      const message = `"${locale}" is not one of your languages (${locales.join(', ')}). Add it under your languages first.`;
      throw unprocessable('invalid_input', message, [{ field: `${field}.${locale}`, message }]);
    }
    const tidy = text
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (tidy) about[locale] = tidy;
  }
  return about;
}
