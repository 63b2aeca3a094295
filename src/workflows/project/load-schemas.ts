/**
 * schemas/<ns>/<table>.{js,ts} -> Schema: find the files, evaluate them in the sandbox, interpret
 * each recording with the schema DSL and normalize the whole. Every problem found in one pass is
 * reported together (AlabErrors), each pointing at its file.
 */
import { type Config, displayPath } from "../../config";
import { AlabError, AlabErrors, throwAll } from "../../errors";
import { isIdentifier } from "../../model/names";
import type { TableDef } from "../../model/def";
import type { Schema } from "../../model/types";
import { listProjectDir } from "./list-dir";
import { confinedTo, readProjectFile } from "./read-file";

export interface SchemaFile {
  /** Relative to the working directory when inside it (what messages and code frames show). */
  readonly file: string;
  readonly absolute: string;
  readonly ns: string;
  readonly name: string;
}

export interface LogLine {
  readonly file: string;
  readonly line: string;
}

export interface LoadedSchemas {
  readonly schema: Schema;
  readonly files: readonly SchemaFile[];
  /** console output of the files, in file order: the CLI prints it to stderr. */
  readonly logs: readonly LogLine[];
}

const SOURCE = /\.(js|ts)$/;
/** Not schema files and not mistakes: editor typings, notes, dotfiles. */
const IGNORED = /^\.|\.d\.ts$|\.md$/;

/** The schema files, sorted by namespace then table; misplaced or misnamed files are errors. */
export async function findSchemaFiles(config: Pick<Config, "schemasDir" | "cwd" | "projectRoot">): Promise<SchemaFile[]> {
  const { schemasDir, cwd } = config;
  const within = confinedTo(config, schemasDir);
  const shown = (p: string) => displayPath(cwd, p);
  const errors: AlabError[] = [];
  const top = listProjectDir(schemasDir, within, (name) => IGNORED.test(name), errors);
  if (top === undefined) {
    throw new AlabError({
      code: "E_SCHEMAS_DIR_MISSING",
      message: `schema folder ${shown(schemasDir)} does not exist`,
      hint: "run `alab init` to create it, or point `schemas:` in alab.yaml (or ALAB_SCHEMAS_DIR) at your schema folder",
    });
  }
  const misplaced = (path: string, why: string) =>
    errors.push(
      new AlabError({
        code: "E_SCHEMA_PATH",
        message: `${why}: ${shown(path)}`,
        hint: "schema files live at schemas/<namespace>/<table>.js, or schemas/<table>.js for a table without a namespace (or .ts); names match ^[a-z_][a-z0-9_]*$",
        at: { file: shown(path) },
      }),
    );
  const files: SchemaFile[] = [];
  const rootSeen = new Map<string, string>();
  for (const ns of top) {
    if (ns.kind !== "dir") {
      // A file directly in schemas/ is a table without a namespace: schemas/users.js is `users`.
      if (!SOURCE.test(ns.name)) {
        misplaced(ns.path, "not a schema file (.js or .ts)");
        continue;
      }
      const name = ns.name.replace(SOURCE, "");
      if (!isIdentifier(name)) {
        misplaced(ns.path, `table name \`${name}\` is not a valid identifier`);
        continue;
      }
      const twin = rootSeen.get(name);
      if (twin !== undefined) {
        misplaced(ns.path, `table ${name} is defined twice (also ${shown(twin)})`);
        continue;
      }
      rootSeen.set(name, ns.path);
      files.push({ file: shown(ns.path), absolute: ns.path, ns: "", name });
      continue;
    }
    if (!isIdentifier(ns.name)) misplaced(ns.path, `namespace folder \`${ns.name}\` is not a valid identifier`);
    const seen = new Map<string, string>();
    for (const entry of listProjectDir(ns.path, within, (name) => IGNORED.test(name), errors) ?? []) {
      const path = entry.path;
      if (entry.kind === "dir") {
        misplaced(path, "schema folders are one level deep (schemas/<namespace>/<table>.js)");
        continue;
      }
      if (!SOURCE.test(entry.name)) {
        misplaced(path, "not a schema file (.js or .ts)");
        continue;
      }
      const name = entry.name.replace(SOURCE, "");
      if (!isIdentifier(name)) {
        misplaced(path, `table name \`${name}\` is not a valid identifier`);
        continue;
      }
      const twin = seen.get(name);
      if (twin !== undefined) {
        misplaced(path, `table ${ns.name}.${name} is defined twice (also ${shown(twin)})`);
        continue;
      }
      seen.set(name, path);
      files.push({ file: shown(path), absolute: path, ns: ns.name, name });
    }
  }
  throwAll(errors);
  return files;
}

function collect(errors: AlabError[], e: unknown): void {
  if (e instanceof AlabErrors) errors.push(...e.errors);
  else if (e instanceof AlabError) errors.push(e);
  else throw e;
}

export async function loadSchemas(config: Config): Promise<LoadedSchemas> {
  const files = await findSchemaFiles(config);
  const within = confinedTo(config, config.schemasDir);
  const errors: AlabError[] = [];
  const sources = files.flatMap((f) => {
    try {
      // A leading BOM is not part of the code (the files were once read with Bun.file().text(), which drops it).
      return [{ path: f.file, source: readProjectFile(f.absolute, within).replace(/^\uFEFF/, "") }];
    } catch (e) {
      collect(errors, e);
      return [];
    }
  });
  throwAll(errors);
  // Loaded here, not at the top: `--help` should not pay for the readers.
  const [{ evaluateFiles }, { isEngineLocated }, { interpretSchemaFile }, { buildSchema }] = await Promise.all([
    import("../../sandbox/files"),
    import("../../sandbox/failures"),
    import("../../dsl/schema/index"),
    import("../../model/normalize"),
  ]);
  const load = async (locations: boolean): Promise<LoadedSchemas> => {
    const logs: { file: string; line: string }[] = [];
    const defs: TableDef[] = await evaluateFiles(
      sources,
      "schema",
      config.sandbox,
      (ev, i) => {
        for (const line of ev.logs) logs.push({ file: ev.file, line });
        const f = files[i] as (typeof files)[number];
        return interpretSchemaFile(ev, f.ns, f.name);
      },
      locations,
    );
    return { schema: buildSchema(defs), files, logs };
  };
  // Locations only serve error messages for schema files, and recording one per DSL call is about
  // a third of QuickJS's time: a first pass goes without; when it fails, the same pass with
  // locations produces the same errors, now pointing at file:line:column.
  try {
    return await load(false);
  } catch (e) {
    const errors = e instanceof AlabErrors ? e.errors : e instanceof AlabError ? [e] : null;
    if (errors === null || errors.every((x) => isEngineLocated(x.code))) throw e;
    return await load(true);
  }
}

