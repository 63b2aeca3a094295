/**
 * The Schema model as a valibot schema: how a snapshot read from disk (or any JSON claiming to be
 * a Schema) is checked before use. Shape first (strict objects: an unknown key is an error), then
 * the table-internal consistency the rest of alab relies on (names, column references).
 */
import * as v from "valibot";
import { AlabError } from "../errors";
import { expressionProblem, unsafeExpression } from "../sql/expression";
import { rawTypeProblem } from "../sql/raw-type";
import { IDENTIFIER, sqlNameOf } from "./names";
import { isSchemaShape } from "./schema-check";
import type { Literal, Schema } from "./types";

const Identifier = v.pipe(v.string(), v.regex(IDENTIFIER, "expected an identifier (^[a-z_][a-z0-9_]*$)"), v.maxLength(63));
const TableRef = v.pipe(v.string(), v.regex(/^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/, 'expected a table ref ("ns.table" or "table")'));
const PositiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const NonNegativeInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const FiniteNumber = v.pipe(v.number(), v.finite());

export const LiteralSchema: v.GenericSchema<Literal> = v.lazy(() =>
  v.union([v.null(), v.string(), FiniteNumber, v.boolean(), v.array(LiteralSchema), v.record(v.string(), LiteralSchema)]),
);

const bare = <K extends string>(kind: K) => v.strictObject({ kind: v.literal(kind) });

/** Whole-number kinds carry `unsigned: true` only when set, so a type has one spelling. */
const whole = <K extends string>(kind: K) => v.strictObject({ kind: v.literal(kind), unsigned: v.exactOptional(v.literal(true)) });

const ColumnTypeVariant = v.variant("kind", [
  bare("uuid"),
  v.strictObject({ kind: v.literal("string"), length: PositiveInt }),
  v.strictObject({ kind: v.literal("char"), length: PositiveInt }),
  bare("text"),
  whole("smallint"),
  whole("integer"),
  whole("bigint"),
  v.strictObject({ kind: v.literal("serial"), unsigned: v.exactOptional(v.literal(true)), identity: v.exactOptional(v.literal("always")) }),
  v.strictObject({ kind: v.literal("bigserial"), unsigned: v.exactOptional(v.literal(true)), identity: v.exactOptional(v.literal("always")) }),
  bare("float"),
  v.strictObject({ kind: v.literal("decimal"), precision: v.exactOptional(PositiveInt), scale: v.exactOptional(NonNegativeInt) }),
  bare("boolean"),
  bare("date"),
  bare("time"),
  bare("datetime"),
  v.strictObject({ kind: v.literal("timestamp"), timezone: v.boolean(), precision: v.exactOptional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6))) }),
  bare("json"),
  bare("base64"),
  bare("binary"),
  v.strictObject({ kind: v.literal("enum"), values: v.pipe(v.array(v.string()), v.minLength(1, "an enum needs at least one value")) }),
  v.strictObject({ kind: v.literal("native_enum"), name: Identifier, values: v.pipe(v.array(v.string()), v.minLength(1, "an enum needs at least one value")) }),
  v.strictObject({ kind: v.literal("sql_type"), sql: v.pipe(v.string(), v.check((s) => rawTypeProblem(s) === undefined, "expected a plain SQL type name")) }),
]);

/**
 * The variant, reached through its option for the input's kind: valibot's variant tries every
 * option's discriminator in turn and records an issue (with its message) for each that does not
 * match, which was most of reading a 500-table snapshot. Input of no known kind goes to the
 * variant itself, so a bad snapshot gets the same message as before.
 */
const TYPE_BY_KIND = new Map(ColumnTypeVariant.options.map((o) => [o.entries.kind.literal as string, o]));
export const ColumnTypeSchema = v.lazy((input: unknown) => {
  const kind = typeof input === "object" && input !== null ? (input as { kind?: unknown }).kind : undefined;
  return (typeof kind === "string" ? TYPE_BY_KIND.get(kind) : undefined) ?? ColumnTypeVariant;
});

export const ColumnDefaultSchema = v.variant("kind", [
  v.strictObject({ kind: v.literal("literal"), value: LiteralSchema }),
  v.strictObject({ kind: v.literal("expr"), expr: v.picklist(["now", "uuid"]) }),
  v.strictObject({
    kind: v.literal("sql"),
    sql: v.pipe(
      v.strictObject({ postgres: v.exactOptional(v.string()), mysql: v.exactOptional(v.string()), sqlite: v.exactOptional(v.string()) }),
      v.check((o) => Object.keys(o).length > 0, "expected SQL for at least one database"),
    ),
  }),
]);

