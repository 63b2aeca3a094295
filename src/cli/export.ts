import { defineCommand } from "citty";
import { displayPath } from "../config";
import { EXIT } from "../errors";
import { loadContext } from "./context";
import { paint, printExport, printLines } from "./render";

/** Flags `alab export` and `alab erd` share. */
export const exportFlags = {
  dialect: { type: "string", valueHint: "postgres|mysql|sqlite", description: "the dialect whose types/SQL to use (default: the project's); diagrams show SQL types only when given" },
  schemas: { type: "boolean", description: "export the schema files as they are now, not the schema the migrations build" },
} as const;

export default defineCommand({
  meta: { name: "export", description: "the schema as TypeScript, SQL, JSON Schema, Mermaid, DBML or SVG (no database needed)" },
  args: {
    format: { type: "positional", valueHint: "typescript|sql|json-schema|mermaid|dbml|svg", description: "typescript | sql | json-schema | mermaid | dbml | svg", required: false },
    out: { type: "string", alias: "o", valueHint: "file", description: "write to this file (atomically) instead of stdout" },
    ...exportFlags,
    plain: { type: "boolean", description: "typescript: plain row types only, without Kysely" },
  },
  async run({ args }) {
    const { runExport } = await import("../workflows/export");
    const ctx = await loadContext(args);
    const r = await runExport(ctx.config, {
      format: args.format,
      ...(args.out === undefined ? {} : { out: args.out }),
      ...(args.dialect === undefined ? {} : { dialect: args.dialect }),
      schemas: args.schemas === true,
      plain: args.plain === true,
    });
    if (r.path === undefined) printExport(r.text);
    else printLines([`${paint(ctx.color).green("wrote")} ${displayPath(ctx.cwd, r.path)} (${r.format}, ${r.tables} ${r.tables === 1 ? "table" : "tables"})`], "stderr");
    return EXIT.ok;
  },
});
