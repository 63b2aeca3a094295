/** The three dialects alab speaks. MariaDB is spoken as "mysql". */
export type Dialect = "postgres" | "mysql" | "sqlite";

export const DIALECTS: readonly Dialect[] = ["postgres", "mysql", "sqlite"];

/** One SQL statement, with no bound parameters unless it is user `query.raw` DML. */
export interface Statement {
  readonly sql: string;
  readonly args?: readonly (string | number | boolean | null)[];
  /**
   * Run when this statement fails, before the failure is reported or the statement tried again:
   * what it may have left half-built outside any transaction (PostgreSQL's INVALID index after a
   * failed CREATE INDEX CONCURRENTLY).
   */
  readonly cleanup?: readonly Statement[];
  /** Why this statement cannot run inside a transaction; its migration then runs outside one. */
  readonly outside?: string;
}
