import { INTERFACE_LOCALES } from '@accessplus/i18n';
import { type Static, Type } from 'typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from '../../lib/schemas.ts';
import { NewOrganizer, Role, Slug } from '../tenants/tenants.schemas.ts';

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['organizer@example.org'] });
export const Password = Type.String({
  minLength: 10,
  maxLength: 200,
  description: 'At least 10 characters.',
});

/** A language the admin and account emails are written in. */
export const AdminLocale = StringEnum(INTERFACE_LOCALES, {
  description: 'A language the admin and the account emails are written in.',
  examples: ['am'],
});

export const SignUp = Type.Object(
  {
    email: Email,
    password: Password,
    display_name: Type.String({ minLength: 1, maxLength: 200, examples: ['Selam Tesfaye'] }),
    organizer: NewOrganizer,
    locale: Type.Optional(
      StringEnum(INTERFACE_LOCALES, {
        description: 'The language the person reads the admin and their account emails in, the confirmation first.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SignUp = Static<typeof SignUp>;

export const SignUpAccepted = Type.Object(
  { message: Type.String({ description: 'What to do next, for a person.' }) },
  {
    $id: 'SignUpAccepted',
    description: 'The same for every address: the next step is in the email sent to it.',
  },
);

export const SignUpConfirm = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200, description: "The emailed link's `token`." }),
    organizer_slug: Type.Optional(Slug),
  },
  { additionalProperties: false },
);
export type SignUpConfirm = Static<typeof SignUpConfirm>;

export const SlugQuery = Type.Object({ slug: Slug }, { additionalProperties: false });

export const SlugAvailability = Type.Object(
  {
    slug: Slug,
    available: Type.Boolean({ description: 'Whether no organizer has this address.' }),
    message: Type.String({ description: 'What to tell the person, e.g. that the address is taken.' }),
  },
  { $id: 'SlugAvailability', description: 'Whether a new organizer may take a storefront address.' },
);
export type SlugAvailability = Static<typeof SlugAvailability>;

export const SignIn = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 200 }),
    organizer: Type.Optional(Slug),
  },
  { additionalProperties: false },
);
export type SignIn = Static<typeof SignIn>;

export const SwitchOrganizer = Type.Object({ organizer: Slug }, { additionalProperties: false });

export const ChooseLanguage = Type.Object({ locale: AdminLocale }, { additionalProperties: false });

export const EmailOnly = Type.Object({ email: Email }, { additionalProperties: false });

export const TokenOnly = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);

export const PasswordResetConfirm = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);

const MembershipSummary = Type.Object({
  organizer_id: Uuid,
  organizer_slug: Type.String(),
  organizer_name: Type.String(),
  role: Role,
});

export const Session = Type.Object(
  {
    user: Type.Object({
      id: Uuid,
      email: Type.String(),
      display_name: Type.String(),
      email_verified: Type.Boolean(),
      is_platform_staff: Type.Boolean(),
      locale: Nullable(
        StringEnum(INTERFACE_LOCALES, {
          description: 'The language the person chose for the admin and their account emails; null until they choose.',
        }),
      ),
    }),
    active_organizer: Nullable(MembershipSummary),
    memberships: Type.Array(MembershipSummary),
    expires_at: Timestamp,
  },
  { $id: 'Session', description: 'Who is signed in, and the organizer they act for.' },
);
export type Session = Static<typeof Session>;

export const SessionWithToken = Type.Object(
  {
    token: Type.String({
      description: 'Bearer token for `Authorization: Bearer …`. Shown once; a cookie carries it for the admin.',
    }),
    session: Session,
  },
  { $id: 'SessionWithToken' },
);

export const EmailVerified = Type.Object({ email_verified_at: Timestamp }, { description: 'The address is verified.' });
