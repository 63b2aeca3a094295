/**
 * `alab export <format>` and `alab erd`: the schema the migrations build (the snapshot, caught up
 * with any newer migration files) or, with `--schemas`, the schema files as they are now, turned
 * into one format (src/export/). No database is reached. `--out` writes through a temporary file
 * renamed into place, so a reader never sees half a file and a failed export leaves the old one.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Config, displayPath } from "../config";
import { sessionStatements } from "../db/session";
import { AlabError, EXIT } from "../errors";
import { exportSchema, FORMATS, type Format, isFormat } from "../export/index";
import type { Schema } from "../model/types";
import { capabilitiesFor } from "../sql/capabilities";
import { DIALECTS, type Dialect } from "../sql/dialect";
import { currentState } from "./project/current-state";

/**
 * The server version `export sql` plans for: the oldest alab supports (src/sql/capabilities.ts),
 * so the script runs on every supported server. Creating tables needs no newer feature; a test
 * proves the statements are the same for the newest versions.
 */
export const EXPORT_SERVER_VERSION: Readonly<Record<Dialect, string>> = { postgres: "13.0", mysql: "8.0.16", sqlite: "3.25.0" };

export interface ExportRequest {
  readonly format: string | undefined;
  readonly out?: string;
  readonly dialect?: string;
  /** Read the schema files instead of the migrations' state. */
  readonly schemas?: boolean;
  readonly plain?: boolean;
}

export interface ExportResult {
  readonly format: Format;
  readonly text: string;
  readonly tables: number;
  /** Absolute path written, when `--out` was given. */
  readonly path?: string;
}

export function checkFormat(format: string | undefined): Format {
  if (format !== undefined && isFormat(format)) return format;
  throw new AlabError({
    code: "E_EXPORT_UNKNOWN_FORMAT",
    message: format === undefined ? "`alab export` needs a format" : `unknown export format \`${format}\``,
    hint: `choose one of: ${FORMATS.join(", ")} (e.g. \`alab export typescript --out src/db/types.ts\`)`,
    details: FORMATS.map((f) => `  ${f}`),
    exit: EXIT.usage,
  });
}

function checkDialect(dialect: string | undefined, config: Config): Dialect {
  if (dialect === undefined) return config.dialect;
  if ((DIALECTS as readonly string[]).includes(dialect)) return dialect as Dialect;
  throw new AlabError({ code: "E_EXPORT_BAD_DIALECT", message: `unknown dialect \`${dialect}\``, hint: `--dialect is one of ${DIALECTS.join(", ")}`, exit: EXIT.usage });
}

async function schemaFor(config: Config, fromSchemas: boolean): Promise<Schema> {
  if (fromSchemas) {
    const { loadSchemas } = await import("./project/load-schemas");
    return (await loadSchemas(config)).schema;
  }
  const state = await currentState(config);
  if (state.files.length === 0) {
    throw new AlabError({
      code: "E_EXPORT_NO_MIGRATIONS",
      message: `there are no migrations in ${displayPath(config.cwd, config.migrationsDir)}, so there is no schema to export`,
      hint: "generate the first migration with `alab new <name>`, or export the schema files as they are with `--schemas`",
      exit: EXIT.usage,
    });
  }
  return state.schema;
}

/** Writes `text` to `path` through a new temporary file beside it, renamed into place. */
export async function writeAtomically(path: string, text: string, shown: string): Promise<void> {
  const tmp = `${path}.alab-tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await rm(tmp, { force: true });
    await writeFile(tmp, text, { flag: "wx" });
    await rename(tmp, path);
  } catch (e) {
    // Where the folder could not be made, removing the temporary file fails too: nothing to remove.
    await rm(tmp, { force: true }).catch(() => undefined);
    const why = (e as { code?: string }).code ?? (e as Error).message;
    throw new AlabError({ code: "E_EXPORT_WRITE", message: `cannot write ${shown} (${why})`, hint: "check that its folder exists or can be created, and is writable", exit: EXIT.runtime, cause: e });
  }
}

export async function runExport(config: Config, req: ExportRequest): Promise<ExportResult> {
  const format = checkFormat(req.format);
  const dialect = checkDialect(req.dialect, config);
  const schema = await schemaFor(config, req.schemas === true);
  const text = exportSchema(format, schema, {
    dialect,
    dialectGiven: req.dialect !== undefined,
    plain: req.plain === true,
    caps: capabilitiesFor(dialect, EXPORT_SERVER_VERSION[dialect]),
    session: sessionStatements(dialect),
  });
  const tables = Object.keys(schema.tables).length;
  if (req.out === undefined) return { format, text, tables };
  const path = resolve(config.cwd, req.out);
  await writeAtomically(path, text, displayPath(config.cwd, path));
  return { format, text, tables, path };
}
