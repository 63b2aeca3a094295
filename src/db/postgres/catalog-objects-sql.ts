/**
 * Everything in the schema besides tables, indexes and constraints: what `pg_dump --schema-only`
 * would print for it and the model has no place for. One row per object: kind, name, the table it
 * belongs to, its definition as the server prints it, and a note when the kind alone does not say
 * what it is. Objects an extension owns (pg_depend deptype 'e') are left out: the extension is
 * listed instead. Not read: owners, privileges, security labels, storage and statistics targets
 * (docs/drift.md, PostgreSQL).
 *
 */
import { extensionOwned, NS } from "./catalog-fragments";

/** Not an object some extension owns. */
const own = (classid: string, oid: string): string => `not ${extensionOwned(classid, oid)}`;


/** Relations of the schema a trigger, rule or policy may belong to. */
const onRel = (col: string): string => `join pg_catalog.pg_class r on r.oid = ${col} and r.relnamespace = ${NS}`;

/** name(argument types): overloads get distinct names. */
const routine = (p: string): string => `${p}.proname || '(' || pg_catalog.pg_get_function_identity_arguments(${p}.oid) || ')'`;

const PARTS: readonly string[] = [
  // Views and materialized views, with their queries.
  `select case r.relkind when 'v' then 'view' else 'materialized-view' end, r.relname, null,
    case r.relkind when 'v' then 'CREATE VIEW ' else 'CREATE MATERIALIZED VIEW ' end || quote_ident(r.relname) || ' AS '
      || pg_catalog.pg_get_viewdef(r.oid, true), null, null::text, null::oid, null::int2
  from rels r where r.relkind in ('v', 'm')`,
  // Sequences, except identity columns' own (deptype 'i'), with the column that owns one (OWNED
  // BY, deptype 'a'): the reader leaves out those a serial column reads through its default.
  `select 'sequence', r.relname, null,
    'CREATE SEQUENCE ' || quote_ident(r.relname) || ' AS ' || pg_catalog.format_type(s.seqtypid, null)
      || ' START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin
      || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache || case when s.seqcycle then ' CYCLE' else '' end, null,
    r.oid::regclass::text, o.refobjid, o.refobjsubid
  from rels r
  join pg_catalog.pg_sequence s on s.seqrelid = r.oid
  left join pg_catalog.pg_depend o on o.classid = 'pg_catalog.pg_class'::regclass and o.objid = r.oid and o.deptype = 'a'
    and o.refclassid = 'pg_catalog.pg_class'::regclass and o.refobjsubid > 0
  where r.relkind = 'S' and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = r.oid and d.deptype = 'i')`,
  `select 'other', r.relname, null, null, 'a foreign table', null, null, null from rels r where r.relkind = 'f'`,
  // Indexes of materialized views (tables' indexes are read with the tables).
  `select 'other', c.relname, r.relname, pg_catalog.pg_get_indexdef(i.indexrelid), 'an index of a materialized view', null, null, null
  from rels r join pg_catalog.pg_index i on i.indrelid = r.oid join pg_catalog.pg_class c on c.oid = i.indexrelid
  where r.relkind = 'm'`,
  // Triggers users made: not the ones behind foreign keys (tgisinternal), not partitions' clones.
  `select 'trigger', t.tgname, r.relname, pg_catalog.pg_get_triggerdef(t.oid), null, null, null, null
  from pg_catalog.pg_trigger t ${onRel("t.tgrelid")}
  where not t.tgisinternal and t.tgparentid = 0`,
  `select 'rule', w.rulename, r.relname, pg_catalog.pg_get_ruledef(w.oid), null, null, null, null
  from pg_catalog.pg_rewrite w ${onRel("w.ev_class")} where w.rulename <> '_RETURN'`,
  `select 'policy', p.polname, r.relname,
    'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' || quote_ident(r.relname)
      || case when p.polpermissive then '' else ' AS RESTRICTIVE' end
      || ' FOR ' || case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end
      || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '')
      || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''), null, null, null, null
  from pg_catalog.pg_policy p ${onRel("p.polrelid")}`,
  // User types: enums, domains, standalone composites, ranges, base types. Not the array type
  // each type gets, not a table's row type, not the multirange a range brings along.
  `select 'type', t.typname, null,
    case t.typtype
      when 'e' then 'CREATE TYPE ' || quote_ident(t.typname) || ' AS ENUM ('
        || (select string_agg(quote_literal(l.enumlabel), ', ' order by l.enumsortorder) from pg_catalog.pg_enum l where l.enumtypid = t.oid) || ')'
      when 'd' then 'CREATE DOMAIN ' || quote_ident(t.typname) || ' AS ' || pg_catalog.format_type(t.typbasetype, t.typtypmod)
        || coalesce(' DEFAULT ' || t.typdefault, '') || case when t.typnotnull then ' NOT NULL' else '' end
        || coalesce((select string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid), '' order by c.conname)
          from pg_catalog.pg_constraint c where c.contypid = t.oid), '')
      when 'c' then 'CREATE TYPE ' || quote_ident(t.typname) || ' AS ('
        || (select string_agg(quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum)
          from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped) || ')'
      when 'r' then 'CREATE TYPE ' || quote_ident(t.typname) || ' AS RANGE (SUBTYPE = '
        || (select pg_catalog.format_type(g.rngsubtype, null) from pg_catalog.pg_range g where g.rngtypid = t.oid) || ')'
    end,
    case t.typtype when 'e' then 'an enum type' when 'd' then 'a domain' when 'c' then 'a composite type' when 'r' then 'a range type' else 'a base type' end,
    null, null, null
  from deps d join pg_catalog.pg_type t on t.oid = d.objid
  where d.classid = 'pg_catalog.pg_type'::regclass and t.typtype in ('b', 'c', 'd', 'e', 'r') and not d.extension`,
  `select case p.prokind when 'p' then 'procedure' else 'function' end, ${routine("p")}, null,
    case when p.prokind in ('f', 'p') then pg_catalog.pg_get_functiondef(p.oid) end,
    case p.prokind when 'a' then 'an aggregate' when 'w' then 'a window function' end, null, null, null
  from deps d join pg_catalog.pg_proc p on p.oid = d.objid
  where d.classid = 'pg_catalog.pg_proc'::regclass and not d.extension`,
  `select 'extension', x.extname, null, 'CREATE EXTENSION ' || quote_ident(x.extname) || ' VERSION ' || quote_literal(x.extversion), 'an extension', null, null, null
  from pg_catalog.pg_extension x where x.extnamespace = ${NS}`,
  // Every other object of the schema (operators, collations, text search objects, statistics…),
  // by name only.
  `select 'other', i.identity, null, null, case when i.type ~ '^[aeiou]' then 'an ' else 'a ' end || i.type, null, null, null
  from deps d, lateral pg_catalog.pg_identify_object(d.classid, d.objid, 0) i
  where d.classid not in ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_extension'::regclass)
    and not d.extension`,
];

