/** The social networks an organizer's storefront links to, as the API names them. */
export const SOCIAL_NETWORKS = [
  { key: 'facebook', name: 'Facebook', example: 'https://www.facebook.com/yourpage or yourpage' },
  { key: 'instagram', name: 'Instagram', example: '@yourname' },
  { key: 'x', name: 'X (Twitter)', example: '@yourname' },
  { key: 'tiktok', name: 'TikTok', example: '@yourname' },
  { key: 'youtube', name: 'YouTube', example: '@yourchannel' },
  { key: 'whatsapp', name: 'WhatsApp', example: '+1 202 555 0143' },
  { key: 'telegram', name: 'Telegram', example: '@yourchannel' },
] as const;
