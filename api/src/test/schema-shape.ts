import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import ts from 'typescript';

/*
 * schema.ts against a migrated database. Its side is read with the TypeScript compiler rather
 * than regenerated with kysely-codegen and diffed: schema.ts is written by hand with helpers of
 * its own (`Defaulted<T>`, `Json<T>`, typed JSON such as `LocalizedText`, unions for checked text
 * columns) that codegen would never print the same way, so only the types as the code sees them
 * (`Selectable`, `Insertable`) can be compared, and the compiler gives exactly those.
 */

/**
 * What a column holds as the application sees it, in the terms both sides can be compared in:
 * node-postgres decides the JavaScript value of a database type (a bigint arrives as a string, a
 * timestamptz as a Date, a date as its text: db/database.ts), and schema.ts must say the same.
 */
export type ValueFamily =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'Date' }
  | { kind: 'Buffer' }
  | { kind: 'json' }
  /** Text limited to these values (a check constraint in the database, a union of literals in TypeScript). */
  | { kind: 'enum'; values: string[] }
  | { kind: 'array'; of: ValueFamily }
  | { kind: 'unknown'; what: string };

export interface ColumnShape {
  family: ValueFamily;
  nullable: boolean;
  /**
   * On insert: `required` (no default: an insert must give it), `optional` (a default or null),
   * `never` (the database computes it and refuses a value).
   */
  insert: 'required' | 'optional' | 'never';
  /** How the database declares it, for messages (`bigint`, `text[]`); absent on the TypeScript side. */
  declared?: string;
}

export type SchemaShape = Record<string, Record<string, ColumnShape>>;

const DB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'db');
export const SCHEMA_FILE = join(DB_DIR, 'schema.ts');

// ---------------------------------------------------------------------------------------------
// The database side

const NUMBER_TYPES = new Set(['int2', 'int4', 'oid', 'float4', 'float8']);
const STRING_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'name',
  'uuid',
  'citext',
  'tsvector',
  'inet',
  'cidr',
  'time',
  'timetz',
  // node-postgres leaves these as text so no precision is lost.
  'int8',
  'numeric',
  'xid8',
]);

function familyOfDatabaseType(name: string): ValueFamily {
  if (NUMBER_TYPES.has(name)) return { kind: 'number' };
  if (STRING_TYPES.has(name)) return { kind: 'string' };
  if (name === 'bool') return { kind: 'boolean' };
  if (name === 'timestamptz' || name === 'timestamp') return { kind: 'Date' };
  if (name === 'date') return { kind: 'string' };
  if (name === 'json' || name === 'jsonb') return { kind: 'json' };
  if (name === 'bytea') return { kind: 'Buffer' };
  return { kind: 'unknown', what: name };
}

/** `CHECK ((plan = ANY (ARRAY['basic'::text, 'pro'::text])))` or `CHECK ((methods <@ ARRAY['cash'::text]))`. */
const VALUE_LIST_CHECK = /^CHECK \(\(\(?(\w+)\)? (?:= ANY \(ARRAY\[(.+)\]\)|<@ ARRAY\[(.+)\])\)\)$/;
const SINGLE_VALUE_CHECK = /^CHECK \(\((\w+) = ('(?:[^']|'')*'::\w+)\)\)$/;

function valuesOfCheck(definition: string): { column: string; values: string[] } | null {
  const list = VALUE_LIST_CHECK.exec(definition);
  const single = list ? null : SINGLE_VALUE_CHECK.exec(definition);
  const column = list?.[1] ?? single?.[1];
  const literals = list?.[2] ?? list?.[3] ?? single?.[2];
  if (!column || !literals) return null;
  const values = [...literals.matchAll(/'((?:[^']|'')*)'::\w+/g)].map((match) =>
    (match[1] as string).replace(/''/g, "'"),
  );
  return { column, values };
}

