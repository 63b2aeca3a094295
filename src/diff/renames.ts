/**
 * Renames are never guessed: a dropped and an added table (same namespace, or a dropped table
 * outside any namespace) or column (same table, same kind of type) could be one rename, so they are a question for a person. Decisions come from
 * `--rename` flags, from answers on a TTY, or from `--yes` (drop and add). This module parses the
 * flags, lists the open questions, and turns decisions into rename operations.
 */
import { AlabError } from "../errors";
import { isIdentifier } from "../model/names";
import type { Schema, Table } from "../model/types";
import type { Operation } from "../dsl/operations";

export interface Renames {
  /** Old table ref -> new table ref. */
  readonly tables: Readonly<Record<string, string>>;
  /** Table ref (old or new) -> old column -> new column. */
  readonly columns: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Candidates answered "no, drop and add" (their `flag` text). */
  readonly declined: readonly string[];
}

export const noRenames: Renames = { tables: {}, columns: {}, declined: [] };

export type RenameCandidate =
  | { readonly kind: "table"; readonly from: string; readonly to: string; readonly flag: string }
  | { readonly kind: "column"; readonly table: string; readonly from: string; readonly to: string; readonly flag: string };

function renameError(message: string, hint: string): AlabError {
  return new AlabError({ code: "E_RENAME_INVALID", message, hint });
}

const FLAG_HINT = "write `--rename ns.table.old=new` for a column, or `--rename ns.old=ns.new` for a table";

function namespaceOf(ref: string): string {
  const dot = ref.indexOf(".");
  return dot < 0 ? "" : ref.slice(0, dot);
}

export function withTableRename(r: Renames, from: string, to: string): Renames {
  return { ...r, tables: { ...r.tables, [from]: to } };
}

export function withColumnRename(r: Renames, table: string, from: string, to: string): Renames {
  return { ...r, columns: { ...r.columns, [table]: { ...(r.columns[table] ?? {}), [from]: to } } };
}

export function withDeclined(r: Renames, c: RenameCandidate): Renames {
  return { ...r, declined: [...r.declined, c.flag] };
}

/** Adds one `--rename` flag, read against the schemas it renames between. */
export function parseRenameFlag(r: Renames, text: string, from: Schema, to: Schema): Renames {
  const eq = text.indexOf("=");
  const left = eq < 0 ? "" : text.slice(0, eq).trim();
  const right = eq < 0 ? "" : text.slice(eq + 1).trim();
  const lparts = left.split(".");
  const rparts = right.split(".");
  if (left === "" || right === "" || !lparts.every(isIdentifier) || !rparts.every(isIdentifier) || lparts.length > 3 || rparts.length > 2) {
    throw renameError(`\`--rename ${text}\` is not a rename`, FLAG_HINT);
  }
  if (rparts.length === 2) {
    if (lparts.length === 3) throw renameError(`\`--rename ${text}\` mixes a column and a table`, FLAG_HINT);
    return withTableRename(r, left, right);
  }
  if (lparts.length === 3) return withColumnRename(r, `${lparts[0]}.${lparts[1]}`, lparts[2] as string, right);
  if (lparts.length === 1) return withTableRename(r, left, right);
  // "a.b=c": the table a.b renamed to a.c, or the column b of the bare table a renamed to c.
  if (from.tables[left] !== undefined) return withTableRename(r, left, `${lparts[0]}.${right}`);
  const bare = lparts[0] as string;
  if (from.tables[bare] !== undefined || to.tables[bare] !== undefined) return withColumnRename(r, bare, lparts[1] as string, right);
  throw renameError(`\`--rename ${text}\`: there is no table ${left} or ${bare}`, FLAG_HINT);
}

/**
 * The decided renames as operations on `from`, after checking each makes sense (the old name
 * exists before, the new one after and not before). The old name may come back as something new.
 */
