/**
 * `alab export mermaid`: an `erDiagram` with every table, column and relation. Mermaid's grammar
 * is narrow (an attribute type is one word), so the type token is the type's name and the full
 * type (`string(255)`, enum values, nullability) goes in the attribute's comment. Names outside
 * Mermaid's word characters are quoted (entities) or replaced by `_` with the real name in the
 * comment (attributes); `"` is written as Mermaid's `#quot;`.
 */
import type { Schema, Table } from "../model/types";
import type { Dialect } from "../sql/dialect";
import { keyMarkers, typeLabel } from "./labels";
import { type Relation, relationsOf, tablesInOrder } from "./relations";

export interface MermaidOptions {
  /** Show each dialect's SQL types instead of alab's logical ones. */
  readonly dialect?: Dialect;
}

const WORD = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function text(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/"/g, "#quot;");
}

export function entityName(name: string): string {
  return WORD.test(name) ? name : `"${text(name)}"`;
}

function word(s: string): string {
  const w = s.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(w) ? w : `_${w}`;
}

function entity(table: Table, dialect: Dialect | undefined): string[] {
  const lines = [`  ${entityName(table.sqlName)} {`];
  for (const c of table.columns) {
    const label = typeLabel(c, dialect);
    const token = word(label.replace(/\(.*$/, "").trim());
    const keys = keyMarkers(table, c);
    const notes: string[] = [];
    if (!WORD.test(c.name)) notes.push(`column ${c.name}`);
    if (label !== token) notes.push(label);
    if (c.type.kind === "enum") notes.push(c.type.values.join(" | "));
    if (c.nullable) notes.push("nullable");
    const comment = notes.length === 0 ? "" : ` "${text(notes.join(", "))}"`;
    lines.push(`    ${token} ${word(c.name)}${keys.length === 0 ? "" : ` ${keys.join(", ")}`}${comment}`);
  }
  lines.push("  }");
  return lines;
}

/** Crow's-foot ends: the referenced side is one (or zero-or-one when the key is nullable). */
function relation(r: Relation): string {
  const one = r.optional ? "|o" : "||";
  const many = r.kind === "one_to_one" ? "o|" : "o{";
  const label = `${r.key.columns.join(", ")}${r.junction ? " (many_to_many)" : ""}`;
  return `  ${entityName(r.toSqlName)} ${one}--${many} ${entityName(r.from.sqlName)} : "${text(label)}"`;
}

export function exportMermaid(schema: Schema, opts: MermaidOptions = {}): string {
  const out = ["erDiagram"];
  for (const t of tablesInOrder(schema)) out.push(...entity(t, opts.dialect));
  for (const r of relationsOf(schema)) out.push(relation(r));
  return `${out.join("\n")}\n`;
}