const GENERATED_FNS = ["concat", "upper", "lower", "trim", "length", "add", "sub", "mul", "div", "abs", "round", "floor", "ceil", "coalesce", "nullif"] as const;
const SqlByDialectSchema = v.pipe(
  v.strictObject({ postgres: v.exactOptional(v.string()), mysql: v.exactOptional(v.string()), sqlite: v.exactOptional(v.string()) }),
  v.check((o) => Object.keys(o).length > 0, "expected SQL for at least one database"),
);
type GeneratedExprShape =
  | { k: "col"; name: string }
  | { k: "lit"; value: string | number }
  | { k: "fn"; fn: (typeof GENERATED_FNS)[number]; args: GeneratedExprShape[] }
  | { k: "sql"; sql: { postgres?: string; mysql?: string; sqlite?: string } };
const GeneratedExprSchema: v.GenericSchema<GeneratedExprShape> = v.variant("k", [
  v.strictObject({ k: v.literal("col"), name: Identifier }),
  v.strictObject({ k: v.literal("lit"), value: v.union([v.string(), FiniteNumber]) }),
  v.strictObject({ k: v.literal("fn"), fn: v.picklist(GENERATED_FNS), args: v.array(v.lazy(() => GeneratedExprSchema)) }),
  v.strictObject({ k: v.literal("sql"), sql: SqlByDialectSchema }),
]);

export const ColumnSchema = v.strictObject({
  name: Identifier,
  type: ColumnTypeSchema,
  nullable: v.boolean(),
  unique: v.boolean(),
  default: v.exactOptional(ColumnDefaultSchema),
  backfill: v.exactOptional(LiteralSchema),
  min: v.exactOptional(FiniteNumber),
  max: v.exactOptional(FiniteNumber),
  pattern: v.exactOptional(v.string()),
  docs: v.exactOptional(v.string()),
  deprecated: v.exactOptional(v.string()),
  api: v.exactOptional(
    v.strictObject({
      format: v.exactOptional(v.pipe(v.string(), v.minLength(1))),
      readOnly: v.exactOptional(v.literal(true)),
      writeOnly: v.exactOptional(v.literal(true)),
      hidden: v.exactOptional(v.literal(true)),
    }),
  ),
  generated: v.exactOptional(v.strictObject({ expr: GeneratedExprSchema, stored: v.boolean() })),
});

const Columns = v.pipe(v.array(Identifier), v.minLength(1, "expected at least one column"));

export const ForeignKeySchema = v.strictObject({
  name: Identifier,
  columns: Columns,
  refTable: TableRef,
  refColumns: Columns,
  onDelete: v.picklist(["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"]),
  onUpdate: v.picklist(["CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"]),
});

export const IndexSchema = v.strictObject({
  name: Identifier,
  columns: Columns,
  unique: v.boolean(),
  descending: v.exactOptional(Columns),
  where: v.exactOptional(v.pipe(v.string(), v.minLength(1))),
});
export const CheckSchema = v.strictObject({ name: Identifier, expr: v.pipe(v.string(), v.minLength(1)) });

export const TableSchema = v.strictObject({
  ref: TableRef,
  sqlName: Identifier,
  columns: v.array(ColumnSchema),
  primaryKey: v.array(Identifier),
  indexes: v.array(IndexSchema),
  foreignKeys: v.array(ForeignKeySchema),
  checks: v.array(CheckSchema),
  docs: v.exactOptional(v.string()),
  deprecated: v.exactOptional(v.string()),
  api: v.exactOptional(
    v.strictObject({
      searchable: v.exactOptional(v.array(Identifier)),
      filterable: v.exactOptional(v.array(Identifier)),
      sortBy: v.exactOptional(v.array(v.pipe(v.string(), v.regex(/^-?[a-z_][a-z0-9_]*$/, "expected a column name, `-` before it for descending")))),
      junction: v.exactOptional(v.strictObject({ source: v.exactOptional(TableRef), target: v.exactOptional(TableRef) })),
    }),
  ),
});

export const SchemaSchema = v.strictObject({
  // valibot's record accepts an array (and outputs `{}`): refuse it first.
  tables: v.pipe(
    v.custom<Record<string, unknown>>((x) => typeof x === "object" && x !== null && !Array.isArray(x), "expected an object keyed by table ref"),
    v.record(TableRef, TableSchema),
  ),
});

// The valibot schema and the TypeScript model must describe the same data, in both directions.
type Parsed = v.InferOutput<typeof SchemaSchema>;
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
const _toModel = (p: Parsed): Schema => p;
const _fromModel = (s: Schema): DeepReadonly<Parsed> => s;
void _toModel;
void _fromModel;

