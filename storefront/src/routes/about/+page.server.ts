import { fail } from '@sveltejs/kit';
import { messagesFor } from '$lib/messages';
import { storefrontApi } from '$lib/server/api';
import { formProblem } from '$lib/server/problems';
import { requireOrganizer } from '$lib/server/tenant';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  requireOrganizer(locals);
  return {};
};

type ContactField = 'name' | 'email' | 'order_reference' | 'message';
const FIELDS: readonly ContactField[] = ['name', 'email', 'order_reference', 'message'];

// Browsers check the email too; this is for those that do not, and for anyone posting by hand.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const actions: Actions = {
  /** Sends the buyer's message to the organizer; what was typed comes back with any error. */
  contact: async (request) => {
    const { locals } = request;
    const organizer = requireOrganizer(locals);
    const t = messagesFor(locals.locale);
    const form = await request.request.formData();
    const read = (field: ContactField, max: number) =>
      String(form.get(field) ?? '')
        .trim()
        .slice(0, max);
    const values = {
      name: read('name', 200),
      email: read('email', 254),
      order_reference: read('order_reference', 40),
      message: read('message', 5000),
    };
    const errors: Partial<Record<ContactField, string>> = {};
    if (!values.name) errors.name = t.enterName;
    if (!EMAIL.test(values.email)) errors.email = t.enterEmail;
    if (!values.message) errors.message = t.contactEnterMessage;
    if (Object.keys(errors).length > 0) {
      return fail(400, { values, errors, message: null, lang: undefined, sent: false });
    }
    try {
      await storefrontApi(request).sendContactMessage({
        params: { path: { slug: organizer.slug } },
        body: {
          name: values.name,
          email: values.email,
          ...(values.order_reference ? { order_reference: values.order_reference } : {}),
          message: values.message,
          locale: locals.locale,
        },
      });
    } catch (cause) {
      const problem = formProblem(cause, t);
      // The API names the field it refused (`body.email`); its sentence goes beside that field.
      for (const detail of problem.details) {
        const field = FIELDS.find((name) => detail.field === `body.${name}` || detail.field === `body/${name}`);
        if (field) errors[field] = field === 'email' ? t.enterEmail : detail.message;
      }
      return fail(problem.status, {
        values,
        errors,
        message: Object.keys(errors).length > 0 ? null : problem.message,
        lang: problem.lang,
        sent: false,
      });
    }
    return { values: { name: values.name, email: values.email, order_reference: '', message: '' }, sent: true };
  },
};
