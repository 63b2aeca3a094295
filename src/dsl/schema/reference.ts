/**
 * Table references as written in schema files: "ns.table", ".table" (same namespace as this
 * file; in a file without a namespace, a table without one), "table" (a table without a
 * namespace, `schemas/table.js`) or "self" (the table being defined). Whether the table exists is
 * checked later, by buildSchema, which sees every file.
 */
import { isIdentifier } from "../../model/names";
import type { Site } from "./args";
import { fail, locate } from "./fail";

const REF_HINT = 'write "ns.table", ".table" for a table in the same namespace, "table" for one without a namespace, or "self"';

/** The full ref ("auth.user", or "users" for a table without a namespace) for `raw`, or an E_SCHEMA_BAD_REFERENCE at the call. */
export function resolveRef(site: Site, raw: string, ns: string, selfRef: string): string {
  if (raw === "self") return selfRef;
  const dot = raw.indexOf(".");
  if (dot < 0) {
    if (isIdentifier(raw)) return raw;
    return fail("E_SCHEMA_BAD_REFERENCE", `table reference ${JSON.stringify(raw)} is not a table name`, `${REF_HINT}; names are lower-case letters, digits and underscores`, locate(site.file, site.call));
  }
  const refNs = dot === 0 ? ns : raw.slice(0, dot);
  const table = raw.slice(dot + 1);
  if (dot === 0 && ns === "" && isIdentifier(table)) return table;
  if (!isIdentifier(refNs) || !isIdentifier(table)) {
    return fail(
      "E_SCHEMA_BAD_REFERENCE",
      `table reference ${JSON.stringify(raw)} is not of the form "ns.table"`,
      `${REF_HINT}; names are lower-case letters, digits and underscores`,
      locate(site.file, site.call),
    );
  }
  return `${refNs}.${table}`;
}

/** "auth.user" -> "user": the part a relation column is named after. */
export function tableOf(ref: string): string {
  const dot = ref.indexOf(".");
  return dot < 0 ? ref : ref.slice(dot + 1);
}