/**
 * What depends on the schema itself (pg_depend deptype 'n'): every type, routine and rarer object
 * made in it — not a table's row type, an array type, a multirange, which depend on something
 * else. Reading types and routines from here instead of scanning pg_type and pg_proc, and the
 * rarer kinds instead of a dozen catalogs, is what made this statement cheap on a fresh
 * connection: only the catalogs that hold one of the schema's objects are read.
 */
/** The schema's views, materialized views, sequences and foreign tables, not an extension's: one scan of pg_class. */
const RELS = `rels as materialized (
  select r.oid, r.relname, r.relkind from pg_catalog.pg_class r
  where r.relnamespace = ${NS} and r.relkind in ('v', 'm', 'S', 'f') and ${own("'pg_catalog.pg_class'::regclass", "r.oid")}
)`;

const DEPS = `deps as materialized (
  select d.classid, d.objid, ${extensionOwned("d.classid", "d.objid")} as extension
  from pg_catalog.pg_depend d
  where d.refclassid = 'pg_catalog.pg_namespace'::regclass and d.refobjid = ${NS} and d.objsubid = 0 and d.deptype = 'n'
)`;

/** kind, name, tbl, def, note; for a sequence its regclass and the column owning it (owner table oid, attnum). */
export function objectsSql(): string {
  return `with ${RELS},\n${DEPS}\nselect kind::text, name::text, tbl::text, def, note, seq, owner, ownercol from (\n${PARTS.join("\nunion all\n")}\n) o(kind, name, tbl, def, note, seq, owner, ownercol)`;
}
