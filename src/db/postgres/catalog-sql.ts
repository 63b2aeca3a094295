/**
 * The statements that read the connection's current schema from pg_catalog: each is one SELECT
 * over the whole schema (never one per table), and all of them travel in one message, which the
 * server runs as one implicit transaction made REPEATABLE READ: one round trip, one snapshot.
 * Each statement's columns are the row types in ./catalog-rows.ts.
 *
 *   tables       ordinary and partitioned tables, partitions (with their root and bound), and
 *                whether an extension owns the table (pg_depend deptype 'e': left out)
 *   columns      pg_attribute + pg_attrdef, the type by format_type
 *   constraints  primary key, unique, foreign key, check, exclusion, constraint triggers, NOT NULL
 *                (PostgreSQL 18 keeps those in pg_constraint too); clones on partitions skipped
 *   indexes      key parts (expressions by pg_get_indexdef(oid, k, true)), order flags, operator
 *                classes and collations other than the default, INCLUDE columns, predicate, method
 *   objects      everything else pg_dump would print for the schema (./catalog-objects-sql.ts)
 *
 * Measured on 500 tables (docs/drift.md, PostgreSQL): the rows are filtered by namespace in each
 * statement and joined to the table list in the reader, so that the server can hash-join whole
 * catalogs instead of probing them table by table; rows of tables the reader does not keep
 * (partitions, extensions' tables) are dropped there. Plain rows, not JSON: building JSON rows on
 * the server cost more than the reading itself. Arrays come as JSON (`to_json`): the driver does
 * not fetch array types, so it would hand PostgreSQL's array text over as it is.
 */
import { objectsSql } from "./catalog-objects-sql";
import { collName, extensionOwned, NS } from "./catalog-fragments";

/** A table name as a foreign key names it: bare in the current schema, qualified elsewhere. */
const refName = (cls: string): string =>
  `(select case when r.relnamespace = ${NS} then r.relname::text else n.nspname || '.' || r.relname end
    from pg_catalog.pg_class r join pg_catalog.pg_namespace n on n.oid = r.relnamespace where r.oid = ${cls})`;

/** Column names of a key (int2 attnums) in key order, as a JSON array. */
const keyNames = (rel: string, keys: string): string =>
  `to_json(array(select a.attname::text from unnest(${keys}) with ordinality k(n, o)
    join pg_catalog.pg_attribute a on a.attrelid = ${rel} and a.attnum = k.n order by k.o))`;

const TABLES = `select c.oid, c.relname as name, c.relkind as kind, c.relispartition as partition,
  ${extensionOwned("'pg_catalog.pg_class'::regclass", "c.oid")} as extension,
  c.relpersistence as persistence, c.relrowsecurity as rls, c.relforcerowsecurity as force_rls,
  to_json(c.reloptions) as options, c.reloftype <> 0 as typed, d.description as comment,
  case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partkey,
  case when c.relispartition then pg_catalog.pg_partition_root(c.oid)::oid end as root,
  case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as bound,
  case when c.relhassubclass or exists (select from pg_catalog.pg_inherits i where i.inhrelid = c.oid) then
    to_json(array(select ${refName("i.inhparent")} from pg_catalog.pg_inherits i where i.inhrelid = c.oid order by i.inhseqno)) end as inherits
from pg_catalog.pg_class c
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where c.relnamespace = ${NS} and c.relkind in ('r', 'p')`;

/**
 * A default reads no column, so it is printed without its table (relid 0): opening every table
 * to print `now()` cost a third of the read. Generated columns read columns and get their table.
 */
const COLUMNS = `select a.attrelid as t, a.attnum as num, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
  pg_catalog.pg_get_expr(ad.adbin, case when a.attgenerated = '' then 0 else ad.adrelid end) as dflt,
  a.attidentity as ident, a.attgenerated as gen,
  case when a.attcollation <> ty.typcollation then (select ${collName("co")} from pg_catalog.pg_collation co where co.oid = a.attcollation) end as coll,
  d.description as comment
from pg_catalog.pg_class c
join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
join pg_catalog.pg_type ty on ty.oid = a.atttypid
left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_catalog.pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = a.attnum
where c.relnamespace = ${NS} and c.relkind in ('r', 'p') and not c.relispartition`;

/**
 * Keys come as attribute numbers ("1 2"), named by the reader from the columns it read: naming
 * them here (a join per constraint) was most of this statement's time. A foreign key to a table
 * the reader does not read (another schema, a partition) carries that table's name and columns.
 * PostgreSQL 15 added ON DELETE SET NULL / SET DEFAULT (columns).
 */
