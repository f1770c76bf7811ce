export * from './check.js';
export * from './context.js';
export { isOwnAsset, sanitizeSection } from './markup.js';
export * from './render.js';
export { CSS_MAX_CHARS, cleanCss } from './styles.js';
export {
  compileSection,
  ITERATION_BUDGET,
  RENDER_TIME_LIMIT_MS,
  TEMPLATE_MAX_CHARS,
  TemplateProblem,
  THEME_HELPERS,
} from './templates.js';
