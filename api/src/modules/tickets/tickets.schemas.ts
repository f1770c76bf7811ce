import { Type } from 'typebox';
import { SHORT_CODE_EXAMPLE } from './short-codes.ts';

export const ShortCode = Type.String({
  pattern: '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$',
  description:
    "The ticket's short code, printed under its QR code for door staff to type when the QR code will not scan: 10 symbols of Crockford's base32, grouped by hyphens. The door accepts it in any case, with or without the hyphens, and reads O as 0 and I or L as 1. Unique within the ticket's event.",
  examples: [SHORT_CODE_EXAMPLE],
});
