/**
 * Deterministic names. Every constraint and index alab creates has a name derived here, so the
 * same schema always produces the same SQL and a later migration can drop what an earlier made.
 * Names longer than the strictest dialect allows (PostgreSQL: 63 bytes; MySQL: 64) are shortened
 * with a stable hash suffix.
 */
import { AlabError } from "../errors";

export const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_IDENTIFIER = 63;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

export function assertIdentifier(name: string, what: string): void {
  if (!isIdentifier(name)) {
    throw new AlabError({
      code: "E_BAD_IDENTIFIER",
      message: `${what} \`${name}\` is not a valid identifier`,
      hint: "identifiers are lower-case letters, digits and underscores, not starting with a digit (^[a-z_][a-z0-9_]*$)",
    });
  }
}

/** "auth.user" -> "auth_user"; "articles" -> "articles". */
export function sqlNameOf(ref: string): string {
  return ref.replace(".", "_");
}

/** FNV-1a, 32-bit: tiny, stable across platforms, good enough to keep shortened names apart. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function fitIdentifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  return `${name.slice(0, MAX_IDENTIFIER - 9)}_${hash8(name)}`;
}

/** idx_<table>_<col1>_<col2>; the seed's form (`idx_auth_role_auth_user_role_id`). */
export function indexName(tableSql: string, columns: readonly string[]): string {
  return fitIdentifier(`idx_${tableSql}_${columns.join("_")}`);
}

/** The seed's name for a junction table's unique pair: `idx_<junction>_unique`. */
export function junctionUniqueName(junctionSql: string): string {
  return fitIdentifier(`idx_${junctionSql}_unique`);
}

/** Unique constraint of one column (`.unique()`): uq_<table>_<col>. */
export function uniqueName(tableSql: string, column: string): string {
  return fitIdentifier(`uq_${tableSql}_${column}`);
}

/** Composite unique from a table-level `.unique(a, b)`: uq_<table>_<a>_<b>. */
export function compositeUniqueName(tableSql: string, columns: readonly string[]): string {
  return fitIdentifier(`uq_${tableSql}_${columns.join("_")}`);
}

export function foreignKeyName(tableSql: string, columns: readonly string[]): string {
  return fitIdentifier(`fk_${tableSql}_${columns.join("_")}`);
}

/** CHECK constraints derived from a column: chk_<table>_<col>_<what> (what: enum, min, max, pattern, bool, json). */
export function columnCheckName(tableSql: string, column: string, what: string): string {
  return fitIdentifier(`chk_${tableSql}_${column}_${what}`);
}

/** Junction table of `many_to_many`: both SQL names sorted and joined (AstrolaDB's naming). */
export function junctionName(aSql: string, bSql: string): string {
  const [x, y] = [aSql, bSql].sort();
  return `${x}_${y}`;
}

/** A relation's column: `author` -> `author_id`; a name that already ends in `_id` is kept as written (AstrolaDB's rule). */
export function relationColumn(base: string): string {
  return base.endsWith("_id") ? base : `${base}_id`;
}
