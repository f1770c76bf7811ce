import Handlebars from 'handlebars';
import type { SectionContext } from './context.js';

/** Largest template source, in characters: a section is a page part, not a site. */
export const TEMPLATE_MAX_CHARS = 20_000;
/** Largest rendered section, in characters, before it is given up for the default. */
export const OUTPUT_MAX_CHARS = 200_000;
/** Loop turns one render may take, all `each` blocks together. */
export const ITERATION_BUDGET = 5_000;
/** Time one render may take. */
export const RENDER_TIME_LIMIT_MS = 50;

/** The helpers a theme may call, each with what it does, as the editor documents them. */
export const THEME_HELPERS = {
  date: '{{date event.starts_at}}: the date in the page language and the organizer time zone ("long" or "short" as a second value).',
  time: '{{time event.starts_at}}: the time of day in the page language and the organizer time zone.',
  money: '{{money event.price_from_cents event.currency}}: an amount in minor units as the page language writes it.',
  eq: '{{#if (eq page.kind "home")}}…{{/if}}: whether two values are the same.',
  limit: '{{#each (limit events 3)}}…{{/each}}: the first few items of a list.',
} as const;

/** Handlebars' own block helpers a theme may use; `lookup` and `log` are not among them. */
const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with'] as const;

export class TemplateProblem extends Error {
  constructor(
    readonly code: 'syntax' | 'forbidden' | 'too_large' | 'render' | 'too_slow' | 'output_too_large',
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

interface RenderBudget {
  iterations: number;
  deadline: number;
}

/** The budget of the render in progress: renders are synchronous, so one at a time. */
let budget: RenderBudget | null = null;

function spend(): void {
  if (!budget) return;
  budget.iterations -= 1;
  if (budget.iterations < 0) {
    throw new TemplateProblem('too_slow', `The template repeats more than ${ITERATION_BUDGET} times in one page.`);
  }
  if ((budget.iterations & 63) === 0 && performance.now() > budget.deadline) {
    throw new TemplateProblem('too_slow', `The template took more than ${RENDER_TIME_LIMIT_MS} ms to render.`);
  }
}

function formatIn(locale: string, options: Intl.DateTimeFormatOptions, value: unknown): string {
  if (typeof value !== 'string') return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, options).format(instant);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(instant);
  }
}

function pageOf(options: Handlebars.HelperOptions): { locale: string; time_zone: string } {
  const page = (options.data?.root as SectionContext | undefined)?.page;
  return { locale: page?.locale ?? 'en', time_zone: page?.time_zone ?? 'UTC' };
}

/**
 * A Handlebars of its own: Handlebars' global instance carries `lookup`, `log`, partials and the
 * `inline` decorator, through which a template could reach any property name or recurse. Loops
 * are ours: every turn of `each`, and of a block over a list, spends from the render's budget, so
 * a template of nested loops over the events stops instead of running for ever.
 */
function themeEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  const builtInEach = env.helpers.each as Handlebars.HelperDelegate;
  const builtInBlockHelperMissing = env.helpers.blockHelperMissing as Handlebars.HelperDelegate;
  for (const name of Object.keys(env.helpers)) env.unregisterHelper(name);
  for (const name of Object.keys(env.decorators)) env.unregisterDecorator(name);

  env.registerHelper('if', Handlebars.helpers.if as Handlebars.HelperDelegate);
  env.registerHelper('unless', Handlebars.helpers.unless as Handlebars.HelperDelegate);
  env.registerHelper('with', Handlebars.helpers.with as Handlebars.HelperDelegate);
  env.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    const fn = options.fn;
    return builtInEach.call(this, context, {
      ...options,
      fn: (item: unknown, inner?: Handlebars.RuntimeOptions) => {
        spend();
        return fn(item, inner);
      },
    });
  });
  env.registerHelper(
    'blockHelperMissing',
    function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
      const fn = options.fn;
      return builtInBlockHelperMissing.call(this, context, {
        ...options,
        fn: (item: unknown, inner?: Handlebars.RuntimeOptions) => {
          spend();
          return fn(item, inner);
        },
      });
    },
  );
  env.registerHelper('helperMissing', () => {
    throw new TemplateProblem('render', 'The template calls a helper that does not exist.');
  });

  env.registerHelper('date', (value: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as Handlebars.HelperOptions;
    const style = rest[0] === 'short' ? 'short' : 'long';
    const { locale, time_zone } = pageOf(options);
    return formatIn(
      locale,
      style === 'short'
        ? { dateStyle: 'medium', timeZone: time_zone }
        : { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: time_zone },
      value,
    );
  });
  env.registerHelper('time', (value: unknown, options: Handlebars.HelperOptions) => {
    const { locale, time_zone } = pageOf(options);
    return formatIn(locale, { timeStyle: 'short', timeZone: time_zone }, value);
  });
  env.registerHelper('money', (cents: unknown, currency: unknown, options: Handlebars.HelperOptions) => {
    if (typeof cents !== 'number' || !Number.isInteger(cents) || typeof currency !== 'string') return '';
    const { locale } = pageOf(options);
    try {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(cents / 10 ** digits);
    } catch {
      return '';
    }
  });
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('limit', (list: unknown, count: unknown) =>
    Array.isArray(list) && typeof count === 'number' ? list.slice(0, Math.max(0, Math.floor(count))) : [],
  );
  return env;
}

const environment = themeEnvironment();

// Handlebars counts `lookup` and `log` as known unless told otherwise.
const KNOWN_HELPERS: Record<string, boolean> = {
  ...Object.fromEntries([...BUILT_IN_HELPERS, ...Object.keys(THEME_HELPERS)].map((name) => [name, true])),
  lookup: false,
  log: false,
};

const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpers: KNOWN_HELPERS,
  knownHelpersOnly: true,
  preventIndent: true,
};

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function lineOf(node: hbs.AST.Node): number | null {
  return node.loc?.start.line ?? null;
}

/**
 * Refuses what strict mode and known helpers alone let through: partials and decorators (the
 * way to recursion), `@`-data other than loop positions, and paths that reach for an object's
 * machinery (`constructor`, `__proto__`, `prototype`).
 */
function inspect(program: hbs.AST.Program): void {
  const forbiddenSegment = /^(constructor|__proto__|prototype|__defineGetter__|__defineSetter__|__lookupGetter__)$/;
  const allowedData = /^(index|first|last|key|root)$/;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const typed = node as hbs.AST.Node & Record<string, unknown>;
    switch (typed.type) {
      case 'PartialStatement':
      case 'PartialBlockStatement':
        throw new TemplateProblem('forbidden', 'Partials ({{> name}}) cannot be used in a theme.', lineOf(typed));
      case 'DecoratorBlock':
      case 'Decorator':
        throw new TemplateProblem('forbidden', 'Decorators ({{* name}}) cannot be used in a theme.', lineOf(typed));
      case 'PathExpression': {
        const path = typed as unknown as hbs.AST.PathExpression;
        for (const part of path.parts) {
          if (forbiddenSegment.test(part)) {
            throw new TemplateProblem('forbidden', `"${path.original}" cannot be read in a theme.`, lineOf(typed));
          }
        }
        if (path.data && !allowedData.test(path.parts[0] ?? '')) {
          throw new TemplateProblem('forbidden', `"@${path.parts[0]}" is not available in a theme.`, lineOf(typed));
        }
        break;
      }
    }
    for (const [key, value] of Object.entries(typed)) {
      if (key !== 'loc' && value && typeof value === 'object') visit(value);
    }
  };
  visit(program);
}

/** A name a template reads from the section's data (`organizer`, `events`, …), and where. */
export interface RootName {
  name: string;
  line: number | null;
}

