/**
 * `alab rebase [--onto REF] [--move FILE]… [--dry]`: after a merge, this branch's migrations go
 * after REF's newest one (renumbered, their revision references rewritten), and the snapshot is
 * rebuilt by a replay of the folder as it will be. Which files are this branch's: those REF's
 * migrations folder does not have (git), or the ones named with --move (no git needed).
 *
 * The snapshot in the folder is never read: after a merge it may hold conflict markers, or either
 * side's version. Everything is planned, rewritten and replayed in memory first; only then are the
 * files changed, all or nothing (project/renumber.ts). Files only: the tracking table learns the
 * new numbers on the next migrate (database/renumbered.ts). The index is not touched either: the
 * output says what to stage.
 */
import { basename } from "node:path";
import { type Config, displayPath } from "../config";
import { AlabError, isAlabError } from "../errors";
import { emptySchema } from "../model/types";
import { canonicalSchema } from "../diff/canonical";
import { checksumOf, type MigrationFile, parseMigrationName, scanMigrationFiles, SNAPSHOT_FILE } from "./project/migration-files";
import { type Move, planRebase, rewrittenTexts } from "./project/rebase-plan";
import { defaultRef, openRepo, refMigrations, type Shipped, shippedOn } from "./project/ref-migrations";
import { unmergedFiles } from "./project/git";
import { applyFileChanges, type FileChange } from "./project/renumber";
import { loadMigrations, type NotReplayable, replayMigrations } from "./project/replay-migrations";
import { readSnapshotText, SNAPSHOT_FORMAT, snapshotText } from "./project/snapshot-file";
import { plural } from "./words";

export interface RebaseOptions {
  readonly onto?: string;
  /** `--move FILE`: rebase these files after the others, without git. */
  readonly move?: readonly string[];
  readonly dry: boolean;
}

export interface RebaseResult {
  /** What the files went after: REF (with why it was chosen), or the files not named by --move. */
  readonly onto: { readonly kind: "ref"; readonly ref: string; readonly why: string } | { readonly kind: "move" };
  /** The newest file that stays, which this branch's now follow. */
  readonly after: string | undefined;
  readonly moves: readonly Move[];
  /** Files (by their new name) whose up_revision/down_revision were rewritten. */
  readonly rewritten: readonly string[];
  /** The snapshot's new head; undefined when there are no migrations. */
  readonly head: string | undefined;
  readonly snapshotChanged: boolean;
  readonly dry: boolean;
  readonly notReplayable: readonly NotReplayable[];
}

interface Side {
  readonly onto: RebaseResult["onto"];
  readonly stays: ReadonlySet<string>;
  readonly newest: bigint;
  readonly after: string | undefined;
  /** Refuses files REF has shipped, given the ones about to be renumbered. */
  readonly shipped?: (files: readonly MigrationFile[]) => Promise<Shipped[]>;
}

const NO_GIT = "name the files to move: `alab rebase --move <file>`";

/** --move: the named files go after every other file. */
function named(config: Config, files: readonly MigrationFile[], names: readonly string[]): Side {
  const wanted = new Set(names.map((n) => basename(n)));
  const unknown = [...wanted].filter((n) => !files.some((f) => f.file === n));
  if (unknown.length > 0) {
    throw new AlabError({
      code: "E_REBASE_UNKNOWN_FILE",
      message: `--move names ${unknown.length === 1 ? "a file" : "files"} not in ${displayPath(config.cwd, config.migrationsDir)}: ${unknown.join(", ")}`,
      hint: `name migration files as they are in the folder (\`alab status\` lists them), e.g. \`alab rebase --move ${files[files.length - 1]?.file ?? "005_add_bio.js"}\``,
    });
  }
  const stays = new Set(files.filter((f) => !wanted.has(f.file)).map((f) => f.file));
  const last = files.filter((f) => stays.has(f.file)).at(-1);
  return { onto: { kind: "move" }, stays, newest: last?.order ?? 0n, after: last?.file };
}

