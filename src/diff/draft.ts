/**
 * A schema being replayed: a working copy of the tables that operations change in place, so a
 * run of N operations costs O(N) instead of copying every table map once per operation (which
 * made replaying 500 tables quadratic). Index and SQL names are looked up through maps kept up to
 * date as tables change. Schemas handed out (`schema()`, `view()`) never change afterwards, except
 * a view, which reads the draft as it is now (for planners, within one step).
 *
 * A draft whose operation threw is left half-changed: whoever catches the error drops the draft.
 */
import type { Schema, Table } from "../model/types";

/** name -> refs of the tables holding it (normally one; a hand-edited snapshot may repeat a name). */
class Owners {
  private readonly map = new Map<string, Set<string>>();
  add(name: string, ref: string): void {
    let refs = this.map.get(name);
    if (refs === undefined) this.map.set(name, (refs = new Set()));
    refs.add(ref);
  }
  remove(name: string, ref: string): void {
    const refs = this.map.get(name);
    refs?.delete(ref);
    if (refs?.size === 0) this.map.delete(name);
  }
  refs(name: string): ReadonlySet<string> | undefined {
    return this.map.get(name);
  }
}

export class Draft {
  private readonly tables: Map<string, Table>;
  private indexes: Owners | undefined;
  private sqlNames: Owners | undefined;
  /** During a step: each changed table's value before the step (undefined: it did not exist). */
  private undo: Map<string, Table | undefined> | undefined;
  /** During a step that removed a table: the table order before the step. */
  private undoKeys: string[] | undefined;
  /**
   * Where raw SQL (or a manual-mode migration) first ran in the history this draft follows, as
   * `file:line`: what it did is not in the draft, which errors about unknown tables then say.
   */
  opaqueSince: string | undefined;

  constructor(from: Schema) {
    this.tables = new Map(Object.entries(from.tables));
  }

  get(ref: string): Table | undefined {
    return this.tables.get(ref);
  }

  has(ref: string): boolean {
    return this.tables.has(ref);
  }

  values(): IterableIterator<Table> {
    return this.tables.values();
  }

  set(t: Table): void {
    const old = this.tables.get(t.ref);
    if (this.undo !== undefined && !this.undo.has(t.ref)) this.undo.set(t.ref, old);
    if (old !== undefined) this.unindex(old);
    this.tables.set(t.ref, t);
    this.index(t);
  }

  delete(ref: string): void {
    const old = this.tables.get(ref);
    if (old === undefined) return;
    if (this.undo !== undefined) {
      this.undoKeys ??= [...this.tables.keys()];
      if (!this.undo.has(ref)) this.undo.set(ref, old);
    }
    this.unindex(old);
    this.tables.delete(ref);
  }

  /** The first table (in table order, as a search over the schema finds it) holding index `name`. */
  indexOwner(name: string): Table | undefined {
    this.indexes ??= this.build((t, o) => t.indexes.forEach((i) => o.add(i.name, t.ref)));
    return this.first(this.indexes.refs(name));
  }

  /** The first table whose SQL name is `sqlName`. */
  sqlNameOwner(sqlName: string): Table | undefined {
    this.sqlNames ??= this.build((t, o) => o.add(t.sqlName, t.ref));
    return this.first(this.sqlNames.refs(sqlName));
  }

  /** The schema as it is now (a fresh object: later operations do not change it). */
  schema(): Schema {
    return { tables: Object.fromEntries(this.tables) };
  }

  /** A read-only Schema that reads the draft as it is whenever it is read. */
  view(): Schema {
    return { tables: tablesView((ref) => this.tables.get(ref), () => [...this.tables.keys()]) };
  }

  /**
   * Runs `change` (which changes the draft) and gives `plan` the schema before and after it, as
   * views: valid only while `plan` runs (they read the draft).
   */
  step<T>(change: () => void, plan: (before: Schema, after: Schema) => T): T {
    this.undo = new Map();
    this.undoKeys = undefined;
    try {
      change();
      const undo = this.undo;
      const keys = (): string[] => this.undoKeys ?? [...this.tables.keys()].filter((k) => !(undo.has(k) && undo.get(k) === undefined));
      const old: Schema = { tables: tablesView((ref) => (undo.has(ref) ? undo.get(ref) : this.tables.get(ref)), keys) };
      this.undo = undefined;
      return plan(old, this.view());
    } finally {
      this.undo = undefined;
      this.undoKeys = undefined;
    }
  }

  private build(add: (t: Table, o: Owners) => void): Owners {
    const o = new Owners();
    for (const t of this.tables.values()) add(t, o);
    return o;
  }

  private first(refs: ReadonlySet<string> | undefined): Table | undefined {
    if (refs === undefined || refs.size === 0) return undefined;
    if (refs.size === 1) return this.tables.get(refs.values().next().value as string);
    for (const [ref, t] of this.tables) if (refs.has(ref)) return t;
    return undefined;
  }

  private index(t: Table): void {
    for (const i of t.indexes) this.indexes?.add(i.name, t.ref);
    this.sqlNames?.add(t.sqlName, t.ref);
  }

  private unindex(t: Table): void {
    for (const i of t.indexes) this.indexes?.remove(i.name, t.ref);
    this.sqlNames?.remove(t.sqlName, t.ref);
  }
}

/** An object that behaves like a frozen `{ [ref]: Table }` record but reads through `get`. */
export function tablesView(get: (ref: string) => Table | undefined, keys: () => string[]): Schema["tables"] {
  const own = (k: string | symbol): Table | undefined => (typeof k === "string" ? get(k) : undefined);
  return new Proxy(Object.create(null) as Schema["tables"], {
    get: (_, k) => own(k),
    has: (_, k) => own(k) !== undefined,
    ownKeys: () => keys(),
    getOwnPropertyDescriptor: (_, k) => {
      const value = own(k);
      return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