const constraintsSql = (major: number): string => `select c.conrelid as t, c.conname as name, c.contype as type,
  array_to_string(c.conkey, ' ') as cols, c.confrelid as ref, array_to_string(c.confkey, ' ') as refcols,
  case when c.contype = 'f' and (r.relnamespace <> ${NS} or r.relispartition) then json_build_array(
    case when r.relnamespace = ${NS} then r.relname::text else r.relnamespace::regnamespace::text || '.' || r.relname end,
    ${keyNames("c.confrelid", "c.confkey")}) end as outside,
  c.confdeltype as del, c.confupdtype as upd, c.confmatchtype as match,
  ${major >= 15 ? "coalesce(cardinality(c.confdelsetcols), 0) > 0" : "false"} as delcols,
  c.condeferrable as deferrable, c.condeferred as deferred, c.convalidated as validated, c.connoinherit as noinherit,
  case when c.contype = 'c' then pg_catalog.pg_get_expr(c.conbin, c.conrelid) end as expr,
  case when c.contype in ('x', 't', 'n') then pg_catalog.pg_get_constraintdef(c.oid) end as def,
  c.conindid as idx, d.description as comment
from pg_catalog.pg_constraint c
left join pg_catalog.pg_class r on r.oid = c.confrelid
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_constraint'::regclass and d.objsubid = 0
where c.connamespace = ${NS} and c.conrelid <> 0 and c.conparentid = 0`;

/**
 * Operator classes and collations are looked up only for what is not the default, and the whole
 * CREATE INDEX is printed only for an index that is more than ascending btree columns: printing
 * it for every index was the most expensive part of the read.
 * PostgreSQL 15 added UNIQUE NULLS NOT DISTINCT.
 */
const indexesSql = (major: number): string => `select i.indrelid as t, i.indexrelid as oid, c.relname as name,
  i.indisunique as uniq, i.indisprimary as prim, i.indisexclusion as excl, i.indisvalid as valid,
  i.indnkeyatts as nkey, i.indkey::text as keys, i.indoption::text as opts,
  case when i.indexprs is not null then to_json(array(select case when i.indkey[k - 1] = 0 then pg_catalog.pg_get_indexdef(i.indexrelid, k, true) end
    from generate_series(1, i.indnkeyatts) k)) end as exprs,
  case when x.classes then to_json(array(select (select case when o.opcdefault then null else o.opcname::text end from pg_catalog.pg_opclass o where o.oid = k.oc)
    from unnest(i.indclass::oid[]) with ordinality k(oc, n) order by k.n)) end as opclasses,
  case when x.colls then to_json(array(select case when k.co = 0 or k.co = coalesce((select a.attcollation from pg_catalog.pg_attribute a
        where a.attrelid = i.indrelid and a.attnum = i.indkey[k.n - 1]), 100) then null
      else (select ${collName("l")} from pg_catalog.pg_collation l where l.oid = k.co) end
    from unnest(i.indcollation::oid[]) with ordinality k(co, n) order by k.n)) end as collations,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as pred, am.amname as method,
  ${major >= 15 ? "i.indnullsnotdistinct" : "false"} as nnd,
  case when i.indexprs is not null or i.indpred is not null or am.amname <> 'btree' or i.indnatts > i.indnkeyatts
      or x.classes or x.colls or not (x.opts <@ array[0]::int2[])
    then pg_catalog.pg_get_indexdef(i.indexrelid) end as def,
  d.description as comment
from pg_catalog.pg_class c
join pg_catalog.pg_index i on i.indexrelid = c.oid
join pg_catalog.pg_am am on am.oid = c.relam
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
cross join lateral (select string_to_array(i.indoption::text, ' ')::int2[] as opts,
  i.indclass::oid[] && (select array_agg(o.oid) from pg_catalog.pg_opclass o where not o.opcdefault) as classes,
  not (i.indcollation::oid[] <@ array[0, 100]::oid[]) as colls) x
where c.relnamespace = ${NS} and c.relkind in ('i', 'I')`;

/** The parts of the read, in the order of CatalogRows (./catalog-rows.ts). */
export const PARTS = ["tables", "columns", "constraints", "indexes", "objects"] as const;

/** The whole read for a server of this major version: one message, its first statement sets the snapshot. */
export function catalogSql(major: number): string {
  const parts: Record<(typeof PARTS)[number], string> = {
    tables: TABLES,
    columns: COLUMNS,
    constraints: constraintsSql(major),
    indexes: indexesSql(major),
    objects: objectsSql(),
  };
  return ["set transaction isolation level repeatable read, read only", ...PARTS.map((p) => parts[p])].join(";\n");
}