async function fromGit(config: Config, files: readonly MigrationFile[], onto: string | undefined): Promise<Side> {
  const repo = await openRepo(config.cwd, NO_GIT, () =>
    new AlabError({ code: "E_REBASE_NO_GIT", message: `${config.cwd} is not inside a git repository, so alab cannot tell which migrations came from the other branch`, hint: `${NO_GIT} names them (e.g. \`alab rebase --move ${files[files.length - 1]?.file ?? "005_add_bio.js"}\`): they go after every other migration` }),
  );
  const chosen = onto === undefined ? await defaultRef(repo) : { ref: onto, why: "--onto" };
  const ref = await refMigrations(repo, config.migrationsDir, chosen.ref, chosen.why);
  const unmerged = (await unmergedFiles(repo, ref.dir)).filter((p) => basename(p) !== SNAPSHOT_FILE);
  if (unmerged.length > 0) {
    throw new AlabError({
      code: "E_REBASE_UNMERGED",
      message: `the merge left conflicts in ${plural(unmerged.length, "migration file")}: ${unmerged.map((p) => basename(p)).join(", ")}`,
      hint: `resolve the conflicts in those files (alab rebuilds only the snapshot), mark them resolved with \`git add ${unmerged.join(" ")}\`, then run \`alab rebase\` again`,
      details: unmerged,
    });
  }
  const inRef = new Set(ref.files.map((f) => f.file));
  return {
    onto: { kind: "ref", ref: ref.ref, why: ref.why },
    stays: new Set(files.filter((f) => inRef.has(f.file)).map((f) => f.file)),
    newest: ref.newest,
    after: ref.files[ref.files.length - 1]?.file,
    shipped: (moving) => shippedOn(ref, moving),
  };
}

function shippedError(shipped: readonly Shipped[], onto: string, shownOf: (file: string) => string): AlabError {
  const copy = shipped.find((s) => s.asRef !== undefined);
  return new AlabError({
    code: "E_REBASE_SHIPPED",
    message: `alab rebase would renumber ${plural(shipped.length, "migration")} that ${onto} has already shipped: ${shipped.map((s) => s.file).join(", ")}; nothing was changed`,
    details: shipped.map((s) => `${s.file}: ${s.why}`),
    hint:
      copy !== undefined
        ? `${onto} has ${copy.file} as ${copy.asRef}: remove the copy here (\`git rm ${shownOf(copy.file)}\`), then run \`alab rebase\` again`
        : `a shipped migration keeps its number. If ${onto} is not the branch you merged, name that one (\`alab rebase --onto <branch>\`); otherwise move the other migrations instead (\`alab rebase --move <file>\`)`,
  });
}

/** Replay errors say that nothing was changed. */
function unchanged(e: unknown): unknown {
  if (!isAlabError(e)) return e;
  return new AlabError({ code: e.code, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }), exit: e.exit, ...(e.at === undefined ? {} : { at: e.at }), details: [...e.details, "alab rebase changed nothing: the folder as it would be does not replay"], cause: e.cause });
}

export async function rebase(config: Config, opts: RebaseOptions): Promise<RebaseResult> {
  const { files } = await scanMigrationFiles(config);
  const side = opts.move !== undefined ? named(config, files, opts.move) : await fromGit(config, files, opts.onto);
  const plan = planRebase(files, side.stays, side.newest);
  const byName = new Map(files.map((f) => [f.file, f]));
  if (side.shipped !== undefined && plan.moves.length > 0 && side.onto.kind === "ref") {
    const shipped = await side.shipped(plan.moves.map((m) => byName.get(m.from) as MigrationFile));
    if (shipped.length > 0) throw shippedError(shipped, side.onto.ref, (file) => displayPath(config.cwd, byName.get(file)?.path ?? file));
  }
  const texts = rewrittenTexts(files, side.stays, plan, new Map(files.map((f) => [f.file, f.source])));
  // The folder as it will be; each file keeps the path it has now, where errors can point.
  const after = plan.order.map((o): MigrationFile => {
    const f = byName.get(o.was) as MigrationFile;
    const source = texts.get(o.was) ?? f.source;
    return { ...(parseMigrationName(o.file) as NonNullable<ReturnType<typeof parseMigrationName>>), file: o.file, path: f.path, source, checksum: checksumOf(source) };
  });
  let replayed: ReturnType<typeof replayMigrations>;
  try {
    replayed = replayMigrations(emptySchema, await loadMigrations(after, config));
  } catch (e) {
    throw unchanged(e);
  }
  const head = after[after.length - 1]?.file;
  const text = head === undefined ? undefined : snapshotText({ format: SNAPSHOT_FORMAT, head, schema: canonicalSchema(replayed.schema) });
  const snapshotChanged = text !== undefined && readSnapshotText(config) !== text;
  const changes: FileChange[] = plan.order
    .filter((o) => o.file !== o.was || texts.has(o.was))
    .map((o) => ({ from: o.was, to: { file: o.file, text: after.find((a) => a.file === o.file)?.source as string } }));
  if (!opts.dry && (changes.length > 0 || snapshotChanged)) await applyFileChanges(config, changes, snapshotChanged ? { text: text as string } : undefined);
  const rewritten = plan.order.filter((o) => texts.has(o.was)).map((o) => o.file);
  return { onto: side.onto, after: side.after, moves: plan.moves, rewritten, head, snapshotChanged, dry: opts.dry, notReplayable: replayed.notReplayable };
}
