import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, NoContent, Ref } from '../../lib/schemas.ts';
import { clearSessionCookie, setSessionCookie } from '../../plugins/auth.ts';
import {
  ChooseLanguage,
  EmailOnly,
  EmailVerified,
  PasswordResetConfirm,
  Session,
  SessionWithToken,
  SignIn,
  SignUp,
  SignUpAccepted,
  SignUpConfirm,
  SlugAvailability,
  SlugQuery,
  SwitchOrganizer,
  TokenOnly,
} from './auth.schemas.ts';
import * as auth from './auth.service.ts';

const tags = ['Accounts'];
const Accepted = Type.Object({ message: Type.String() }, { description: 'Accepted.' });
// The same words for every address: they must not tell whether it has an account.
const SIGN_UP_NEXT_STEP = `Check your email: we sent the next step to the address you gave. A link to finish creating your account works for ${auth.SIGN_UP_LIFETIME_MS / 3_600_000} hours.`;

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Session);
  app.addSchema(SessionWithToken);
  app.addSchema(SignUpAccepted);
  app.addSchema(SlugAvailability);

  app.post(
    '/v1/auth/sign-up',
    {
      schema: {
        tags,
        operationId: 'signUp',
        security: [],
        summary: 'Ask for an account and an organizer',
        description:
          'Answers 202 with the same body whether or not the email has an account, so it tells nobody who has one. ' +
          'A new address is emailed a link (to the admin, valid 24 hours) whose token `POST /v1/auth/sign-up/confirm` takes to create the person, their organizer with them as owner, and a session; nothing is created before. ' +
          'An address that has an account is emailed how to sign in or reset the password instead. ' +
          'Only a slug that an organizer already has is refused (409 `slug_taken`). Requests are limited per email and per client address.',
        body: SignUp,
        response: {
          202: Ref(SignUpAccepted, 'Asked: the next step is in the email sent to the address.'),
          ...errorResponses(400, 409, 422, 429),
        },
      },
      preHandler: app.accountMailGuard.preHandler,
    },
    async (request, reply) => {
      await auth.signUp(app.services, request.body);
      return reply.code(202).send({ message: SIGN_UP_NEXT_STEP });
    },
  );

  app.get(
    '/v1/auth/sign-up/slug-availability',
    {
      schema: {
        tags,
        operationId: 'checkSlugAvailability',
        security: [],
        summary: 'Check whether a storefront address is free',
        description:
          'For the sign-up form, as the person types. An address stays free until a sign-up is confirmed, so a free one can still be taken before then; confirming says so.',
        querystring: SlugQuery,
        response: { 200: Ref(SlugAvailability), ...errorResponses(400) },
      },
    },
    (request) => auth.slugAvailability(app.services, request.query.slug),
  );

  app.post(
    '/v1/auth/sign-up/confirm',
    {
      schema: {
        tags,
        operationId: 'confirmSignUp',
        security: [],
        summary: "Create the account with a sign-up's emailed token",
        description:
          'Creates the person (their address verified), their organizer with them as owner and a session (cookie and bearer token), in one step. ' +
          'If the slug chosen at sign-up was taken meanwhile, answers 409 `slug_taken`; the same token then works with another `organizer_slug`.',
        body: SignUpConfirm,
        response: {
          201: Ref(SessionWithToken, 'Signed up: the new session and its token.'),
          ...errorResponses(400, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await auth.confirmSignUp(app.services, request.body.token, request.body.organizer_slug);
      setSessionCookie(app, reply, result.token, new Date(result.session.expires_at));
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/v1/auth/sign-in',
    {
      schema: {
        tags,
        operationId: 'signIn',
        security: [],
        summary: 'Sign in with email and password',
        description:
          'Starts a session acting for `organizer` (a slug) or the first organizer the person belongs to. Attempts are limited per client address, and failed ones per email and address: an address that failed too often for an email gets 429 for it, while the right password from an address that has not failed gets through whatever happens elsewhere.',
        body: SignIn,
        response: {
          200: Ref(SessionWithToken, 'Signed in: the new session and its token.'),
          ...errorResponses(400, 401, 403, 429),
        },
      },
      preHandler: app.loginGuard.preHandler,
      onSend: app.loginGuard.onSend,
    },
    async (request, reply) => {
      const result = await auth.signIn(app.services, request.body);
      setSessionCookie(app, reply, result.token, new Date(result.session.expires_at));
      return result;
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      schema: {
        tags,
        operationId: 'signOut',
        summary: 'End the current session',
        response: { 204: NoContent, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      await auth.signOut(app.services, await app.requireAuth(request));
      clearSessionCookie(app, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/auth/session',
    {
      schema: {
        tags,
        operationId: 'getSession',
        summary: 'Who is signed in',
        response: { 200: Ref(Session, 'The current session.'), ...errorResponses(401) },
      },
    },
    async (request) => auth.currentSession(app.services, await app.requireAuth(request)),
  );

  app.put(
    '/v1/auth/session/organizer',
    {
      schema: {
        tags,
        operationId: 'switchOrganizer',
        summary: 'Act for another organizer',
        description: 'Switches the session to another organizer the person is a member of.',
        body: SwitchOrganizer,
        response: {
          200: Ref(Session, 'The session, now acting for that organizer.'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => auth.switchOrganizer(app.services, await app.requireAuth(request), request.body.organizer),
  );

  app.put(
    '/v1/auth/session/language',
    {
      schema: {
        tags,
        operationId: 'chooseLanguage',
        summary: 'Choose the language of the admin and account emails',
        description:
          "Keeps the language the signed-in person reads the admin in, on every device, and their account emails' language.",
        body: ChooseLanguage,
        response: {
          200: Ref(Session, 'The session, with the language chosen.'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => auth.setLanguage(app.services, await app.requireAuth(request), request.body.locale),
  );

  app.post(
    '/v1/auth/email-verification',
    {
      schema: {
        tags,
        operationId: 'requestEmailVerification',
        summary: 'Email a new verification link',
        response: { 202: Accepted, ...errorResponses(401, 409) },
      },
    },
    async (request, reply) => {
      await auth.requestEmailVerification(app.services, await app.requireAuth(request));
      return reply.code(202).send({ message: 'A new verification link is on its way to your email address.' });
    },
  );

  app.post(
    '/v1/auth/email-verification/confirm',
    {
      schema: {
        tags,
        operationId: 'confirmEmailVerification',
        security: [],
        summary: 'Confirm an email address with the emailed token',
        body: TokenOnly,
        response: { 200: EmailVerified, ...errorResponses(400, 422) },
      },
    },
    async (request) => ({
      email_verified_at: (await auth.confirmEmailVerification(app.services, request.body.token)).toISOString(),
    }),
  );

  app.post(
    '/v1/auth/password-reset',
    {
      schema: {
        tags,
        operationId: 'requestPasswordReset',
        security: [],
        summary: 'Email a password reset link',
        description: 'Always answers 202, whether or not the email has an account.',
        body: EmailOnly,
        response: { 202: Accepted, ...errorResponses(400, 429) },
      },
      preHandler: app.accountMailGuard.preHandler,
    },
    async (request, reply) => {
      await auth.requestPasswordReset(app.services, request.body.email);
      return reply.code(202).send({ message: 'If this address has an account, a reset link is on its way to it.' });
    },
  );

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      schema: {
        tags,
        operationId: 'confirmPasswordReset',
        security: [],
        summary: 'Set a new password with the emailed token',
        description: 'Ends every session of the account.',
        body: PasswordResetConfirm,
        response: { 204: NoContent, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => {
      await auth.confirmPasswordReset(app.services, request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );
};
