import { describe, expect, it } from 'vitest';
import { messagesFor } from './messages';
import { socialNetworks } from './social-networks';

describe('social networks', () => {
  it('go by their own names, with examples in the reader’s language', () => {
    const en = socialNetworks(messagesFor('en'));
    expect(en.map((network) => network.key)).toEqual([
      'facebook',
      'instagram',
      'x',
      'tiktok',
      'youtube',
      'whatsapp',
      'telegram',
    ]);
    expect(en.find((network) => network.key === 'instagram')).toEqual({
      key: 'instagram',
      name: 'Instagram',
      example: '@yourname',
    });
    const es = socialNetworks(messagesFor('es'));
    expect(es.find((network) => network.key === 'instagram')?.name).toBe('Instagram');
    expect(es.find((network) => network.key === 'instagram')?.example).not.toBe('@yourname');
    expect(es.find((network) => network.key === 'whatsapp')?.example).toBe('+1 202 555 0143');
  });
});
