import type { Organizer } from '@accessplus/sdk';

type SocialNetwork = keyof Organizer['social_links'];

// Keyed by the API's own names (from the SDK's types), so a network the API adds or drops fails
// the admin's type check until it is named here as well.
const NETWORKS: Record<SocialNetwork, { name: string; example: string }> = {
  facebook: { name: 'Facebook', example: 'https://www.facebook.com/yourpage or yourpage' },
  instagram: { name: 'Instagram', example: '@yourname' },
  x: { name: 'X (Twitter)', example: '@yourname' },
  tiktok: { name: 'TikTok', example: '@yourname' },
  youtube: { name: 'YouTube', example: '@yourchannel' },
  whatsapp: { name: 'WhatsApp', example: '+1 202 555 0143' },
  telegram: { name: 'Telegram', example: '@yourchannel' },
};

/** The social networks an organizer's storefront links to, as the API names them. */
export const SOCIAL_NETWORKS = (Object.keys(NETWORKS) as SocialNetwork[]).map((key) => ({ key, ...NETWORKS[key] }));
