import fc from 'fast-check';

/**
 * Inputs derived from an OpenAPI document's JSON Schemas: a valid sample of a schema (so that a
 * request is wrong in one place only), and the malformed variants of a value of that schema.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

/** A value to put where a field goes: JSON, or raw JSON text that `JSON.stringify` cannot make. */
export type Mutation = { label: string; value: unknown } | { label: string; rawJson: string };

/** Where in a body a value goes: property names and array indexes. */
export type FieldPath = (string | number)[];

export class SchemaInputs {
  constructor(
    private readonly shared: Record<string, JsonSchema>,
    /** Known-good values by field name (ids of fixtures, a ticket's code, a password …). */
    private readonly known: (name: string, schema: JsonSchema) => unknown,
  ) {}

  /** Follows `$ref`s and `allOf`s to the schema that says what the value is. */
  resolve(schema: JsonSchema | undefined): JsonSchema {
    let node = schema ?? {};
    for (let hops = 0; node.$ref && hops < 20; hops++) node = this.shared[node.$ref.split('/').at(-1) ?? ''] ?? {};
    if (node.allOf) return Object.assign({}, ...node.allOf.map((part) => this.resolve(part)), { allOf: undefined });
    return node;
  }

  /** The types a value may have, null aside. */
  typesOf(schema: JsonSchema): string[] {
    const node = this.resolve(schema);
    const branch = (node.anyOf ?? node.oneOf)?.map((part) => this.resolve(part));
    if (branch) return [...new Set(branch.flatMap((part) => this.typesOf(part)))];
    const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
    return types.filter((type) => type !== 'null');
  }

  nullable(schema: JsonSchema): boolean {
    const node = this.resolve(schema);
    const branch = node.anyOf ?? node.oneOf;
    if (branch) return branch.some((part) => this.nullable(part));
    return (Array.isArray(node.type) && node.type.includes('null')) || (node.enum?.includes(null) ?? false);
  }

  /** A value the schema accepts, preferring known values for named fields. Optional fields are left out. */
  sample(schema: JsonSchema | undefined, name = ''): unknown {
    const node = this.resolve(schema);
    const known = this.known(name, node);
    if (known !== undefined && this.fits(known, node)) return known;
    if (node.const !== undefined) return node.const;
    if (node.enum) return node.enum.find((value) => value !== null);
    const branch = node.anyOf ?? node.oneOf;
    if (branch) {
      const first = branch.map((part) => this.resolve(part)).find((part) => this.typesOf(part).length > 0);
      return first ? this.sample(first, name) : null;
    }
    switch (this.typesOf(node)[0]) {
      case 'string':
        return sampleString(node, name);
      case 'integer':
      case 'number':
        return Math.min(Math.max(node.minimum ?? 1, 1), node.maximum ?? Number.MAX_SAFE_INTEGER);
      case 'boolean':
        return false;
      case 'array':
        return Array.from({ length: Math.max(node.minItems ?? 0, 1) }, () => this.sample(node.items, singular(name)));
      case 'object':
        return this.sampleObject(node);
      default:
        return null;
    }
  }

  /** Whether a known value has the type, and where it has one the pattern, the schema asks for. */
  private fits(value: unknown, node: JsonSchema): boolean {
    const types = this.typesOf(node);
    const type = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'integer' : typeof value;
    if (types.length > 0 && !types.includes(type) && !(type === 'integer' && types.includes('number'))) return false;
    return typeof value !== 'string' || !node.pattern || new RegExp(node.pattern).test(value);
  }