/**
 * The names a template reads from the top of its data, for the check to compare with what the
 * section has: inside `each` and `with` the data is the item, and names there are the item's.
 * Strict mode catches a missing name only where it is printed, not where a block iterates it.
 */
export function rootNames(program: hbs.AST.Program): RootName[] {
  const names: RootName[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth);
      return;
    }
    const typed = node as hbs.AST.Node & Record<string, unknown>;
    if (typed.type === 'PathExpression') {
      const path = typed as unknown as hbs.AST.PathExpression;
      const first = path.data ? (path.parts[0] === 'root' ? path.parts[1] : undefined) : path.parts[0];
      const atRoot = path.data ? path.parts[0] === 'root' : path.depth === depth;
      if (first && atRoot) names.push({ name: first, line: lineOf(typed) });
      return;
    }
    if (typed.type === 'BlockStatement') {
      const block = typed as unknown as hbs.AST.BlockStatement;
      const helper = (block.path as hbs.AST.PathExpression).original;
      const changesContext = helper === 'each' || helper === 'with' || block.params.length === 0;
      visit(block.path, depth);
      visit(block.params, depth);
      visit(block.hash, depth);
      visit(block.program, changesContext ? depth + 1 : depth);
      visit(block.inverse, depth);
      return;
    }
    for (const [key, value] of Object.entries(typed)) {
      if (key !== 'loc' && value && typeof value === 'object') visit(value, depth);
    }
  };
  visit(program, 0);
  return names.filter(
    (entry) => !Object.hasOwn(THEME_HELPERS, entry.name) && !BUILT_IN_HELPERS.includes(entry.name as never),
  );
}

export type CompiledSection = (context: SectionContext) => string;

/** A template's syntax tree, or the reason it cannot be read. */
export function parseTemplate(source: string): hbs.AST.Program {
  if (source.length > TEMPLATE_MAX_CHARS) {
    throw new TemplateProblem(
      'too_large',
      `The template is ${source.length.toLocaleString('en-US')} characters; a section may have at most ${TEMPLATE_MAX_CHARS.toLocaleString('en-US')}.`,
    );
  }
  try {
    return Handlebars.parse(source);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] : 'The template cannot be read.';
    const line = cause instanceof Error ? Number(/line (\d+)/i.exec(cause.message)?.[1]) || null : null;
    throw new TemplateProblem('syntax', `The template has a mistake: ${message}`, line);
  }
}

/** A template (its text, or its tree from `parseTemplate`) turned into a render function, or the reason it cannot be. */
export function compileSection(source: string | hbs.AST.Program): CompiledSection {
  const program = typeof source === 'string' ? parseTemplate(source) : source;
  inspect(program);
  let template: HandlebarsTemplateDelegate;
  try {
    template = environment.compile(program, COMPILE_OPTIONS);
    // Compiling is lazy: this surfaces "unknown helper" and similar now, not on a buyer's page.
    environment.precompile(program, COMPILE_OPTIONS);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split('\n')[0] : 'The template cannot be compiled.';
    throw new TemplateProblem('syntax', `The template has a mistake: ${message}`);
  }
  return (context) => {
    budget = { iterations: ITERATION_BUDGET, deadline: performance.now() + RENDER_TIME_LIMIT_MS };
    let html: string;
    try {
      html = template(context, {
        allowProtoPropertiesByDefault: false,
        allowProtoMethodsByDefault: false,
        allowCallsToHelperMissing: false,
      });
    } catch (cause) {
      if (cause instanceof TemplateProblem) throw cause;
      const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new TemplateProblem('render', `The template could not be shown: ${message}`);
    } finally {
      budget = null;
    }
    if (html.length > OUTPUT_MAX_CHARS) {
      throw new TemplateProblem(
        'output_too_large',
        `The section came to ${html.length.toLocaleString('en-US')} characters; at most ${OUTPUT_MAX_CHARS.toLocaleString('en-US')} are shown.`,
      );
    }
    return html;
  };
}
