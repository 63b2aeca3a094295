/** The normalizer's rules for each dialect. */
import type { Dialect } from "../sql/dialect";
import { mysqlRules } from "./mysql";
import { postgresRules } from "./postgres";
import type { DialectRules } from "./rules";
import { sqliteRules } from "./sqlite";

export const RULES: Readonly<Record<Dialect, DialectRules>> = { postgres: postgresRules, mysql: mysqlRules, sqlite: sqliteRules };