  /**
   * The required fields, the optional ones this world knows a value for, and lists of objects
   * (a cart's tickets, an event's tiers) with one item, so that what follows them is reached too.
   */
  private sampleObject(node: JsonSchema): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    for (const [field, child] of Object.entries(node.properties ?? {})) {
      const resolved = this.resolve(child);
      const listOfObjects =
        this.typesOf(resolved).includes('array') && this.typesOf(resolved.items ?? {}).includes('object');
      const known = this.known(field, resolved);
      if (node.required?.includes(field) || listOfObjects || (known !== undefined && this.fits(known, resolved))) {
        value[field] = this.sample(child, field);
      }
    }
    for (const field of Object.keys(node.properties ?? {})) {
      if (Object.keys(value).length >= (node.minProperties ?? 0)) break;
      value[field] ??= this.sample(node.properties?.[field], field);
    }
    if (typeof node.additionalProperties === 'object' && Object.keys(value).length < (node.minProperties ?? 1)) {
      value.en = this.sample(node.additionalProperties, 'en');
    }
    return value;
  }

  /**
   * Every field of a body schema, nested objects and array items included, with its schema and
   * where it sits. Array items are reached through index 0.
   */
  fields(schema: JsonSchema | undefined, path: FieldPath = [], depth = 0): { path: FieldPath; schema: JsonSchema }[] {
    const node = this.resolve(schema);
    if (depth > 6) return [];
    const found: { path: FieldPath; schema: JsonSchema }[] = [];
    const types = this.typesOf(node);
    if (types.includes('object')) {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        found.push({ path: [...path, name], schema: child });
        found.push(...this.fields(child, [...path, name], depth + 1));
      }
      if (typeof node.additionalProperties === 'object') {
        found.push({ path: [...path, 'en'], schema: node.additionalProperties });
      }
    }
    if (types.includes('array') && node.items) {
      found.push({ path: [...path, 0], schema: node.items });
      found.push(...this.fields(node.items, [...path, 0], depth + 1));
    }
    return found;
  }

  /** A copy of `body` with `value` at `path`, creating the parents it passes through from their schemas. */
  place(root: JsonSchema, body: unknown, path: FieldPath, value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path as [string | number, ...FieldPath];
    const node = this.resolve(root);
    const childSchema =
      typeof head === 'number'
        ? (node.items ?? {})
        : (node.properties?.[head] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : {}));
    if (typeof head === 'number') {
      const list = Array.isArray(body) ? [...body] : [];
      const current = list[head] ?? this.sample(childSchema);
      list[head] = this.place(childSchema, current, rest, value);
      return list;
    }
    const object = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
    const current = (object as Record<string, unknown>)[head] ?? this.sample(childSchema, head);
    (object as Record<string, unknown>)[head] = this.place(childSchema, current, rest, value);
    return object;
  }

  /** Malformed values for a field of `schema`: wrong types, text that cannot be stored, values past its bounds. */
  mutations(schema: JsonSchema): Mutation[] {
    const node = this.resolve(schema);
    const types = this.typesOf(node);
    const out: Mutation[] = [];
    const add = (label: string, value: unknown) => out.push({ label, value });
    if (!this.nullable(node)) add('null', null);
    if (!types.includes('string')) add('a string', 'seventeen');
    if (!types.includes('integer') && !types.includes('number')) add('a number', 12345);
    if (!types.includes('boolean')) add('a boolean', true);
    if (!types.includes('array')) add('an array', [this.sample(node)]);
    if (!types.includes('object')) add('an object', { value: 1 });

    if (types.includes('string')) {
      add('NUL inside', 'a\u0000b');
      add('half a surrogate pair', 'a\ud800b');
      add('over its length', 'x'.repeat((node.maxLength ?? 4096) + 1));
      if ((node.maxLength ?? 0) < 100_000) add('100,000 characters', 'é'.repeat(100_000));
      if ((node.minLength ?? 0) > 0) add('empty', '');
      if (node.enum) add('not one of its values', 'not-a-listed-value');
      if (node.format === 'uuid') {
        add('not an id', 'not-a-uuid');
        add('an id of nothing', '00000000-0000-4000-8000-000000000000');
      }
      if (node.format === 'date-time') {
        add('not a time', 'yesterday');
        add('a time past the calendar', '275760-09-13T00:00:00.001Z');
        add('an impossible date', '2030-02-30T25:61:00Z');
      }
      if (node.format === 'email') add('not an email', 'not-an-email');
      if (node.format === 'uri') add('not an address', 'javascript:alert(1)');
      if (node.pattern) add('off its pattern', '!!! not matching !!!');
    }
    if (types.includes('integer') || types.includes('number')) {
      if (node.minimum !== undefined) add('below its minimum', node.minimum - 1);
      if (node.maximum !== undefined) add('above its maximum', node.maximum + 1);
      add('past a 32-bit column', 2 ** 31);
      add('past a 64-bit column', 2 ** 63);
      add('huge', 1e308);
      add('negative', -(2 ** 31) - 1);
      if (types.includes('integer')) add('a fraction', 1.5);
      out.push({ label: 'a number JSON cannot hold exactly', rawJson: '123456789012345678901234567890' });
    }
    if (types.includes('array')) {
      add(
        'too many items',
        Array.from({ length: (node.maxItems ?? 1000) + 1 }, () => this.sample(node.items)),
      );
      add('an item of the wrong type', [{ wrong: true }, 'x', 7]);
    }
    if (types.includes('object')) {
      const sample = this.sample(node) as Record<string, unknown>;
      if (node.additionalProperties === false) add('an unknown field', { ...sample, not_a_field: 1 });
      else add('a key it does not take', { ...sample, 'Not A Key': 'x' });
      out.push({ label: 'a __proto__ key', rawJson: protoJson(sample, '__proto__') });
      out.push({ label: 'a constructor.prototype key', rawJson: protoJson(sample, 'constructor') });
      if (node.maxProperties !== undefined) {
        add(
          'too many entries',
          Object.fromEntries(Array.from({ length: node.maxProperties + 1 }, (_, i) => [`k${i}`, 'x'])),
        );
      }
    }
    return out;
  }
}

/** The name of one item of a list field: `tier_ids` → `tier_id`, `tickets` → `ticket`. */
function singular(name: string): string {
  return name.endsWith('ids') ? name.slice(0, -1) : name.replace(/s$/, '');
}

function protoJson(sample: Record<string, unknown>, key: '__proto__' | 'constructor'): string {
  const inner = key === '__proto__' ? '{"polluted": true}' : '{"prototype": {"polluted": true}}';
  const rest = JSON.stringify(sample).slice(1);
  return `{"${key}": ${inner}${rest === '}' ? '}' : `, ${rest}`}`;
}

function sampleString(node: JsonSchema, name: string): string {
  switch (node.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    case 'email':
      return `${name || 'someone'}-fuzz@example.org`.replace(/[^a-z0-9@.-]/gi, '');
    case 'date-time':
      return new Date(Date.now() + 30 * 86_400_000 + (name.startsWith('end') ? 3_600_000 : 0)).toISOString();
    case 'date':
      return '2031-01-01';
    case 'uri':
      return 'https://example.org/fuzz';
  }
  const min = node.minLength ?? 1;
  const max = node.maxLength ?? 64;
  if (node.pattern) {
    const pattern = new RegExp(node.pattern);
    const candidates = fc.sample(fc.stringMatching(pattern), { numRuns: 50, seed: 7 });
    const fits = candidates.find((text) => text.length >= min && text.length <= max && pattern.test(text));
    if (fits) return fits;
  }
  return 'Fuzz'.padEnd(Math.min(Math.max(min, 4), max), 'z').slice(0, max);
}
