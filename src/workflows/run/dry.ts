/**
 * What migrate and rollback share around a run: the `--dry` script header, planner notes printed
 * once, the MySQL implicit-commit warning, and migrations looked up by their order.
 */
import type { Driver } from "../../db/driver";
import { targetText } from "../../db/target";
import type { Capabilities } from "../../sql/plan";
import { type DatabaseConfig, databaseTarget } from "../database/connect";
import type { LoadedMigration } from "../project/load-migrations";
import { plural } from "../words";
import type { RunEvent } from "./events";
import type { PlannedMigration, Unit } from "./units";

export const MYSQL_DDL_WARNING =
  "MySQL/MariaDB commits every DDL statement implicitly: migrations are applied one at a time, and a migration that fails halfway cannot be rolled back";

/**
 * Each planner note once per run (the same note on every MySQL migration says nothing new). On
 * MySQL the planner's note about implicit commits is left out: the run warns about it once.
 */
export function emitNotes(planned: readonly PlannedMigration[], onEvent: (e: RunEvent) => void): void {
  const seen = new Set<string>();
  for (const p of planned) {
    for (const message of p.notes) {
      if (seen.has(message) || /commits implicitly/.test(message)) continue;
      seen.add(message);
      onEvent({ kind: "note", file: p.migration.shown, message });
    }
  }
}

export function mapByOrder(migrations: readonly LoadedMigration[]): Map<bigint, LoadedMigration> {
  return new Map(migrations.map((m) => [m.file.order, m]));
}

export function dryHeader(command: string, driver: Driver, caps: Capabilities, config: DatabaseConfig, units: readonly Unit[]): string[] {
  const count = units.reduce((n, u) => n + u.migrations.length, 0);
  const lines = [
    `${command} --dry: ${plural(count, "migration")} on ${targetText(databaseTarget(config))}, ${driver.dialect} ${driver.version}`,
    "nothing was run; this is the SQL a real run sends, in order",
  ];
  if (!caps.transactionalDdl) lines.push(`warning: ${MYSQL_DDL_WARNING}`);
  return lines;
}
