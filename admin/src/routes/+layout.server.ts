import { languageName, textDirection } from '@accessplus/i18n';
import { ADMIN_LOCALES } from '$lib/messages';
import { mailboxAvailable } from '$lib/server/mailbox';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, fetch }) => {
  // Shown to everyone, signed in or not, while the API keeps mail locally (never in production).
  const mailbox = await mailboxAvailable(fetch);
  const { locale } = locals;
  // The language menu: each language in its own name.
  const languages = ADMIN_LOCALES.map((code) => ({ locale: code, name: languageName(code), dir: textDirection(code) }));
  if (locals.auth.status !== 'signed_in') return { user: null, organizer: null, mailbox, locale, languages };
  const { user, active_organizer } = locals.auth.session;
  return {
    user: { name: user.display_name, email: user.email, isPlatformStaff: user.is_platform_staff },
    organizer: active_organizer ? { name: active_organizer.organizer_name, role: active_organizer.role } : null,
    mailbox,
    locale,
    languages,
  };
};