type PathItem = { readonly key: unknown };

export function formatPath(path: readonly PathItem[] | undefined): string {
  let out = "";
  for (const item of path ?? []) {
    if (typeof item.key === "number") out += `[${item.key}]`;
    else if (typeof item.key === "string" && /^[A-Za-z_$][\w$]*$/.test(item.key)) out += out === "" ? item.key : `.${item.key}`;
    else out += `[${JSON.stringify(item.key)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** Table-internal consistency: problems as [path, message]. */
function consistency(schema: Schema): [string, string][] {
  const problems: [string, string][] = [];
  for (const [key, t] of Object.entries(schema.tables)) {
    const at = (rest: string): string => `tables[${JSON.stringify(key)}]${rest}`;
    if (t.ref !== key) problems.push([at(".ref"), `the ref ${JSON.stringify(t.ref)} differs from its key`]);
    if (t.sqlName !== sqlNameOf(t.ref)) problems.push([at(".sqlName"), `expected ${JSON.stringify(sqlNameOf(t.ref))}`]);
    const names = new Set<string>();
    t.columns.forEach((c, i) => {
      if (names.has(c.name)) problems.push([at(`.columns[${i}].name`), `column \`${c.name}\` appears twice`]);
      names.add(c.name);
    });
    const known = (list: readonly string[], path: string): void => {
      list.forEach((c, i) => {
        if (!names.has(c)) problems.push([at(`${path}[${i}]`), `no column \`${c}\` in the table`]);
      });
    };
    known(t.primaryKey, ".primaryKey");
    t.indexes.forEach((x, i) => {
      known(x.columns, `.indexes[${i}].columns`);
      (x.descending ?? []).forEach((c, j) => {
        if (!x.columns.includes(c)) problems.push([at(`.indexes[${i}].descending[${j}]`), `\`${c}\` is not a column of the index`]);
      });
    });
    t.foreignKeys.forEach((f, i) => {
      known(f.columns, `.foreignKeys[${i}].columns`);
      if (f.refColumns.length !== f.columns.length) problems.push([at(`.foreignKeys[${i}].refColumns`), "expected as many columns as `columns`"]);
    });
  }
  return problems;
}

function invalid(source: string, path: string, message: string, more: number): AlabError {
  return new AlabError({
    code: "E_MODEL_INVALID",
    message: `${source} is not a valid alab schema: \`${path}\`: ${message}`,
    hint: "the file is generated; restore it from version control, or rebuild it with `alab snapshot --rebuild`",
    at: { file: source },
    details: more > 0 ? [`and ${more} more problem(s)`] : [],
  });
}

/**
 * A snapshot is as untrusted as any file of a pull request: a check expression in it must pass the
 * same rule as one in a schema or migration file (src/sql/expression.ts), or it would reach SQL
 * through the migration `alab new` writes from it.
 */
function assertSafeChecks(schema: Schema, source: string): void {
  for (const [key, t] of Object.entries(schema.tables)) {
    t.checks.forEach((c, i) => {
      const problem = expressionProblem(c.expr);
      if (problem === undefined) return;
      const e = unsafeExpression(c.expr, `check \`${c.name}\` on ${t.ref} (\`tables[${JSON.stringify(key)}].checks[${i}].expr\`)`, problem);
      throw e.withLocation({ file: source });
    });
    t.indexes.forEach((x, i) => {
      const problem = x.where === undefined ? undefined : expressionProblem(x.where);
      if (problem === undefined || x.where === undefined) return;
      const e = unsafeExpression(x.where, `the condition of index \`${x.name}\` on ${t.ref} (\`tables[${JSON.stringify(key)}].indexes[${i}].where\`)`, problem);
      throw e.withLocation({ file: source });
    });
  }
}

/** Checks `json` is a Schema; E_MODEL_INVALID names the path of the first bad key. */
export function parseSchema(json: unknown, source: string): Schema {
  let schema: Schema;
  // A snapshot that is fine (nearly always) is checked without valibot's copies (./schema-check.ts).
  if (isSchemaShape(json)) schema = json as Schema;
  else {
    const result = v.safeParse(SchemaSchema, json);
    if (!result.success) {
      const [first] = result.issues;
      throw invalid(source, formatPath(first.path), first.message, result.issues.length - 1);
    }
    schema = result.output;
  }
  const problems = consistency(schema);
  const [firstProblem] = problems;
  if (firstProblem !== undefined) throw invalid(source, firstProblem[0], firstProblem[1], problems.length - 1);
  assertSafeChecks(schema, source);
  return schema;
}
