/** The first step of `alab check`: every schema file loads; later steps read `state.schema`. */
import { loadSchemas } from "../project/load-schemas";
import { plural } from "../words";
import type { CheckStep } from "./step";

export const schemaStep: CheckStep = {
  name: "schemas",
  async run(config, state) {
    const loaded = await loadSchemas(config);
    state.schema = loaded.schema;
    state.logs.push(...loaded.logs);
    const tables = Object.keys(loaded.schema.tables).length;
    return `${plural(tables, "table")} OK (${plural(loaded.files.length, "schema file")})`;
  },
};
