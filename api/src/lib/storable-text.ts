import type { ErrorObject } from 'ajv';

export const UNSTORABLE_TEXT = 'unstorableText';

/** Deeper than any request needs: a body nested past it is refused before anything walks it. */
const MAX_DEPTH = 32;

/**
 * PostgreSQL cannot store U+0000 in text at all, and half of a UTF-16 surrogate pair is not a
 * character: encoded for the database it would silently become U+FFFD. Both are refused where
 * they arrive, naming the field, instead of failing deep in a query. The walk keeps its own
 * stack, so no nesting, however deep, can exhaust the call stack.
 */
export function unstorableText(data: unknown, found: ErrorObject[] = []): ErrorObject[] {
  const pending: [value: unknown, path: string, depth: number][] = [[data, '', 0]];
  while (pending.length > 0 && found.length < 20) {
    const [value, path, depth] = pending.pop() as [unknown, string, number];
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) found.push(issue(path, problem));
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        found.push(issue(path, `nests more than ${MAX_DEPTH} levels deep`));
        continue;
      }
      for (const [key, item] of Object.entries(value).reverse()) {
        const problem = textProblem(key);
        if (problem) found.push(issue(path, `has a key that ${problem.replace(/^must not contain/, 'contains')}`));
        else pending.push([item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
      }
    }
  }
  return found;
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'must not contain half of a surrogate pair: send valid Unicode text';
  return null;
}

function issue(instancePath: string, message: string): ErrorObject {
  return { keyword: UNSTORABLE_TEXT, instancePath, schemaPath: '#', params: {}, message };
}
