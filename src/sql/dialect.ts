/** The three dialects alab speaks. MariaDB is spoken as "mysql". */
export type Dialect = "postgres" | "mysql" | "sqlite";

export const DIALECTS: readonly Dialect[] = ["postgres", "mysql", "sqlite"];

/** One SQL statement, with no bound parameters unless it is user `query.raw` DML. */
export interface Statement {
  readonly sql: string;
  readonly args?: readonly (string | number | boolean | null)[];
}
