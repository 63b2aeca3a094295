/** SQL pieces the catalog statements share (./catalog-sql.ts, ./catalog-objects-sql.ts). */

/** The schema being read: the connection's current schema. */
export const NS = `(select oid from pg_catalog.pg_namespace where nspname = current_schema())`;

/** Whether an extension owns the object `oid` of the catalog `classid` (SQL expressions; pg_depend deptype 'e'). */
export const extensionOwned = (classid: string, oid: string): string =>
  `exists (select from pg_catalog.pg_depend e where e.classid = ${classid} and e.objid = ${oid} and e.objsubid = 0 and e.deptype = 'e')`;

/** A collation's name, qualified unless it is a built-in one. */
export const collName = (c: string): string =>
  `case when ${c}.collnamespace = 'pg_catalog'::regnamespace then ${c}.collname::text else ${c}.collnamespace::regnamespace::text || '.' || ${c}.collname end`;
