import { intlLocale } from '@accessplus/i18n';
import { type ApiFailure, fieldErrors } from './api-errors';
import type { ApiErrorDetail } from './api-types';
import { formatMoney } from './format';
import { messagesFor } from './messages';

/**
 * How a form shows a number the API takes in another unit: a percentage for basis points
 * (`percent_bp`, 250 = 2.5%) or parts per million (`percent_ppm`, 88750 = 8.875%), an amount of
 * money for minor units (`money`, 150 = $1.50).
 */
export type FormUnit = 'percent_bp' | 'percent_ppm' | 'money';

export interface FormField {
  /** The input's name and id in the form. */
  input: string;
  /** What the form calls the field; it begins the API's short messages ("must be 50% or less"). */
  label: string;
  unit?: FormUnit;
  /** The API's messages about this field in the form's words; tried before the form's own. */
  rewrites?: readonly Rewrite[];
}

/** A problem with what a person typed, as the form shows it beside the input. */
export interface FormProblem {
  /** The input it is about, or null when it is about the form as a whole. */
  input: string | null;
  label: string;
  message: string;
}

/** A sentence of the API's that names its own fields, and the same sentence in the form's words. */
export type Rewrite = [pattern: RegExp, replacement: string];

export interface FormErrorOptions {
  /** The currency of `money` fields. */
  currency?: string;
  rewrites?: readonly Rewrite[];
  /**
   * The reader's language (`locals.locale`), for the sentences the form words itself about a
   * field's unit and the amounts in them; English without it.
   */
  locale?: string;
}

/** A percentage as people type it: 2.5 for 250 basis points, 8.875 for 88750 parts per million. */
export function percentOf(value: number, unit: 'percent_bp' | 'percent_ppm'): string {
  const scale = unit === 'percent_bp' ? 100 : 10_000;
  const digits = unit === 'percent_bp' ? 2 : 4;
  return String(Number((value / scale).toFixed(digits)));
}

function inUnit(value: number, unit: FormUnit, currency: string, locale: string | undefined): string {
  if (unit === 'money') return locale ? formatMoney(value, currency, intlLocale(locale)) : formatMoney(value, currency);
  if (!locale) return `${percentOf(value, unit)}%`;
  const fraction = value / (unit === 'percent_bp' ? 10_000 : 1_000_000);
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'percent',
    maximumFractionDigits: 4,
    useGrouping: false,
  }).format(fraction);
}

/**
 * The API's short message about a field in the form's unit, as a whole sentence naming the field:
 * the limits of its short messages ("must be 5000 or less") are numbers in the API's unit, which
 * mean nothing beside a field asking for a percentage. Null for any other message.
 */
function inFormUnit(
  message: string,
  field: FormField | undefined,
  currency: string,
  locale: string | undefined,
): string | null {
  if (!field?.unit) return null;
  const t = messagesFor(locale);
  const limit = /^must be (-?\d+) or (less|more)$/.exec(message);
  let sentence: string | null = null;
  if (limit) {
    const formatted = inUnit(Number(limit[1]), field.unit, currency, locale);
    sentence =
      limit[2] === 'less'
        ? t.account_fieldAtMost({ field: field.label, limit: formatted })
        : t.account_fieldAtLeast({ field: field.label, limit: formatted });
  } else if (message === 'must be an integer') {
    sentence =
      field.unit === 'money'
        ? t.account_fieldWholeCents({ field: field.label })
        : t.account_fieldNumber({ field: field.label });
  }
  return sentence && `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
}

/** A message beside its field reads as a sentence: the API's short ones begin with the field's name. */
export function asSentence(label: string, message: string): string {
  const begun = /^[a-z]/.test(message) ? (label ? `${label} ${message}` : message) : message;
  const sentence = `${begun.charAt(0).toUpperCase()}${begun.slice(1)}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function rewritten(message: string, rewrites: readonly Rewrite[]): string {
  for (const [pattern, replacement] of rewrites) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message;
}

/** The form field an API field is about: `locales.2` is the form's `locales`. */
function fieldOf(name: string, fields: Readonly<Record<string, FormField>>): FormField | undefined {
  const parts = name.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const field = fields[parts.slice(0, length).join('.')];
    if (field) return field;
  }
  return undefined;
}

/**
 * The API's per-field messages on the form's own inputs, in its own units and words, as
 * sentences. `fields` is keyed by the API's field names (`service_fee_flat_cents`); the first
 * problem of an input wins, and one about no input of the form is kept for the summary.
 */
export function formProblems(
  details: readonly ApiErrorDetail[],
  fields: Readonly<Record<string, FormField>>,
  { currency = 'USD', rewrites = [], locale }: FormErrorOptions = {},
): FormProblem[] {
  const problems: FormProblem[] = [];
  for (const [name, message] of Object.entries(fieldErrors(details))) {
    const field = fieldOf(name, fields);
    if (field && problems.some((problem) => problem.input === field.input)) continue;
    const inUnits = inFormUnit(message, field, currency, locale);
    const said = inUnits ?? rewritten(message, [...(field?.rewrites ?? []), ...rewrites]);
    problems.push({
      input: field?.input ?? null,
      label: field?.label ?? '',
      message: inUnits ?? asSentence(field?.label ?? '', said),
    });
  }
  return problems;
}

/** What a refused form returns: the API's sentence, rewritten in the form's words, and its field problems. */
export function refusal(
  failure: ApiFailure,
  fields: Readonly<Record<string, FormField>>,
  options: FormErrorOptions = {},
) {
  const problems = formProblems(failure.details, fields, options);
  return { message: rewritten(failure.message, options.rewrites ?? []), problems };
}

/** The problems by input, for the messages beside the fields. */
export function problemsByInput(problems: readonly FormProblem[] | undefined): Record<string, string> {
  const byInput: Record<string, string> = {};
  for (const problem of problems ?? []) if (problem.input) byInput[problem.input] ??= problem.message;
  return byInput;
}

/** The problems' sentences by input, straight from the API's details: what a form shows beside each field. */
export function fieldMessages(
  details: readonly ApiErrorDetail[],
  fields: Readonly<Record<string, FormField>>,
  options: FormErrorOptions = {},
): Record<string, string> {
  return problemsByInput(formProblems(details, fields, options));
}

/** Messages by input name as the summary lists them, each linking to its input's id (dots become hyphens). */
export function problemsOf(errors: Readonly<Record<string, string>>, idPrefix = ''): FormProblem[] {
  return Object.entries(errors).map(([name, message]) => ({
    input: `${idPrefix}${name.replaceAll('.', '-')}`,
    label: '',
    message,
  }));
}
