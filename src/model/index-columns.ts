/**
 * An index's key columns as the DSLs write them: `"created_at"` ascending, `"created_at desc"`
 * descending (the model keeps the names in `columns` and the descending ones in `descending`).
 */
import { IDENTIFIER } from "./names";
import type { Index } from "./types";

const DIRECTED = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i;

/** `{ column, descending }`, or undefined when the text is not `<identifier> [asc|desc]`. */
export function parseIndexColumn(text: string): { readonly column: string; readonly descending: boolean } | undefined {
  const m = DIRECTED.exec(text);
  if (m === null || !IDENTIFIER.test(m[1] ?? "")) return undefined;
  return { column: m[1] as string, descending: (m[2] ?? "").toLowerCase() === "desc" };
}

/** The index's columns as written back: descending ones with ` desc`. */
export function indexColumnTexts(index: Pick<Index, "columns" | "descending">): string[] {
  const desc = new Set(index.descending ?? []);
  return index.columns.map((c) => (desc.has(c) ? `${c} desc` : c));
}

/** Two indexes that differ at most in their names. */
export function sameIndexShape(a: Index, b: Index): boolean {
  const list = (x: readonly string[] | undefined) => (x ?? []).join("\u0000");
  return a.unique === b.unique && list(a.columns) === list(b.columns) && list(a.descending) === list(b.descending) && (a.where ?? "") === (b.where ?? "");
}
