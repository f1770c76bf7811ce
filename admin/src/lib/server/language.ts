/** The admin's cookie remembering the language a browser chose, for pages before sign-in. */
export const LANGUAGE_COOKIE = 'ap_admin_lang';
