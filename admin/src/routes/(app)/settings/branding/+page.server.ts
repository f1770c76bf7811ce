import { fail } from '@sveltejs/kit';
import { type BrandingForm, brandingFields, typedColor } from '$lib/branding';
import { type FormProblem, refusal } from '$lib/form-errors';
import { type Messages, messagesFor } from '$lib/messages';
import { adminApi, apiResult, sessionApi } from '$lib/server/api';
import { requireSession } from '$lib/server/auth';
import { uploadImage } from '$lib/server/event-editor';
import { required } from '$lib/server/load';
import type { Actions, PageServerLoad } from './$types';

function imagesOf(t: Messages) {
  return [
    { input: 'logo', field: 'logo_image_id', label: t.settings_brandingLogo },
    { input: 'favicon', field: 'favicon_image_id', label: t.settings_brandingIcon },
    { input: 'hero', field: 'hero_image_id', label: t.settings_brandingCover },
  ] as const;
}

export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const { token } = requireSession(locals, url);
  return { branding: required(await apiResult(adminApi(fetch, { token }).GET('/v1/organizer/branding')), url) };
};

export const actions: Actions = {
  save: async ({ locals, url, fetch, request }) => {
    const api = sessionApi({ locals, url, fetch });
    const t = messagesFor(locals.locale);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const values: BrandingForm = {
      brand_color: text('brand_color').trim(),
      background_color: text('background_color').trim(),
      text_color: text('text_color').trim(),
      font: text('font'),
    };
    const body: Record<string, string | null> = {
      brand_color: typedColor(values.brand_color),
      background_color: typedColor(values.background_color),
      text_color: typedColor(values.text_color),
      font: values.font,
    };
    // Files chosen are uploaded first; one the API refuses stops the save, beside its field.
    const problems: FormProblem[] = [];
    for (const image of imagesOf(t)) {
      if (form.get(`remove_${image.input}`) === 'yes') body[image.field] = null;
      const uploaded = await uploadImage(api, form.get(image.input));
      if (!uploaded.ok) problems.push({ input: image.input, label: image.label, message: uploaded.message });
      else if (uploaded.imageId) body[image.field] = uploaded.imageId;
    }
    if (problems.length > 0) return fail(400, { values, message: null, problems });
    const result = await apiResult(api.PATCH('/v1/organizer/branding', { body: body as never }));
    if (!result.ok) return fail(result.failure.status, { values, ...refusal(result.failure, brandingFields(t)) });
    return { saved: true };
  },
};