export function renameOps(from: Schema, to: Schema, r: Renames): Operation[] {
  const ops: Operation[] = [];
  const newRefOf = (ref: string): string => r.tables[ref] ?? ref;
  for (const old of Object.keys(r.tables).sort()) {
    const next = r.tables[old] as string;
    if (from.tables[old] === undefined) throw renameError(`cannot rename table ${old}: it is not in the snapshot`, "check the name in `--rename`");
    if (to.tables[next] === undefined) throw renameError(`cannot rename table ${old} to ${next}: there is no ${next} in the schema files`, "check the name in `--rename`");
    if (from.tables[next] !== undefined) throw renameError(`cannot rename table ${old} to ${next}: ${next} already exists`, "remove the `--rename`");
    ops.push({ op: "rename_table", from: old, to: next });
  }
  for (const key of Object.keys(r.columns).sort()) {
    const ref = to.tables[key] !== undefined ? key : newRefOf(key);
    const oldRef = Object.keys(r.tables).find((o) => r.tables[o] === ref) ?? ref;
    const before = from.tables[oldRef];
    const after = to.tables[ref];
    if (before === undefined || after === undefined) {
      throw renameError(`cannot rename columns of ${key}: the table is not in both the snapshot and the schema files`, "check the table in `--rename`");
    }
    const map = r.columns[key] as Readonly<Record<string, string>>;
    for (const old of Object.keys(map).sort()) {
      const next = map[old] as string;
      const has = (t: Table, c: string): boolean => t.columns.some((x) => x.name === c);
      if (!has(before, old)) throw renameError(`cannot rename column ${ref}.${old}: it is not in the snapshot`, "check the name in `--rename`");
      if (!has(after, next)) throw renameError(`cannot rename column ${ref}.${old} to ${next}: the schema files have no column ${next}`, "check the name in `--rename`");
      if (has(before, next)) throw renameError(`cannot rename column ${ref}.${old} to ${next}: ${next} already exists`, "remove the `--rename`");
      ops.push({ op: "rename_column", ref, from: old, to: next });
    }
  }
  return ops;
}

/** Open questions between `from` (renames already applied) and `to`, in a stable order. */
export function renameCandidates(fromRenamed: Schema, to: Schema, r: Renames): RenameCandidate[] {
  const out: RenameCandidate[] = [];
  const declined = new Set(r.declined);
  const dropped = Object.keys(fromRenamed.tables).filter((ref) => to.tables[ref] === undefined).sort();
  const added = Object.keys(to.tables).filter((ref) => fromRenamed.tables[ref] === undefined).sort();
  for (const a of dropped) {
    for (const b of added) {
      // A table outside any namespace (an Azul-era "articles") may become a schema-file table.
      if (namespaceOf(a) !== namespaceOf(b) && namespaceOf(a) !== "") continue;
      const flag = `${a}=${b}`;
      if (!declined.has(flag)) out.push({ kind: "table", from: a, to: b, flag });
    }
  }
  for (const ref of Object.keys(to.tables).sort()) {
    const before = fromRenamed.tables[ref];
    const after = to.tables[ref];
    if (before === undefined || after === undefined) continue;
    const gone = before.columns.filter((c) => !after.columns.some((x) => x.name === c.name));
    const fresh = after.columns.filter((c) => !before.columns.some((x) => x.name === c.name));
    for (const g of gone) {
      for (const f of fresh) {
        if (g.type.kind !== f.type.kind) continue;
        const flag = `${ref}.${g.name}=${f.name}`;
        if (!declined.has(flag)) out.push({ kind: "column", table: ref, from: g.name, to: f.name, flag });
      }
    }
  }
  return out;
}

/** Accepting a candidate: the renames with it decided as a rename. */
export function accept(r: Renames, c: RenameCandidate): Renames {
  return c.kind === "table" ? withTableRename(r, c.from, c.to) : withColumnRename(r, c.table, c.from, c.to);
}

/** A person's question for one candidate, e.g. "Is column blog.post.title renamed to headline?". */
export function candidateQuestion(c: RenameCandidate): string {
  return c.kind === "table"
    ? `table ${c.from} is gone and ${c.to} is new: is ${c.from} renamed to ${c.to}?`
    : `column ${c.table}.${c.from} is gone and ${c.to} is new: is ${c.from} renamed to ${c.to}?`;
}
