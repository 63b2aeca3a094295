/**
 * `alab new <name>`: the schema files against the migrations' state (the snapshot, caught up with
 * any newer files), renames decided by flags or by a person, the next numbered migration written
 * with its snapshot. Nothing is written when nothing changed, and nothing half: the migration is
 * proved to read back as what was planned before either file is written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Config, displayPath } from "../config";
import { AlabError, isAlabError, EXIT } from "../errors";
import type { Schema } from "../model/types";
import type { Operation } from "../dsl/operations";
import type { MigrationDef } from "../dsl/migration/index";
import type { Change } from "../diff/changes";
import { canonicalSchema, sameSchema } from "../diff/canonical";
import { describeChange } from "../diff/describe";
import { diffSchemas, openRenameCandidates } from "../diff/diff";
import { notNullProblems, operationsFor } from "../diff/plan-ops";
import { withOnlineForms } from "../diff/online";
import { accept, candidateQuestion, noRenames, parseRenameFlag, type RenameCandidate, type Renames, withDeclined } from "../diff/renames";
import { replay } from "../diff/replay";
import { writeEmptyMigration, writeMigration } from "../codegen/write";
import { sameOps } from "../codegen/roundtrip";
import { nextMigrationFileName, snakeName } from "./project/migration-files";
import type { NotReplayable } from "./project/replay-migrations";
import { currentState } from "./project/current-state";
import { SNAPSHOT_FORMAT, writeSnapshot } from "./project/snapshot-file";

export interface GenerateOptions {
  readonly name: string;
  readonly empty?: boolean;
  /** `--rename` flags as given. */
  readonly renames?: readonly string[];
  /** `--yes`: undecided drop/add pairs are drops and adds. */
  readonly yes?: boolean;
  /** `--online` (or `generate.online` in alab.yaml): online forms for changes to existing tables. */
  readonly online?: boolean;
}

/** Asks a person a yes/no question; only given when stdin is a TTY. */
export type Ask = (question: string) => Promise<boolean>;

export type GenerateResult =
  | { readonly kind: "noChanges"; readonly notReplayable: readonly NotReplayable[] }
  | {
      readonly kind: "written";
      readonly path: string;
      readonly snapshotPath: string;
      readonly changes: readonly string[];
      readonly destructive: readonly string[];
      readonly notReplayable: readonly NotReplayable[];
    };

function undecided(candidates: readonly RenameCandidate[]): AlabError {
  const shown = candidates.slice(0, 20);
  return new AlabError({
    code: "E_RENAME_UNDECIDED",
    message: `${candidates.length === 1 ? "a dropped and an added name" : `${candidates.length} dropped and added names`} could be ${candidates.length === 1 ? "a rename" : "renames"}, and no one is here to ask`,
    hint: `say which with \`--rename ${candidates[0]?.flag ?? "ns.table.old=new"}\` (a column: ns.table.old=new; a table: ns.old=ns.new), or pass \`--yes\` to drop and add`,
    details: [...shown.map((c) => `${candidateQuestion(c)}  (--rename ${c.flag})`), ...(candidates.length > shown.length ? [`and ${candidates.length - shown.length} more`] : [])],
    exit: EXIT.usage,
  });
}

/** Decides every rename candidate: by flags, then by asking, else by --yes, else an error. */
export async function decideRenames(from: Schema, to: Schema, opts: GenerateOptions, ask?: Ask): Promise<Renames> {
  let renames = noRenames;
  for (const flag of opts.renames ?? []) renames = parseRenameFlag(renames, flag, from, to);
  for (;;) {
    const open = openRenameCandidates(from, to, renames);
    const first = open[0];
    if (first === undefined) return renames;
    if (opts.yes === true) {
      renames = open.reduce(withDeclined, renames);
      continue;
    }
    if (ask === undefined) throw undecided(open);
    renames = (await ask(candidateQuestion(first))) ? accept(renames, first) : withDeclined(renames, first);
  }
}

function internal(message: string, details: string[] = []): AlabError {
  return new AlabError({ code: "E_INTERNAL", message: `internal: ${message}`, hint: "this is a bug in alab; please report it with your schema files and migrations", details, exit: EXIT.runtime });
}

