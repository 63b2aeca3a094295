/**
 * `alab check` against the live database: does it hold what its applied migrations build? A
 * column added by hand, an index dropped during an incident, a raw `m.sql` that built something
 * else — each is something to act on (exit 3). Tables alab does not manage do not fail it (as in
 * `alab drift` without `--strict`). Skipped where the database step is: no database configured.
 */
import { AlabError, EXIT } from "../../errors";
import { drift } from "../drift";
import { plural } from "../words";
import { noDatabase } from "./database";
import type { CheckStep } from "./step";

export const driftStep: CheckStep = {
  name: "drift",
  async run(config) {
    if (noDatabase(config)) return "no database configured: not compared";
    const r = await drift(config, { strict: false });
    if (r.drift) {
      throw new AlabError({
        code: "E_CHECK_DRIFT",
        message: `${r.database} differs from what its ${plural(r.applied, "applied migration")} build (${plural(r.differences.length, "difference")})`,
        details: [...r.differences.map((d) => d.message), ...r.notes.map((n) => `note: ${n}`)],
        hint: "`alab drift` shows the details; undo the hand change, or make it a migration (change the schema files, then `alab new <name>`)",
        exit: EXIT.check,
      });
    }
    const others = r.unmanaged.length === 0 ? "" : `; ${plural(r.unmanaged.length, "object")} not managed by alab (\`alab drift\` lists them)`;
    return `the database matches what its ${plural(r.applied, "applied migration")} build${others}`;
  },
};
