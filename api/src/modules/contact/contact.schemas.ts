import { type Static, Type } from 'typebox';
import { Locale, OrganizerSlugParams } from '../../lib/schemas.ts';

export const ContactMessageParams = OrganizerSlugParams;

export const NewContactMessage = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Who is writing.', examples: ['Amara Okafor'] }),
    email: Type.String({
      format: 'email',
      maxLength: 254,
      description: "Where the organizer's answer goes: its email is sent with this as the reply address.",
      examples: ['amara@example.org'],
    }),
    order_reference: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          'The order number from the confirmation email, if the message is about an order. When it is an order placed here with `email`, its summary and tickets go with the message; otherwise the message says it could not be matched. The answer is the same either way.',
        examples: ['7KQ4M2XD'],
      }),
    ),
    message: Type.String({
      minLength: 1,
      maxLength: 5000,
      description: 'Plain text; a blank line starts a paragraph.',
    }),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type NewContactMessage = Static<typeof NewContactMessage>;

export const ContactMessageReceived = Type.Object(
  { message: Type.String() },
  { description: 'Accepted: the message is on its way to the organizer.' },
);
