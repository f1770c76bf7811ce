// What the apps share in the browser as on the server; the catalogue check, which reads files, is
// `@accessplus/i18n/catalogues`.
export * from './dates.ts';
export * from './languages.ts';
export * from './messages.ts';