/** Table-level documentation and API metadata: carried only by `create_table`, ignored by the diff. */
function withoutTableDocs(s: Schema): Schema {
  const tables = Object.fromEntries(Object.entries(s.tables).map(([ref, t]) => {
    const { docs: _docs, deprecated: _deprecated, api: _api, ...rest } = t;
    return [ref, rest];
  }));
  return { tables };
}

const SANDBOX_LIMITS: ReadonlySet<string> = new Set(["E_SANDBOX_RECORDING", "E_SANDBOX_MEMORY", "E_SANDBOX_TIMEOUT"]);

function tooLarge(file: string, operations: number, e: AlabError): AlabError {
  return new AlabError({
    code: "E_GENERATE_TOO_LARGE",
    message: `the migration ${file} would hold ${operations} operations, more than one file can within the sandbox's limits (${e.code}: ${e.message}); nothing was written`,
    hint: "generate it in parts: add the schema files a few hundred tables at a time and run `alab new` after each; or raise the limits where alab runs (ALAB_SANDBOX_MEMORY_MB, ALAB_SANDBOX_TIMEOUT_MS), since `migrate` reads the file under them too",
  });
}

/** Reads the written text back (sandbox + migration DSL) and compares it with the plan. */
async function readsBack(config: Config, file: string, text: string, up: readonly Operation[], down: readonly Operation[]): Promise<void> {
  const [{ evaluateOne }, { interpretMigration }] = await Promise.all([import("../sandbox/files"), import("../dsl/migration/index")]);
  let def: MigrationDef;
  try {
    def = interpretMigration(await evaluateOne({ path: file, source: text }, "migration", config.sandbox));
  } catch (e) {
    // `migrate` reads the file under the same limits: a file past them must not be written.
    if (isAlabError(e) && SANDBOX_LIMITS.has(e.code)) throw tooLarge(file, up.length, e);
    throw internal(`the generated ${file} does not read back: ${(e as Error).message}`);
  }
  if (!sameOps(def.up.map((o) => o.value), up) || !sameOps((def.down ?? []).map((o) => o.value), down)) {
    throw internal(`the generated ${file} does not read back as the planned operations`);
  }
}

export async function generate(config: Config, opts: GenerateOptions, ask?: Ask): Promise<GenerateResult> {
  const name = snakeName(opts.name);
  const state = await currentState(config);
  const from = state.schema;
  const fileName = nextMigrationFileName(state.files, name);
  const path = join(config.migrationsDir, fileName);
  const shown = displayPath(config.cwd, path);

  let text: string;
  let next: Schema = from;
  let described: string[] = [];
  let destructive: string[] = [];
  if (opts.empty === true) {
    text = writeEmptyMigration(name);
  } else {
    const { loadSchemas } = await import("./project/load-schemas");
    const to = (await loadSchemas(config)).schema;
    const renames = await decideRenames(from, to, opts, ask);
    const changes: Change[] = diffSchemas(from, to, renames);
    if (changes.length === 0) return { kind: "noChanges", notReplayable: state.notReplayable };
    const notNull = notNullProblems(changes);
    if (notNull !== undefined) throw notNull;
    const planned = operationsFor(from, changes);
    const plan = opts.online === true ? withOnlineForms(planned) : planned;
    next = replay(from, plan.up);
    if (!sameSchema(withoutTableDocs(next), withoutTableDocs(to))) throw internal("the planned migration does not lead to the schema files' schema");
    if (!sameSchema(replay(next, plan.down), from)) throw internal("the planned down does not lead back to the snapshot");
    text = writeMigration(plan.up, plan.down, { name, destructive: plan.destructive });
    await readsBack(config, shown, text, plan.up, plan.down);
    described = changes.map(describeChange);
    destructive = [...plan.destructive.values()];
  }
  await mkdir(config.migrationsDir, { recursive: true });
  try {
    await writeFile(path, text, { flag: "wx" });
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") {
      throw new AlabError({ code: "E_MIGRATION_EXISTS", message: `${shown} already exists`, hint: "another process wrote it just now; run the command again" });
    }
    throw e;
  }
  const snapshotPath = await writeSnapshot(config, { format: SNAPSHOT_FORMAT, head: fileName, schema: canonicalSchema(next) });
  return { kind: "written", path, snapshotPath, changes: described, destructive, notReplayable: state.notReplayable };
}
