import type { Organizer } from '@accessplus/sdk';
import type { Messages } from './messages';

type SocialNetwork = keyof Organizer['social_links'];

// Keyed by the API's own names (from the SDK's types), so a network the API adds or drops fails
// the admin's type check until it is named here as well. The networks go by their own names;
// the examples of what to type are in the reader's language.
const NETWORKS: Record<SocialNetwork, { name: string; example: (t: Messages) => string }> = {
  facebook: { name: 'Facebook', example: (t) => t.settings_socialExampleFacebook },
  instagram: { name: 'Instagram', example: (t) => t.settings_socialExampleName },
  x: { name: 'X (Twitter)', example: (t) => t.settings_socialExampleName },
  tiktok: { name: 'TikTok', example: (t) => t.settings_socialExampleName },
  youtube: { name: 'YouTube', example: (t) => t.settings_socialExampleChannel },
  whatsapp: { name: 'WhatsApp', example: () => '+1 202 555 0143' },
  telegram: { name: 'Telegram', example: (t) => t.settings_socialExampleChannel },
};

/** The social networks an organizer's storefront links to, as the API names them. */
export function socialNetworks(t: Messages): { key: SocialNetwork; name: string; example: string }[] {
  return (Object.keys(NETWORKS) as SocialNetwork[]).map((key) => ({
    key,
    name: NETWORKS[key].name,
    example: NETWORKS[key].example(t),
  }));
}