/** Every table of the public schema (but the migrations' own), as node-postgres hands its columns over. */
export async function databaseShape(client: pg.Client | pg.Pool): Promise<SchemaShape> {
  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    declared: string;
    type_name: string;
    element_type: string | null;
    nullable: boolean;
    has_default: boolean;
    identity: string;
    generated: string;
  }>(`
    select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as declared,
           coalesce(base.typname, t.typname) as type_name, element.typname as element_type,
           not a.attnotnull as nullable, a.atthasdef as has_default,
           a.attidentity as identity, a.attgenerated as generated
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join pg_type base on base.oid = t.typbasetype and t.typtype = 'd'
    left join pg_type element on element.oid = coalesce(base.typelem, t.typelem) and coalesce(base.typcategory, t.typcategory) = 'A'
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      and c.relname <> 'schema_migrations'
    order by c.relname, a.attnum`);
  const { rows: checks } = await client.query<{ table_name: string; definition: string }>(`
    select c.relname as table_name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'c' and cardinality(k.conkey) = 1`);

  const allowed = new Map<string, string[]>();
  for (const check of checks) {
    const found = valuesOfCheck(check.definition);
    if (!found) continue;
    const key = `${check.table_name}.${found.column}`;
    // Two such checks on one column both hold: only values in both are allowed.
    const before = allowed.get(key);
    allowed.set(key, before ? before.filter((value) => found.values.includes(value)) : found.values);
  }

  const shape: SchemaShape = {};
  for (const column of columns) {
    const values = allowed.get(`${column.table_name}.${column.column_name}`);
    const asValue = (typeName: string): ValueFamily => {
      const family = familyOfDatabaseType(typeName);
      return values && family.kind === 'string' ? { kind: 'enum', values: [...values].sort() } : family;
    };
    const family: ValueFamily = column.element_type
      ? { kind: 'array', of: asValue(column.element_type) }
      : asValue(column.type_name);
    shape[column.table_name] ??= {};
    (shape[column.table_name] as Record<string, ColumnShape>)[column.column_name] = {
      family,
      nullable: column.nullable,
      // An identity column refuses a value only without OVERRIDING SYSTEM VALUE; `Generated<…>`
      // (optional on insert) is how Kysely declares it.
      insert:
        column.generated === 's'
          ? 'never'
          : column.has_default || column.identity !== '' || column.nullable
            ? 'optional'
            : 'required',
      declared: column.declared,
    };
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------
// The TypeScript side

const PROBE_FILE = join(DB_DIR, '__schema_probe__.ts');
const PROBE = `
import type { Insertable, Selectable } from 'kysely';
import type { Database } from './schema.ts';
export type Selected = { [T in keyof Database]: Selectable<Database[T]> };
export type Inserted = { [T in keyof Database]: Insertable<Database[T]> };
`;

/**
 * The `Database` interface of schema.ts as Kysely reads it: each column's selected type and
 * whether an insert must give it, read with the TypeScript compiler (so `Generated<…>`,
 * `ColumnType<…>` and any helper alias resolve exactly as they do for the code).
 * `schemaSource` replaces the file's text, for testing the comparison.
 */
export function declaredShape(schemaSource?: string): SchemaShape {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const sources: Record<string, string> = { [PROBE_FILE]: PROBE };
  if (schemaSource !== undefined) sources[SCHEMA_FILE] = schemaSource;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = sources[fileName];
    return text !== undefined
      ? ts.createSourceFile(fileName, text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName in sources || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => sources[fileName] ?? readFile(fileName);

  const program = ts.createProgram([PROBE_FILE], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0) {
    throw new Error(ts.formatDiagnostics(problems, { ...host, getNewLine: () => '\n' }));
  }
  const checker = program.getTypeChecker();
  const probe = program.getSourceFile(PROBE_FILE) as ts.SourceFile;
  const exported = (name: string) => {
    const symbol = checker
      .getExportsOfModule(checker.getSymbolAtLocation(probe) as ts.Symbol)
      .find((s) => s.name === name);
    return checker.getDeclaredTypeOfSymbol(symbol as ts.Symbol);
  };
  const selected = exported('Selected');
  const inserted = exported('Inserted');

  const shape: SchemaShape = {};
  for (const tableSymbol of checker.getPropertiesOfType(selected)) {
    const tableType = checker.getTypeOfSymbol(tableSymbol);
    const insertType = checker.getTypeOfSymbol(checker.getPropertyOfType(inserted, tableSymbol.name) as ts.Symbol);
    const table: Record<string, ColumnShape> = {};
    for (const columnSymbol of checker.getPropertiesOfType(tableType)) {
      const type = checker.getTypeOfSymbol(columnSymbol);
      const members = type.isUnion() ? type.types : [type];
      const nullable = members.some((member) => member.flags & ts.TypeFlags.Null);
      const rest = members.filter((member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      const onInsert = checker.getPropertyOfType(insertType, columnSymbol.name);
      table[columnSymbol.name] = {
        family: familyOfTypes(checker, rest),
        nullable,
        insert: !onInsert ? 'never' : onInsert.flags & ts.SymbolFlags.Optional ? 'optional' : 'required',
      };
    }
    shape[tableSymbol.name] = table;
  }
  return shape;
}

function familyOfTypes(checker: ts.TypeChecker, types: readonly ts.Type[]): ValueFamily {
  if (types.length > 0 && types.every((type) => type.isStringLiteral())) {
    return { kind: 'enum', values: types.map((type) => (type as ts.StringLiteralType).value).sort() };
  }
  if (types.length > 0 && types.every((type) => type.flags & ts.TypeFlags.BooleanLike)) return { kind: 'boolean' };
  if (types.length !== 1) return { kind: 'unknown', what: types.map((type) => checker.typeToString(type)).join(' | ') };
  const type = types[0] as ts.Type;
  if (type.flags & ts.TypeFlags.StringLike) return { kind: 'string' };
  if (type.flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
  if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { kind: 'json' };
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    const elements = element?.isUnion() ? element.types : element ? [element] : [];
    return { kind: 'array', of: familyOfTypes(checker, elements) };
  }
  const name = type.getSymbol()?.name;
  if (name === 'Date') return { kind: 'Date' };
  if (name === 'Buffer') return { kind: 'Buffer' };
  if (type.flags & ts.TypeFlags.Object) return { kind: 'json' };
  return { kind: 'unknown', what: checker.typeToString(type) };
}

// ---------------------------------------------------------------------------------------------
// The comparison

export function describeFamily(family: ValueFamily): string {
  switch (family.kind) {
    case 'enum':
      return family.values.map((value) => `'${value}'`).join(' | ');
    case 'array':
      return `${family.of.kind === 'enum' ? `(${describeFamily(family.of)})` : describeFamily(family.of)}[]`;
    case 'unknown':
      return `${family.what} (not a type this check knows)`;
    default:
      return family.kind;
  }
}

function sameFamily(database: ValueFamily, declared: ValueFamily): boolean {
  // A type this check cannot place agrees with nothing, so a new kind of column is looked at.
  if (database.kind === 'unknown' || declared.kind === 'unknown') return false;
  // JSON holds any value, so any object, array or `unknown` type may stand for it.
  if (database.kind === 'json') return declared.kind === 'json' || declared.kind === 'array';
  if (database.kind === 'array') return declared.kind === 'array' && sameFamily(database.of, declared.of);
  if (database.kind === 'enum') {
    return declared.kind === 'enum' && JSON.stringify(database.values) === JSON.stringify(declared.values);
  }
  return database.kind === declared.kind;
}

/**
 * Every way the declared types differ from the database, one readable line each (empty when they
 * agree). The database is the truth: the lines say what schema.ts should say.
 */
export function compareShapes(database: SchemaShape, declared: SchemaShape): string[] {
  const lines: string[] = [];
  for (const table of Object.keys(database).sort()) {
    const columns = database[table] as Record<string, ColumnShape>;
    const types = declared[table];
    if (!types) {
      lines.push(`${table}: a table in the database that the Database interface of schema.ts lacks`);
      continue;
    }
    for (const [name, column] of Object.entries(columns)) {
      const where = `${table}.${name}`;
      const type = types[name];
      const inDatabase = `${column.declared}${column.nullable ? '' : ' not null'}`;
      if (!type) {
        lines.push(`${where}: a column in the database (${inDatabase}) that schema.ts lacks`);
        continue;
      }
      if (!sameFamily(column.family, type.family)) {
        lines.push(
          `${where}: schema.ts reads it as ${describeFamily(type.family)}, but the database (${inDatabase}) gives ${describeFamily(column.family)}`,
        );
      }
      if (column.nullable !== type.nullable) {
        lines.push(
          column.nullable
            ? `${where}: the database allows null (${inDatabase}), but schema.ts does not include null`
            : `${where}: the database says not null (${inDatabase}), but schema.ts includes null`,
        );
      }
      // A nullable column is optional on insert in Kysely, so a null rule that differs says it already.
      if (column.nullable === type.nullable && column.insert === 'required' && type.insert !== 'required') {
        lines.push(
          `${where}: an insert must give it (not null, no default), but schema.ts makes it ${type.insert === 'never' ? 'impossible to insert' : 'optional on insert'}`,
        );
      }
      if (column.insert === 'never' && type.insert !== 'never') {
        lines.push(`${where}: the database computes it and refuses a value, but schema.ts lets an insert give one`);
      }
    }
    for (const name of Object.keys(types)) {
      if (!(name in columns)) lines.push(`${table}.${name}: in schema.ts, but the database has no such column`);
    }
  }
  for (const table of Object.keys(declared).sort()) {
    if (!(table in database)) lines.push(`${table}: in the Database interface of schema.ts, but not in the database`);
  }
  return lines;
}

/** The text of schema.ts, for tests that change it. */
export function schemaSource(): string {
  return readFileSync(SCHEMA_FILE, 'utf8');
}
