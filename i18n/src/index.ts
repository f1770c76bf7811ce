export * from './catalogues.ts';
export * from './dates.ts';
export * from './languages.ts';
