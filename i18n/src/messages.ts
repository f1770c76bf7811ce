/**
 * Paraglide's compiled message functions, bound to one language for an app's pages: a message
 * without inputs is its text, one with inputs a function of them (`t.soldOut`,
 * `t.ticketsLeft({ count })`).
 */
// biome-ignore lint/suspicious/noExplicitAny: a message's inputs are whatever its catalogue declares.
type MessageFunction = (inputs: any, options: any) => string;
type Inputs<F extends MessageFunction> = Parameters<F>[0];

export type BoundMessages<Catalogue extends Record<string, MessageFunction>> = {
  [K in keyof Catalogue]: keyof Inputs<Catalogue[K]> extends never ? string : (inputs: Inputs<Catalogue[K]>) => string;
};

/** The values of a status the catalogue words one message each (`orderStatus_paid` → `paid`). */
export type StatusOf<Messages, Prefix extends string> = keyof Messages extends infer K
  ? K extends `${Prefix}_${infer Value}`
    ? Value
    : never
  : never;

/** Messages that take inputs: in the English catalogues, a text with a `{placeholder}` or one with variants. */
export function messagesWithInputs(english: readonly Record<string, unknown>[]): Set<string> {
  return new Set(
    english.flatMap((catalogue) =>
      Object.entries(catalogue)
        .filter(([key, text]) => !key.startsWith('$') && (typeof text !== 'string' || /\{\w+\}/.test(text)))
        .map(([key]) => key),
    ),
  );
}

/** Every message of `catalogue` in `locale`: texts rendered once, messages with inputs as functions. */
export function bindMessages<Catalogue extends Record<string, MessageFunction>, Locale extends string>(
  catalogue: Catalogue,
  withInputs: ReadonlySet<string>,
  locale: Locale,
): BoundMessages<Catalogue> {
  const entries = Object.entries(catalogue).map(([key, message]) => {
    const text = withInputs.has(key)
      ? (inputs: Record<string, unknown>) => message(inputs, { locale })
      : message({}, { locale });
    return [key, text];
  });
  return Object.fromEntries(entries) as BoundMessages<Catalogue>;
}
